package io.evobserver.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.testing.TempDirs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: the backend goes down and comes back at random, and ev-observer is killed with
 * SIGKILL at random moments and started again on the same buffer. Afterwards every sample of
 * every series is in VictoriaMetrics exactly once: no duplicates, every series has the same
 * sample times, and the only holes are at the kills (a process that is dead takes no samples).
 * Default run ~75 s; longer: {@code -Devobserver.chaos.seconds=600 -Devobserver.chaos.seed=N}.
 */
class RandomOutageIT {

    @Test
    void everySampleArrivesExactlyOnceThroughRandomOutagesAndKills() throws Exception {
        long seed = Long.getLong("evobserver.chaos.seed", System.nanoTime());
        int seconds = Integer.getInteger("evobserver.chaos.seconds", 45);
        Random random = new Random(seed);
        String environment = "chaos-" + UUID.randomUUID().toString().substring(0, 8);
        Path buffer = TempDirs.create("evo-chaos-buffer");
        Path log = Files.createTempFile("evo-chaos", ".log");
        Map<String, String> env = Map.of("EV_OBSERVER_BUFFER_DIR", buffer.toString(),
                "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=" + environment,
                "OTEL_EXPORTER_OTLP_TIMEOUT", "2000");
        VictoriaMetrics vm = VictoriaMetrics.start();
        String[] args = {"run", "--vehicle", "demo", "--demo-vehicles", "2", "--interval", "1s",
                "--export-interval", "1s", "--buffer-max-size", "5MB", "--otlp-endpoint", vm.otlpEndpoint()};
        List<Long> kills = new ArrayList<>();
        List<Long> killsWhileDown = new ArrayList<>();
        List<Long> backendStops = new ArrayList<>();
        List<String> schedule = new ArrayList<>();
        Daemon daemon = Daemon.start(log, env, args);
        boolean backendUp = true;
        long start = System.currentTimeMillis();
        try {
            Thread.sleep(4_000);
            while (System.currentTimeMillis() - start < seconds * 1000L) {
                Thread.sleep(1_500 + random.nextInt(4_000));
                if (random.nextInt(100) < 50) {
                    if (backendUp) {
                        backendStops.add(System.currentTimeMillis());
                        vm.stop();
                    } else {
                        vm = vm.restart();
                    }
                    backendUp = !backendUp;
                    schedule.add((System.currentTimeMillis() - start) + " ms: backend " + (backendUp ? "up" : "down"));
                } else {
                    kills.add(System.currentTimeMillis());
                    if (!backendUp) {
                        killsWhileDown.add(kills.get(kills.size() - 1));
                    }
                    daemon.kill();
                    schedule.add((System.currentTimeMillis() - start) + " ms: kill -9");
                    Thread.sleep(random.nextInt(1_500));
                    daemon = Daemon.start(log, env, args);
                }
            }
            if (!backendUp) {
                vm = vm.restart();
                schedule.add("end: backend up");
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (storedFiles(buffer) > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            Thread.sleep(2_000);
            daemon.stop();
            String context = "seed " + seed + ", schedule " + schedule + "\n" + Files.readString(log);
            assertThat(storedFiles(buffer)).as("backlog delivered\n" + context).isZero();
            check(vm, environment, kills, killsWhileDown, backendStops, context);
        } finally {
            if (daemon.isAlive()) {
                daemon.kill();
            }
            vm.close();
        }
    }

    private static long storedFiles(Path buffer) throws Exception {
        try (Stream<Path> files = Files.walk(buffer)) {
            return files.filter(f -> f.toString().endsWith(".otlp")).count();
        }
    }

    private static void check(VictoriaMetrics vm, String environment, List<Long> kills, List<Long> killsWhileDown,
                              List<Long> backendStops,
                              String context) throws Exception {
        List<JsonNode> all = vm.export("{deployment_environment=\"" + environment + "\"}");
        assertThat(all).as(context).isNotEmpty();
        for (JsonNode series : all) {
            Set<Long> seen = new HashSet<>();
            for (JsonNode t : series.path("timestamps")) {
                assertThat(seen.add(t.asLong())).as("sample at %s twice in %s\n%s", t, series.path("metric"), context)
                        .isTrue();
            }
        }
        // series every collection has, per car: the same sample times in each
        Map<String, List<Long>> stable = new TreeMap<>();
        for (JsonNode series : all) {
            String name = series.path("metric").path("__name__").asText();
            if (name.equals("vehicle_odometer_km") || name.equals("vehicle_battery_level_percent")
                    || name.equals("vehicle_location_latitude_deg")) {
                List<Long> ts = new ArrayList<>();
                series.path("timestamps").forEach(t -> ts.add(t.asLong()));
                ts.sort(null);
                stable.put(name + series.path("metric").path("vehicle_vin").asText(), ts);
            }
        }
        assertThat(stable).as(context).hasSize(6);
        List<Long> reference = stable.values().iterator().next();
        stable.forEach((name, ts) -> assertThat(ts).as("%s has every sample the others have\n%s", name, context)
                .isEqualTo(reference));
        long largestOrdinary = 0;
        String largestAt = "";
        for (int i = 1; i < reference.size(); i++) {
            long a = reference.get(i - 1);
            long b = reference.get(i);
            long gap = b - a;
            boolean killed = kills.stream().anyMatch(k -> a < k && k < b);
            // an export to a backend that is down takes the OTLP timeout (2 s, with the SDK's retries)
            // until the daemon knows it is down: after the backend stops, and after a restart while it
            // is down (a new process starts by sending directly; 2.9 s gaps measured under load)
            boolean unnoticedOutage = backendStops.stream().anyMatch(s -> a < s + 3_000 && s - 1_000 < b)
                    || killsWhileDown.stream().anyMatch(k -> a < k + 8_000 && k < b);
            // otherwise one export interval (1 s) plus the collection and scheduling delay of a loaded
            // 2-core CI machine. A restart with the backend up gets no extra time: its first export is
            // slow (0.3-0.7 s measured under load) and delays the next sample by that much; the 2.7 s and
            // 3.6 s gaps once seen after restarts also held an early export at start-up that made the SDK
            // drop the periodic one due meanwhile (1 s more), which intervals under 10 s no longer do
            long allowed = killed ? Long.MAX_VALUE : unnoticedOutage ? 5_000 : 3_500;
            assertThat(gap).as("hole between %d and %d\n%s", a, b, context).isLessThanOrEqualTo(allowed);
            if (!killed && !unnoticedOutage && gap > largestOrdinary) {
                largestOrdinary = gap;
                long sinceKill = kills.stream().filter(k -> k < b).mapToLong(k -> b - k).min().orElse(-1);
                largestAt = sinceKill < 0 ? "" : " (" + sinceKill + " ms after the last kill)";
            }
        }
        System.out.println("chaos: " + reference.size() + " samples per series, " + kills.size() + " kills, "
                + backendStops.size() + " backend stops, largest other gap " + largestOrdinary
                + " ms" + largestAt);
    }
}
