package io.evobserver.telemetry;

import io.evobserver.it.VictoriaMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableDoublePointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableGaugeData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.evobserver.testing.TempDirs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures how long a backlog takes to drain into a real VictoriaMetrics: an outage of
 * {@code evobserver.drain.minutes} (default 60) at one export per {@code evobserver.drain.interval}
 * seconds (default 60) for {@code evobserver.drain.cars} cars, stored as the buffer stores it, then
 * sent by the buffer's forwarder. A measurement, not a check: runs only when the cars property is
 * set, e.g. {@code mvn -B verify -Dit.test=BacklogDrainIT -Dtest=skip -Devobserver.drain.cars=1000}.
 * Each car carries 50 gauges with the demo's identity attributes (~10 KB per car per export).
 */
class BacklogDrainIT {

    private static final AttributeKey<String> VIN = AttributeKey.stringKey("vehicle.vin");

    @Test
    void drainTime() throws Exception {
        Integer cars = Integer.getInteger("evobserver.drain.cars");
        Assumptions.assumeTrue(cars != null, "set -Devobserver.drain.cars=N to measure");
        int minutes = Integer.getInteger("evobserver.drain.minutes", 60);
        int interval = Integer.getInteger("evobserver.drain.interval", 60);
        int exports = minutes * 60 / interval;
        Path dir = TempDirs.create("evo-drain");
        try (VictoriaMetrics vm = VictoriaMetrics.start()) {
            String endpoint = "http/protobuf " + vm.otlpEndpoint() + "/v1/metrics";
            BufferSettings settings = new BufferSettings(dir, BufferSettings.LIMIT_BYTES, Duration.ofDays(1));
            ExportStore store = new ExportStore(dir.resolve(DiskBufferedExporter.folderName(endpoint)),
                    settings.maxBytes());
            long start = System.currentTimeMillis() - minutes * 60_000L;
            long requests = 0;
            for (int e = 0; e < exports; e++) {
                long at = start + e * interval * 1000L;
                for (List<MetricData> request : OtlpRequests.split(fleet(cars, at), settings.requestLimit())) {
                    assertThat(store.append(request, at).stored()).isTrue();
                    requests++;
                }
            }
            long bytes = store.bytes();
            OtlpHttpMetricExporter http = OtlpHttpMetricExporter.builder()
                    .setEndpoint(vm.otlpEndpoint() + "/v1/metrics").build();
            long t0 = System.nanoTime();
            DiskBufferedExporter buffered = (DiskBufferedExporter) DiskBufferedExporter.wrap(http, settings, endpoint);
            assertThat(buffered.deliverAll(Duration.ofMinutes(30))).isTrue();
            double seconds = (System.nanoTime() - t0) / 1e9;
            buffered.shutdown();
            double samples = vm.singleValue("count(count_over_time({__name__=~\"drain_.*\"}[" + (minutes + 5) + "m]))");
            System.out.printf("drain: %d cars, %d min outage at %d s: %d exports, %d requests, %.1f MB, "
                    + "drained in %.1f s (%.1f MB/s), %d series in VictoriaMetrics%n", cars, minutes, interval, exports,
                    requests, bytes / 1e6, seconds, bytes / 1e6 / seconds, (long) samples);
            assertThat((long) samples).isEqualTo(cars * 50L);
        }
    }

    private static List<MetricData> fleet(int cars, long atMillis) {
        long nanos = atMillis * 1_000_000L;
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "ev-observer",
                AttributeKey.stringKey("service.version"), "0.1.0-SNAPSHOT")));
        List<MetricData> metrics = new ArrayList<>();
        for (int m = 0; m < 50; m++) {
            List<DoublePointData> points = new ArrayList<>(cars);
            for (int c = 0; c < cars; c++) {
                points.add(ImmutableDoublePointData.create(nanos, nanos, Attributes.of(
                        VIN, String.format("DEMEV%012d", c),
                        AttributeKey.stringKey("vehicle.name"), "Demo car " + c,
                        AttributeKey.stringKey("vehicle.brand"), "demo",
                        AttributeKey.stringKey("vehicle.model"), "Demo EV 60"), m * 1.5 + c));
            }
            metrics.add(ImmutableMetricData.createDoubleGauge(resource, InstrumentationScopeInfo.create("io.evobserver"),
                    "drain.metric_" + m, "a gauge", "1", ImmutableGaugeData.create(points)));
        }
        return metrics;
    }
}
