package io.evobserver.reliability;

import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.telemetry.SnapshotMetricProducer;
import io.evobserver.telemetry.VinLabels;
import io.evobserver.testing.FixedFetcher;
import io.evobserver.testing.RecordingSelfMetrics;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded mutation fuzzing for everything that turns outside bytes into our model (issue 8,
 * item 4). A target is "bytes in, snapshot out, or a classified {@link FetchException}"; the
 * harness mutates real fixtures (flips, cuts, splices, duplicated ranges, numbers swapped for
 * extreme ones) and demands that no other exception escapes and that every value the catalogue
 * would export is finite and in range (battery 0-100 %, coordinates on the globe).
 *
 * <p>Adding a vendor mapper is one line in {@link InputFuzzTest}: its fixtures and a lambda that
 * runs them through the mapper (or the fetcher against a stub). Reproduce a failure with the seed
 * and iteration printed in the assertion message.
 */
public final class InputFuzz {

    /** The code under test: bytes in, a snapshot out (or a classified failure). */
    @FunctionalInterface
    public interface Target {
        EVMetricData parse(byte[] input) throws Exception;
    }

    /** Which exceptions count as "handled" for a target, besides FetchException. */
    public record Case(String name, List<byte[]> seeds, Target target, List<Class<? extends Exception>> handled) {
    }

    private static final String[] EXTREMES = {"NaN", "-1", "1e309", "-1e309", "999999999999999999999", "0",
            "101", "-90.5", "181", "Infinity", "null", "\"\"", "1.7976931348623157E308", "-0"};

    /** Ranges the exported values must respect, by metric name. */
    private static final Map<String, double[]> RANGES = Map.of(
            "vehicle.battery.level", new double[] {0, 100},
            "vehicle.location.latitude", new double[] {-90, 90},
            "vehicle.location.longitude", new double[] {-180, 180},
            "charger.station.location.latitude", new double[] {-90, 90},
            "charger.station.location.longitude", new double[] {-180, 180});

    private InputFuzz() {
    }

    /** Runs {@code iterations} mutations of the case's seeds; fails on the first escape or bad value. */
    public static int run(Case c, long seed, int iterations) throws Exception {
        Random random = new Random(seed);
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        int parsed = 0;
        SnapshotMetricProducer snapshots = new SnapshotMetricProducer(InstrumentationScopeInfo.create("fuzz"));
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader)
                .registerMetricProducer(snapshots).build()) {
            FixedFetcher holder = new FixedFetcher(c.name());
            VehicleInstrumentor instrumentor = new VehicleInstrumentor(holder, PollingPolicy.DEFAULT,
                    new RecordingSelfMetrics(), Clock.systemUTC());
            instrumentor.registerInstruments(snapshots.registrar(VinLabels.plain()));
            for (int i = 0; i < iterations; i++) {
                byte[] base = c.seeds().get(random.nextInt(c.seeds().size()));
                byte[] input = mutate(base, random);
                String where = c.name() + " seed " + seed + " iteration " + i;
                EVMetricData data;
                try {
                    data = c.target().parse(input);
                } catch (FetchException e) {
                    assertThat(e.getMessage()).as(where + ": a one-line message").doesNotContain("\n");
                    continue;
                } catch (Exception e) {
                    if (c.handled().stream().anyMatch(h -> h.isInstance(e))) {
                        continue;
                    }
                    throw new AssertionError(where + ": unclassified " + e, e);
                } catch (StackOverflowError | OutOfMemoryError e) {
                    throw new AssertionError(where + ": " + e, e);
                }
                parsed++;
                holder.next = data;
                assertThat(instrumentor.refreshOnce()).as(where).isTrue();
                for (MetricData m : reader.collectAllMetrics()) {
                    double[] range = RANGES.get(m.getName());
                    for (PointData p : m.getData().getPoints()) {
                        double v = value(p);
                        assertThat(Double.isFinite(v)).as(where + ": " + m.getName() + " = " + v).isTrue();
                        if (range != null) {
                            assertThat(v).as(where + ": " + m.getName()).isBetween(range[0], range[1]);
                        }
                    }
                }
            }
        }
        return parsed;
    }

    private static double value(PointData p) {
        if (p instanceof io.opentelemetry.sdk.metrics.data.DoublePointData d) {
            return d.getValue();
        }
        if (p instanceof io.opentelemetry.sdk.metrics.data.LongPointData l) {
            return l.getValue();
        }
        return 0;
    }

    /** One to three random edits of a copy of {@code base}. */
    static byte[] mutate(byte[] base, Random random) {
        byte[] b = base.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b[at] = (byte) random.nextInt(256);                         // flip a byte
                case 1 -> b = java.util.Arrays.copyOf(b, at);                          // truncate
                case 2 -> {                                                            // delete a range
                    int len = Math.min(b.length - at, 1 + random.nextInt(64));
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + len, out, at, b.length - at - len);
                    b = out;
                }
                case 3 -> {                                                            // duplicate a range
                    int len = Math.min(b.length - at, 1 + random.nextInt(256));
                    byte[] out = new byte[b.length + len];
                    System.arraycopy(b, 0, out, 0, at + len);
                    System.arraycopy(b, at, out, at + len, b.length - at);
                    b = out;
                }
                case 4 -> b = replaceNumber(b, at, EXTREMES[random.nextInt(EXTREMES.length)]);
                default -> {                                                           // insert noise
                    byte[] noise = new byte[1 + random.nextInt(16)];
                    random.nextBytes(noise);
                    byte[] out = new byte[b.length + noise.length];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(noise, 0, out, at, noise.length);
                    System.arraycopy(b, at, out, at + noise.length, b.length - at);
                    b = out;
                }
            }
        }
        return b;
    }

    /** Replaces the number at or after {@code from} with {@code replacement} (text formats only). */
    private static byte[] replaceNumber(byte[] b, int from, String replacement) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?").matcher(s);
        if (!m.find(from) && !m.find(0)) {
            return b;
        }
        return (s.substring(0, m.start()) + replacement + s.substring(m.end())).getBytes(StandardCharsets.ISO_8859_1);
    }
}
