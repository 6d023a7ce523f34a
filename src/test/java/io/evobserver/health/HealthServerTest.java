package io.evobserver.health;

import io.evobserver.core.EVMetricData;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleId;
import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.telemetry.ExportStatus;
import io.evobserver.testing.FixedFetcher;
import io.evobserver.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class HealthServerTest {

    private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<ExportStatus> exports = new AtomicReference<>(
            new ExportStatus(true, Optional.empty(), Optional.empty()));
    private HealthServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private VehicleInstrumentor demoSource() {
        EVMetricData data = EVMetricData.ofVehicles("demo", clock.instant(),
                List.of(Vehicle.builder(VehicleId.of("V1", "demo")).build()));
        return new VehicleInstrumentor(new FixedFetcher("demo", data), PollingPolicy.DEFAULT, SelfMetrics.NOOP, clock);
    }

    @Test
    void readyOnlyOnceASourceRefreshedAndWhileExportsAreDeliveredOrWithinTheGrace() throws Exception {
        VehicleInstrumentor source = demoSource();
        Readiness readiness = new Readiness(List.of(source), exports::get, Duration.ofMinutes(10), clock);
        server = HealthServer.start("127.0.0.1", 0, readiness::check);

        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> before = get("/readyz");
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body()).isEqualTo("not ready: no source has refreshed yet\n");

        source.refreshOnce();
        HttpResponse<String> after = get("/readyz");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).startsWith("ready: demo refreshed 0 s ago; no export yet");

        Instant accepted = clock.instant();
        exports.set(new ExportStatus(true, Optional.of(accepted), Optional.empty()));
        clock.advance(Duration.ofMinutes(1));
        assertThat(get("/readyz").body()).contains("last export accepted 60 s ago");

        // the backend starts refusing: ready while the buffer still keeps what it refused
        exports.set(new ExportStatus(true, Optional.of(accepted), Optional.of(clock.instant())));
        clock.advance(Duration.ofMinutes(8));
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(2));
        HttpResponse<String> beyond = get("/readyz");
        assertThat(beyond.statusCode()).isEqualTo(503);
        assertThat(beyond.body()).contains("refused exports since " + accepted);
        assertThat(get("/healthz").statusCode()).as("alive all the same").isEqualTo(200);

        // one accepted export later, ready again
        exports.set(new ExportStatus(true, Optional.of(clock.instant()), Optional.of(clock.instant().minusSeconds(1))));
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void withoutAGraceOneRefusedExportIsEnoughAndNeverAcceptedCountsFromStartUp() throws Exception {
        VehicleInstrumentor source = demoSource();
        source.refreshOnce();
        Readiness strict = new Readiness(List.of(source), exports::get, Duration.ZERO, clock);
        exports.set(new ExportStatus(true, Optional.empty(), Optional.of(clock.instant())));
        assertThat(strict.check().ready()).isFalse();
        assertThat(strict.check().reason()).contains("since start-up");

        Readiness lenient = new Readiness(List.of(source), exports::get, Duration.ofMinutes(1), clock);
        assertThat(lenient.check().ready()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(lenient.check().ready()).isFalse();

        // no push exporter (console, prometheus): exports cannot fail
        exports.set(new ExportStatus(false, Optional.empty(), Optional.empty()));
        assertThat(strict.check()).isEqualTo(new Readiness.Verdict(true, "demo refreshed 60 s ago; no push exporter"));
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        server = HealthServer.start("127.0.0.1", 0, () -> new Readiness.Verdict(true, "x"));
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/healthz/extra").statusCode()).isEqualTo(404);
        assertThat(get("/metrics").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/readyz")).POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/healthz")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }
}
