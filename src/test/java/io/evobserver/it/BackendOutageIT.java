package io.evobserver.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.testing.TempDirs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, item 1: the backend goes away for a while, ev-observer is restarted in between, the
 * backend comes back, and every sample the daemon took in that time arrives, with its own
 * timestamp. Against the real VictoriaMetrics binary and the real jar.
 */
class BackendOutageIT {

    private static final long EXPORT_MS = 2_000;
    private static final String SERIES = "vehicle_odometer_km{deployment_environment=\"outage\"}";

    @Test
    void noSampleIsLostWhileTheBackendIsDownAndEvObserverRestarts() throws Exception {
        Path buffer = TempDirs.create("evo-outage-buffer");
        Path log = Files.createTempFile("evo-outage", ".log");
        VictoriaMetrics vm = VictoriaMetrics.start();
        Map<String, String> env = Map.of(
                "EV_OBSERVER_BUFFER_DIR", buffer.toString(),
                "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=outage",
                "OTEL_EXPORTER_OTLP_TIMEOUT", "2000");
        String[] args = {"run", "--vehicle", "demo", "--seed", "201", "--interval", "1s",
                "--export-interval", EXPORT_MS + "ms", "--otlp-endpoint", vm.otlpEndpoint()};
        Process second = null;
        try {
            Process first = startLogged(env, args, log);
            awaitSamples(vm, 2, 30_000);
            Thread.sleep(3_000);

            vm.stop();
            long down = System.currentTimeMillis();
            Thread.sleep(10_000);

            first.destroy(); // SIGTERM: the last collection goes to the buffer too
            assertThat(first.waitFor(40, TimeUnit.SECONDS)).isTrue();
            long restartedAt = System.currentTimeMillis();
            second = startLogged(env, args, log);
            Thread.sleep(8_000);

            vm = vm.restart();
            long up = System.currentTimeMillis();
            List<Long> ts = List.of();
            long deadline = System.currentTimeMillis() + 40_000;
            while (System.currentTimeMillis() < deadline) {
                ts = timestamps(vm);
                if (!ts.isEmpty() && ts.get(ts.size() - 1) > up + EXPORT_MS && largestGapOutside(ts, restartedAt)
                        <= 2 * EXPORT_MS + 1_000) {
                    break;
                }
                Thread.sleep(500);
            }
            String output = Files.readString(log);
            assertThat(ts).as(output).isNotEmpty();
            assertThat(ts.stream().filter(t -> t > down && t < restartedAt).count())
                    .as("samples the first process took while the backend was down\n" + output)
                    .isGreaterThanOrEqualTo(4);
            assertThat(ts.stream().filter(t -> t > restartedAt && t < up).count())
                    .as("samples the second process took before the backend was back\n" + output)
                    .isGreaterThanOrEqualTo(2);
            assertThat(largestGapOutside(ts, restartedAt))
                    .as("one sample per export interval across the outage: " + ts + "\n" + output)
                    .isLessThanOrEqualTo(2 * EXPORT_MS + 1_000);
            assertThat(gapAround(ts, restartedAt)).as("the restart itself (JVM start + one interval)")
                    .isLessThanOrEqualTo(15_000);
            assertThat(output).contains("sending metrics kept in " + buffer);
        } finally {
            if (second != null) {
                second.destroy();
                second.waitFor(40, TimeUnit.SECONDS);
            }
            vm.close();
        }
    }

    private static Process startLogged(Map<String, String> env, String[] args, Path log) throws IOException {
        Process p = EvObserverProcess.start(env, args);
        p.getOutputStream().close();
        Thread t = new Thread(() -> {
            try (var in = p.getErrorStream(); var out = Files.newOutputStream(log,
                    java.nio.file.StandardOpenOption.APPEND)) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // process gone
            }
        });
        t.setDaemon(true);
        t.start();
        Thread d = new Thread(() -> {
            try (var in = p.getInputStream()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // process gone
            }
        });
        d.setDaemon(true);
        d.start();
        return p;
    }

    private static void awaitSamples(VictoriaMetrics vm, int n, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (timestamps(vm).size() < n) {
            assertThat(System.currentTimeMillis()).as("first samples arrive").isLessThan(deadline);
            Thread.sleep(300);
        }
    }

    private static List<Long> timestamps(VictoriaMetrics vm) throws Exception {
        List<Long> ts = new ArrayList<>();
        for (JsonNode series : vm.export(SERIES)) {
            series.path("timestamps").forEach(t -> ts.add(t.asLong()));
        }
        ts.sort(null);
        return ts;
    }

    /** The largest distance between neighbouring samples, ignoring the pair around {@code instant}. */
    private static long largestGapOutside(List<Long> ts, long instant) {
        long max = 0;
        for (int i = 1; i < ts.size(); i++) {
            if (!(ts.get(i - 1) <= instant && ts.get(i) >= instant)) {
                max = Math.max(max, ts.get(i) - ts.get(i - 1));
            }
        }
        return max;
    }

    private static long gapAround(List<Long> ts, long instant) {
        for (int i = 1; i < ts.size(); i++) {
            if (ts.get(i - 1) <= instant && ts.get(i) >= instant) {
                return ts.get(i) - ts.get(i - 1);
            }
        }
        return Long.MAX_VALUE;
    }
}
