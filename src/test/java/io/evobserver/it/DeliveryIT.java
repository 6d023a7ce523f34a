package io.evobserver.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.testing.TempDirs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: delivery at small buffer caps, after the cap was reached, and into a receiver that
 * refuses large requests. Real jar, real VictoriaMetrics; 1 s export intervals and short outages
 * so the whole class stays around a minute and a half.
 */
class DeliveryIT {

    private static Map<String, String> env(Path buffer, String environment) {
        return Map.of("EV_OBSERVER_BUFFER_DIR", buffer.toString(),
                "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=" + environment,
                "OTEL_EXPORTER_OTLP_TIMEOUT", "2000");
    }

    /** Sorted sample times of one series (the first match). */
    static List<Long> timestamps(VictoriaMetrics vm, String match) throws Exception {
        List<Long> ts = new ArrayList<>();
        for (JsonNode series : vm.export(match)) {
            series.path("timestamps").forEach(t -> ts.add(t.asLong()));
            break;
        }
        ts.sort(null);
        return ts;
    }

    static void assertNoDuplicates(VictoriaMetrics vm, String environment) throws Exception {
        for (JsonNode series : vm.export("{deployment_environment=\"" + environment + "\"}")) {
            Set<Long> seen = new HashSet<>();
            for (JsonNode t : series.path("timestamps")) {
                assertThat(seen.add(t.asLong())).as("sample at %s sent twice in %s", t, series.path("metric"))
                        .isTrue();
            }
        }
    }

    private static long count(List<Long> ts, long from, long to) {
        return ts.stream().filter(t -> t > from && t < to).count();
    }

    private static long largestGap(List<Long> ts) {
        long max = 0;
        for (int i = 1; i < ts.size(); i++) {
            max = Math.max(max, ts.get(i) - ts.get(i - 1));
        }
        return max;
    }

    /** The largest distance between neighbours, ignoring pairs that overlap {@code [from, to]}. */
    static long largestGapOutside(List<Long> ts, long from, long to) {
        long max = 0;
        for (int i = 1; i < ts.size(); i++) {
            if (ts.get(i) < from || ts.get(i - 1) > to) {
                max = Math.max(max, ts.get(i) - ts.get(i - 1));
            }
        }
        return max;
    }

    private static void await(long millis, java.util.concurrent.Callable<Boolean> done) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline && !done.call()) {
            Thread.sleep(500);
        }
    }

    /** Issue case 2: a 1 MB buffer, one car every second, a 15 s outage: every sample arrives. */
    @Test
    void aSmallBufferKeepsEverySampleOfAShortOutage() throws Exception {
        String environment = "small-" + UUID.randomUUID().toString().substring(0, 8);
        Path buffer = TempDirs.create("evo-small-buffer");
        Path log = Files.createTempFile("evo-small", ".log");
        String series = "vehicle_odometer_km{deployment_environment=\"" + environment + "\"}";
        VictoriaMetrics vm = VictoriaMetrics.start();
        Daemon daemon = null;
        try {
            daemon = Daemon.start(log, env(buffer, environment), "run", "--vehicle", "demo", "--interval", "1s",
                    "--export-interval", "1s", "--buffer-max-size", "1MB", "--otlp-endpoint", vm.otlpEndpoint());
            VictoriaMetrics first = vm;
            await(30_000, () -> timestamps(first, series).size() >= 2);
            vm.stop();
            long down = System.currentTimeMillis();
            Thread.sleep(15_000);
            vm = vm.restart();
            long up = System.currentTimeMillis();
            VictoriaMetrics second = vm;
            await(30_000, () -> count(timestamps(second, series), down, up) >= 14
                    && count(timestamps(second, series), up + 3_000, Long.MAX_VALUE) >= 2);
            List<Long> ts = timestamps(vm, series);
            String output = Files.readString(log);
            assertThat(count(ts, down, up)).as("samples taken during the 15 s outage\n" + output)
                    .isGreaterThanOrEqualTo(14);
            // while the backend shuts down an export can hang up to the OTLP timeout (2 s here), and
            // the SDK takes no sample meanwhile; that is not a lost sample, so that moment is left out
            assertThat(largestGapOutside(ts, down - 1_000, down + 3_500)).as("no hole: " + ts + "\n" + output)
                    .isLessThanOrEqualTo(2_500);
            assertNoDuplicates(vm, environment);
            assertThat(output).doesNotContain("dropp");
        } finally {
            if (daemon != null) {
                daemon.stop();
            }
            vm.close();
        }
    }

    /**
     * Issue cases 1 and 3: 20 cars every second into a 1 MB buffer; the outage outgrows it. The
     * oldest exports go, the newest stay, the drop is said once with a count, and delivery goes
     * on after the backend is back (no blackout until restart).
     */
    @Test
    void aFullBufferDropsTheOldestAndKeepsDelivering() throws Exception {
        String environment = "full-" + UUID.randomUUID().toString().substring(0, 8);
        Path buffer = TempDirs.create("evo-full-buffer");
        Path log = Files.createTempFile("evo-full", ".log");
        String series = "vehicle_odometer_km{deployment_environment=\"" + environment + "\"}";
        VictoriaMetrics vm = VictoriaMetrics.start();
        Daemon daemon = null;
        try {
            daemon = Daemon.start(log, env(buffer, environment), "run", "--vehicle", "demo", "--demo-vehicles", "20",
                    "--interval", "1s", "--export-interval", "1s", "--buffer-max-size", "1MB",
                    "--otlp-endpoint", vm.otlpEndpoint());
            VictoriaMetrics first = vm;
            await(30_000, () -> timestamps(first, series).size() >= 2);
            vm.stop();
            long down = System.currentTimeMillis();
            Thread.sleep(20_000);
            vm = vm.restart();
            long up = System.currentTimeMillis();
            Thread.sleep(12_000);
            List<Long> ts = timestamps(vm, series);
            String output = Files.readString(log);
            assertThat(count(ts, up + 2_000, Long.MAX_VALUE)).as("delivery goes on after the backend is back: "
                    + ts + "\n" + output).isGreaterThanOrEqualTo(7);
            List<Long> during = ts.stream().filter(t -> t > down && t < up).toList();
            assertThat(during).as("the newest samples of the outage are kept\n" + output).hasSizeGreaterThanOrEqualTo(2);
            assertThat(during.get(0)).as("the oldest of the outage were dropped, not the newest")
                    .isGreaterThan(down + 5_000);
            assertThat(up - during.get(during.size() - 1)).as("kept up to the end of the outage").isLessThan(3_000);
            assertThat(output).containsOnlyOnce("dropping the oldest unsent exports");
            assertThat(output).containsPattern("dropped \\d+ unsent export requests \\(full\\) taken between");
            assertThat(output).doesNotContain("Stream Closed");
            assertNoDuplicates(vm, environment);
        } finally {
            if (daemon != null) {
                daemon.stop();
            }
            vm.close();
        }
    }

    /**
     * Issue case 4: 800 cars make a ~5.6 MB collection (identity-only attributes); a receiver that refuses bodies over 4 MiB
     * (a default Collector's gRPC limit) gets it in several requests, all of it, at the defaults.
     */
    @Test
    void aLargeFleetIsSplitIntoRequestsAReceiverWithDefaultLimitsTakes() throws Exception {
        String environment = "split-" + UUID.randomUUID().toString().substring(0, 8);
        try (VictoriaMetrics vm = VictoriaMetrics.start();
             SizeLimitedReceiver receiver = new SizeLimitedReceiver(vm.base(), 4 << 20)) {
            EvObserverProcess.Result r = EvObserverProcess.run(Duration.ofSeconds(120),
                    Map.of("EV_OBSERVER_BUFFER_DIR", TempDirs.create("evo-split-buffer").toString(),
                            "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=" + environment),
                    "run", "--vehicle", "demo",
                    "--demo-vehicles", "800", "--once", "--otlp-endpoint", receiver.otlpEndpoint());
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(receiver.refused).as("nothing over the limit was sent").isEmpty();
            assertThat(receiver.accepted).as("one collection, several requests").hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(4 << 20));
            assertThat(receiver.accepted.stream().mapToLong(Integer::longValue).sum())
                    .as("the collection really was larger than one request may be").isGreaterThan(4L << 20);
            assertThat(vm.query("count(vehicle_odometer_km{deployment_environment=\"" + environment + "\"})")
                    .get(0).path("value").get(1).asInt()).as("every car arrived").isEqualTo(800);
            System.out.println("request sizes for 800 demo cars: " + receiver.accepted);
        }
    }
}
