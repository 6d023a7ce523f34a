package io.evobserver.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableDoublePointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableGaugeData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class DiskBufferedExporterTest {

    @TempDir
    Path dir;

    /** A backend that can be switched off; remembers the gauge values it accepted, in order. */
    static class Backend implements MetricExporter {
        volatile boolean up;
        final List<Double> accepted = new CopyOnWriteArrayList<>();
        volatile int refused;

        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            if (!up) {
                refused++;
                return CompletableResultCode.ofFailure();
            }
            List<Double> values = new java.util.ArrayList<>();
            metrics.forEach(m -> m.getDoubleGaugeData().getPoints().forEach(p -> values.add(p.getValue())));
            accepted.addAll(values); // one copy per request, not per point
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }
    }

    private static List<MetricData> batch(double value) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return List.of(ImmutableMetricData.createDoubleGauge(Resource.getDefault(),
                InstrumentationScopeInfo.create("test"), "vehicle.odometer", "", "km",
                ImmutableGaugeData.create(List.of(ImmutableDoublePointData.create(now, now,
                        Attributes.empty(), value)))));
    }

    private BufferSettings settings() {
        return new BufferSettings(dir, BufferSettings.DEFAULT_MAX_BYTES, BufferSettings.DEFAULT_MAX_AGE);
    }

    @Test
    void exportsKeptDuringAnOutageSurviveARestartAndArriveInOrder() {
        Backend backend = new Backend();
        MetricExporter first = DiskBufferedExporter.wrap(backend, settings());
        assertThat(first).isInstanceOf(DiskBufferedExporter.class);
        for (int i = 1; i <= 5; i++) {
            assertThat(first.export(batch(i)).isSuccess()).as("written to disk").isTrue();
        }
        assertThat(first.flush().isSuccess()).as("backend down: not delivered").isFalse();
        assertThat(backend.refused).isPositive();
        first.shutdown();
        assertThat(backend.accepted).isEmpty();

        backend.up = true;
        DiskBufferedExporter second = (DiskBufferedExporter) DiskBufferedExporter.wrap(backend, settings());
        second.export(batch(6));
        assertThat(second.deliverAll(Duration.ofSeconds(20))).isTrue();
        assertThat(backend.accepted).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
        assertThat(second.hasStoredData()).isFalse();
        second.shutdown();
    }

    @Test
    void whileTheBackendTakesExportsTheyGoStraightThereAndABacklogKeepsItsPlace() {
        Backend backend = new Backend();
        backend.up = true;
        DiskBufferedExporter buffered = (DiskBufferedExporter) DiskBufferedExporter.wrap(backend, settings());

        assertThat(buffered.export(batch(1)).isSuccess()).isTrue();
        assertThat(backend.accepted).as("sent by export itself, not later by the forwarder").containsExactly(1.0);
        assertThat(buffered.hasStoredData()).as("nothing written to disk").isFalse();

        backend.up = false;
        assertThat(buffered.export(batch(2)).isSuccess()).as("refused, so kept on disk").isTrue();
        assertThat(buffered.hasStoredData()).isTrue();
        backend.up = true;
        buffered.export(batch(3)); // a backlog is waiting: 3 goes behind it, not around it
        assertThat(buffered.deliverAll(Duration.ofSeconds(20))).isTrue();
        assertThat(backend.accepted).containsExactly(1.0, 2.0, 3.0);

        buffered.export(batch(4));
        assertThat(backend.accepted).as("backlog gone: direct again").containsExactly(1.0, 2.0, 3.0, 4.0);
        assertThat(buffered.hasStoredData()).isFalse();
        buffered.shutdown();
    }

    @Test
    void theForwarderDeliversOnItsOwnWhenTheBackendComesBack() throws Exception {
        Backend backend = new Backend();
        DiskBufferedExporter buffered = (DiskBufferedExporter) DiskBufferedExporter.wrap(backend, settings());
        buffered.export(batch(1));
        buffered.export(batch(2));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (backend.refused == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(backend.refused).as("forwarder tried while down").isPositive();
        backend.up = true;
        while (backend.accepted.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(backend.accepted).containsExactly(1.0, 2.0);
        buffered.shutdown();
    }

    @Test
    void aSecondProcessOnTheSameFolderRunsUnbuffered() {
        Backend backend = new Backend();
        MetricExporter first = DiskBufferedExporter.wrap(backend, settings());
        MetricExporter second = DiskBufferedExporter.wrap(backend, settings());
        assertThat(first).isInstanceOf(DiskBufferedExporter.class);
        assertThat(second).isInstanceOf(SplittingExporter.class);
        first.shutdown();
    }

    @Test
    void theFolderIsPrivate() throws Exception {
        Path nested = dir.resolve("state/buffer");
        MetricExporter e = DiskBufferedExporter.wrap(new Backend(),
                new BufferSettings(nested, BufferSettings.DEFAULT_MAX_BYTES, BufferSettings.DEFAULT_MAX_AGE));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(nested)))
                .isEqualTo("rwx------");
        e.shutdown();
    }

    @Test
    void retryDelaysGrowWithJitterUpToAMinute() {
        assertThat(DiskBufferedExporter.retryDelay(1).toMillis()).isBetween(800L, 1200L);
        assertThat(DiskBufferedExporter.retryDelay(3).toMillis()).isBetween(3200L, 4800L);
        assertThat(DiskBufferedExporter.retryDelay(50).toMillis()).isBetween(48_000L, 72_000L);
    }

    @Test
    void sizesParse() {
        assertThat(BufferSettings.parseSize("50MB")).isEqualTo(50L << 20);
        assertThat(BufferSettings.parseSize("1.5 gb")).isEqualTo((long) (1.5 * (1L << 30)));
        assertThat(BufferSettings.parseSize("4096")).isEqualTo(4096);
        assertThat(BufferSettings.defaultDir(java.util.Map.of(), "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/state/ev-observer/buffer"));
        assertThat(BufferSettings.defaultDir(java.util.Map.of("XDG_STATE_HOME", "/s"), "/home/u"))
                .isEqualTo(Path.of("/s/ev-observer/buffer"));
    }

    @Test
    void anExportBiggerThanOneFileIsStoredInPiecesAndArrivesWhole() {
        Backend backend = new Backend();
        // 8 MB budget: files of 1.6 MB; 40 metrics of 2,000 points each are a few MB
        DiskBufferedExporter buffered = (DiskBufferedExporter) DiskBufferedExporter.wrap(backend,
                new BufferSettings(dir, BufferSettings.MIN_BYTES * 8, BufferSettings.DEFAULT_MAX_AGE));
        List<MetricData> big = new java.util.ArrayList<>();
        long now = System.currentTimeMillis() * 1_000_000L;
        for (int m = 0; m < 40; m++) {
            List<io.opentelemetry.sdk.metrics.data.DoublePointData> points = new java.util.ArrayList<>();
            for (int v = 0; v < 2000; v++) {
                points.add(ImmutableDoublePointData.create(now, now, Attributes.of(
                        io.opentelemetry.api.common.AttributeKey.stringKey("vehicle.vin"), "VIN" + v), m));
            }
            big.add(ImmutableMetricData.createDoubleGauge(Resource.getDefault(),
                    InstrumentationScopeInfo.create("test"), "metric." + m, "", "1", ImmutableGaugeData.create(points)));
        }
        assertThat(buffered.export(big).isSuccess()).isTrue();
        assertThat(backend.accepted).as("nothing sent around the buffer while the backend is down").isEmpty();
        backend.up = true;
        assertThat(buffered.deliverAll(Duration.ofSeconds(20))).isTrue();
        assertThat(backend.accepted).hasSize(40 * 2000);
        buffered.shutdown();
    }

    /** A batch of {@code points} points (~60 bytes each), all carrying {@code value}. */
    private static List<MetricData> wide(double value, int points) {
        long now = System.currentTimeMillis() * 1_000_000L;
        List<io.opentelemetry.sdk.metrics.data.DoublePointData> ps = new java.util.ArrayList<>();
        for (int v = 0; v < points; v++) {
            ps.add(ImmutableDoublePointData.create(now, now, Attributes.of(
                    io.opentelemetry.api.common.AttributeKey.stringKey("vehicle.vin"), "VIN" + v), value));
        }
        return List.of(ImmutableMetricData.createDoubleGauge(Resource.getDefault(),
                InstrumentationScopeInfo.create("test"), "vehicle.odometer", "", "km", ImmutableGaugeData.create(ps)));
    }

    @Test
    void aFullBufferDropsTheOldestKeepsTakingNewExportsAndDeliversThemWhenTheBackendIsBack() throws Exception {
        Backend backend = new Backend();
        var log = LogCapture.of(DiskBufferedExporter.class);
        // 1 MB: requests are cut to 128 KB so the buffer holds several; each export is ~100 KB
        DiskBufferedExporter buffered = (DiskBufferedExporter) DiskBufferedExporter.wrap(backend,
                new BufferSettings(dir, BufferSettings.MIN_BYTES, BufferSettings.DEFAULT_MAX_AGE), "http x");
        for (int i = 1; i <= 40; i++) {
            assertThat(buffered.export(wide(i, 2000)).isSuccess()).isTrue();
        }
        assertThat(buffered.dropped().get("full")).as("the cap was reached").isPositive();
        backend.up = true;
        assertThat(buffered.deliverAll(Duration.ofSeconds(20))).isTrue();
        List<Double> values = backend.accepted.stream().distinct().toList();
        assertThat(values).as("the newest exports, in order, ending with the last one").isNotEmpty()
                .isSorted().endsWith(40.0);
        assertThat(values.get(0)).as("the oldest went first").isGreaterThan(1.0);
        assertThat(backend.accepted).as("every kept export whole").hasSize(values.size() * 2000);
        long droppedExports = 40 - values.size();
        assertThat(droppedExports).isPositive();
        // and the buffer keeps working after its cap: a second outage is stored and delivered too
        backend.up = false;
        buffered.export(wide(41, 2000));
        backend.up = true;
        assertThat(buffered.deliverAll(Duration.ofSeconds(20))).isTrue();
        assertThat(backend.accepted).endsWith(41.0);
        buffered.shutdown();
        String text = log.text();
        assertThat(text).containsOnlyOnce("dropping the oldest unsent exports because the buffer reached "
                + "--buffer-max-size");
        assertThat(text).containsOnlyOnce("export buffer: dropped ");
        assertThat(text).containsPattern("dropped \\d+ unsent export requests \\(full\\) taken between .* \\(\\d+ s\\)");
        log.close();
    }

    @Test
    void aFullDiskDropsTheOldestSaysSoWithTheRightHintAndNeverClaimsToKeepWhatItLost() throws Exception {
        Backend backend = new Backend();
        var log = LogCapture.of(DiskBufferedExporter.class);
        // a "disk" of 300 KB under a 50 MB budget: writes fail like ENOSPC once it is full
        long[] used = {0};
        Path folder = dir.resolve(DiskBufferedExporter.folderName("http x"));
        ExportStore.FileWriter smallDisk = (file, body) -> {
            long onDisk;
            try (var files = Files.list(folder)) {
                onDisk = files.filter(f -> f.toString().endsWith(ExportStore.SUFFIX)).mapToLong(f -> f.toFile().length())
                        .sum();
            }
            if (onDisk + body.length > 300_000) {
                throw new java.io.IOException("No space left on device");
            }
            Files.write(file, body);
        };
        DiskBufferedExporter buffered = (DiskBufferedExporter) DiskBufferedExporter.wrap(backend, settings(),
                "http x", smallDisk);
        assertThat(buffered.export(wide(1, 1000)).isSuccess()).as("export 1 kept").isTrue();
        // let the forwarder's first retry of export 1 fail and release it: a request being sent is
        // never evicted, so the disk must fill while the forwarder waits out its backoff (>= 0.8 s)
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (backend.refused < 2 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        Thread.sleep(50);
        for (int i = 2; i <= 10; i++) {
            assertThat(buffered.export(wide(i, 1000)).isSuccess()).as("export %d kept", i).isTrue();
        }
        assertThat(buffered.dropped().get("write_failed")).isPositive();
        assertThat(buffered.undeliveredNote()).contains("are kept in").contains("could not be kept");
        backend.up = true;
        assertThat(buffered.deliverAll(Duration.ofSeconds(20))).isTrue();
        assertThat(backend.accepted.stream().distinct().toList()).isSorted().endsWith(10.0)
                .doesNotContain(1.0);
        buffered.shutdown();
        assertThat(log.text()).contains("No space left on device").contains("free space on that disk")
                .doesNotContain("--buffer-max-size (");
        log.close();
    }

    @Test
    void nothingKeptMeansTheNoteSaysSo() throws Exception {
        Backend backend = new Backend();
        ExportStore.FileWriter broken = (file, body) -> {
            throw new java.io.IOException("No space left on device");
        };
        DiskBufferedExporter buffered = (DiskBufferedExporter) DiskBufferedExporter.wrap(backend, settings(),
                "http x", broken);
        assertThat(buffered.export(batch(1)).isSuccess()).as("neither sent nor kept").isFalse();
        assertThat(buffered.undeliveredNote()).doesNotContain("kept in").contains("could not be kept");
        buffered.shutdown();
    }

    @Test
    void exportsStoredForOneEndpointAreNotSentToAnotherAndTheRunSaysSo() throws Exception {
        Backend a = new Backend();
        MetricExporter first = DiskBufferedExporter.wrap(a, settings(), "http/protobuf http://a:4318/v1/metrics");
        first.export(batch(1));
        first.shutdown();

        Backend b = new Backend();
        b.up = true;
        var log = LogCapture.of(DiskBufferedExporter.class);
        DiskBufferedExporter second = (DiskBufferedExporter) DiskBufferedExporter.wrap(b, settings(),
                "http/protobuf http://b:4318/v1/metrics");
        second.export(batch(2));
        assertThat(second.deliverAll(Duration.ofSeconds(5))).isTrue();
        second.shutdown();
        assertThat(b.accepted).containsExactly(2.0);
        assertThat(log.text()).containsOnlyOnce("holds 1 unsent exports for another endpoint "
                + "(http/protobuf http://a:4318/v1/metrics)");
        log.close();

        a.up = true;
        DiskBufferedExporter again = (DiskBufferedExporter) DiskBufferedExporter.wrap(a, settings(),
                "http/protobuf http://a:4318/v1/metrics");
        assertThat(again.deliverAll(Duration.ofSeconds(5))).isTrue();
        assertThat(a.accepted).as("left for its own endpoint").containsExactly(1.0);
        again.shutdown();
    }

    @Test
    void aLargeExportIsSentAsSeveralRequestsEachUnderTheLimitInOrder() {
        List<Long> sizes = new CopyOnWriteArrayList<>();
        Backend backend = new Backend() {
            @Override
            public CompletableResultCode export(Collection<MetricData> metrics) {
                sizes.add(OtlpRequests.encodedSize(metrics));
                return super.export(metrics);
            }
        };
        backend.up = true;
        MetricExporter buffered = DiskBufferedExporter.wrap(backend, new BufferSettings(dir,
                BufferSettings.DEFAULT_MAX_BYTES, BufferSettings.DEFAULT_MAX_AGE, 64 * 1024), "http x");
        assertThat(buffered.export(wide(7, 5000)).isSuccess()).isTrue();
        assertThat(sizes).hasSizeGreaterThan(3).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(64 * 1024));
        assertThat(backend.accepted).hasSize(5000);
        buffered.shutdown();
    }
}
