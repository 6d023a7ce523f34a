package io.evobserver.telemetry;

import io.evobserver.core.EVMetricData;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.Signal;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleId;
import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.testing.FixedFetcher;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same car reported by two sources (two accounts, or one source configured twice) as the
 * built-in Prometheus endpoint serves it: equal label sets used to fail the whole scrape with
 * HTTP 500.
 */
class PrometheusDuplicateIdentitiesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static VehicleInstrumentor refreshed(double level, Instant reportedAt) throws Exception {
        Vehicle car = Vehicle.builder(VehicleId.of("5YJ3E1EA7KF000001", "tesla").withModel("Model 3"))
                .set(Signal.BATTERY_LEVEL, level).reportedAt(reportedAt).build();
        VehicleInstrumentor i = new VehicleInstrumentor(new FixedFetcher("tesla",
                EVMetricData.ofVehicles("tesla", NOW, List.of(car))), PollingPolicy.DEFAULT, SelfMetrics.NOOP, CLOCK);
        assertThat(i.refreshOnce()).isTrue();
        return i;
    }

    @Test
    void twoSourcesWithTheSameVinAreScrapedAsOneSeries() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SnapshotMetricProducer producer = new SnapshotMetricProducer(InstrumentationScopeInfo.create("io.evobserver"));
        PrometheusHttpServer server = PrometheusHttpServer.builder().setHost("127.0.0.1").setPort(port).build();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(server)
                .registerMetricProducer(producer).build();
             VehicleInstrumentor older = refreshed(60, NOW.minusSeconds(300));
             VehicleInstrumentor newer = refreshed(70, NOW.minusSeconds(30))) {
            older.registerInstruments(producer.registrar(VinLabels.plain()));
            newer.registerInstruments(producer.registrar(VinLabels.plain()));

            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            List<String> level = Arrays.stream(r.body().split("\n"))
                    .filter(l -> l.startsWith("vehicle_battery_level")).toList();
            assertThat(level).hasSize(1);
            assertThat(level.get(0)).contains("vehicle_vin=\"5YJ3E1EA7KF000001\"").endsWith(" 70.0");
            assertThat(r.body().lines().filter(l -> l.startsWith("ev_observer_refresh_last_success_timestamp")))
                    .hasSize(1);
        }
    }
}
