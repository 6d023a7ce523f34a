package io.evobserver.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.Signal;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleId;
import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.http.JsonHttpClient;
import io.evobserver.telemetry.OtelSelfMetrics;
import io.evobserver.telemetry.SnapshotMetricProducer;
import io.evobserver.telemetry.VinLabels;
import io.evobserver.testing.MutableClock;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, item 2: every kind of vendor fault, over real HTTP, through the real daemon loop
 * ({@link VehicleInstrumentor#start}), the real HTTP client and the real SDK instruments. After
 * each fault the loop has scheduled its next run (it kept running), the wait grew with jitter
 * (or honoured Retry-After), {@code ev_observer.refresh.errors} counted it with the right reason,
 * the last good snapshot is still exported and {@code vehicle.data.age} kept growing; the first
 * good answer afterwards recovers without help.
 */
class VendorFaultsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String GOOD = "{\"vin\":\"FAULTY0000000001\",\"soc\":81,\"odometer\":12345.5,"
            + "\"reported_at\":\"2026-11-23T09:59:30Z\"}";
    private static final String BETTER = "{\"vin\":\"FAULTY0000000001\",\"soc\":79,\"odometer\":12399.0,"
            + "\"reported_at\":\"%s\"}";

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final SnapshotMetricProducer snapshots = new SnapshotMetricProducer(InstrumentationScopeInfo.create("test"));
    private final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader)
            .registerMetricProducer(snapshots).build();
    private final Meter meter = provider.get("test");
    private final OtelSelfMetrics selfMetrics = new OtelSelfMetrics(meter);
    private final StubServer stub = StubServer.start();
    private final RecordingScheduler scheduler = new RecordingScheduler();

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
        stub.close();
        provider.close();
    }

    /** A vendor client of the smallest kind: one GET, one vehicle. */
    private final class FaultyVendorFetcher extends AbstractVehicleFetcher {
        Supplier<URI> base = stub::baseUri;
        final JsonHttpClient http = JsonHttpClient.builder("faulty", stub.baseUri())
                .requestTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500))
                .selfMetrics(selfMetrics).clock(clock).build();

        FaultyVendorFetcher() {
            super("faulty");
        }

        @Override
        public EVMetricData refresh() throws FetchException {
            JsonNode json = http.withBaseUri(base.get()).get("/vehicle", "/vehicle", Map.of());
            if (!json.path("vin").isTextual() || !json.path("soc").isNumber()) {
                throw new FetchException(FetchException.Reason.PARSE, "faulty /vehicle: unexpected shape");
            }
            Vehicle v = Vehicle.builder(VehicleId.of(json.path("vin").asText(), "faulty"))
                    .set(Signal.BATTERY_LEVEL, json.path("soc").asDouble())
                    .set(Signal.ODOMETER, json.path("odometer").asDouble())
                    .reportedAt(Instant.parse(json.path("reported_at").asText()))
                    .build();
            return EVMetricData.ofVehicles("faulty", clock.instant(), List.of(v));
        }
    }

    /** Runs nothing by itself: records what the loop scheduled, and the test runs it. */
    private static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
        final List<Runnable> tasks = new ArrayList<>();
        final List<Duration> delays = new ArrayList<>();

        RecordingScheduler() {
            super(1);
        }

        @Override
        public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            tasks.add(command);
            delays.add(Duration.ofNanos(unit.toNanos(delay)));
            return super.schedule(() -> { }, 365, TimeUnit.DAYS);
        }

        /** Runs the one pending task, as the executor would after its delay, and returns the next delay. */
        synchronized Duration runNext() {
            assertThat(tasks).as("the loop scheduled its next run").hasSize(1);
            Runnable task = tasks.remove(0);
            delays.clear();
            task.run();
            assertThat(tasks).as("the loop scheduled again after this run (it keeps running)").hasSize(1);
            return delays.get(0);
        }
    }

    @Test
    void everyFaultIsSurvivedCountedBackedOffAndRecoveredFrom() throws Exception {
        FaultyVendorFetcher fetcher = new FaultyVendorFetcher();
        VehicleInstrumentor instrumentor = new VehicleInstrumentor(fetcher, PollingPolicy.DEFAULT, selfMetrics, clock);
        instrumentor.registerInstruments(snapshots.registrar(VinLabels.plain()));
        instrumentor.start(scheduler, e -> {
            throw new AssertionError("no fault here needs a login: " + e.getMessage());
        });

        var route = stub.on("GET", "/vehicle");
        route.respond(200, GOOD);
        Duration normal = scheduler.runNext();
        assertThat(instrumentor.consecutiveFailures()).isZero();
        assertThat(value("vehicle.odometer")).isEqualTo(12345.5);
        double age = value("vehicle.data.age");
        assertThat(age).isEqualTo(30.0);

        try (RawServer truncating = RawServer.truncatingBody(); ServerSocket closed = new ServerSocket(0)) {
            int closedPort = closed.getLocalPort();
            closed.close(); // nobody listens there any more: connection refused
            Map<String, Runnable> faults = new LinkedHashMap<>();
            faults.put("network", () -> route.respond(Response.json(200, GOOD).delayed(Duration.ofSeconds(3))));
            faults.put("network ", () -> fetcher.base = () -> URI.create("http://127.0.0.1:" + closedPort));
            faults.put("unavailable", () -> route.respond(500, "{\"error\":\"internal\"}"));
            faults.put("unavailable ", () -> route.respond(Response.text(502, "text/html",
                    "<html><body><h1>502 Bad Gateway</h1></body></html>")));
            faults.put("unavailable  ", () -> route.respond(Response.empty(503)));
            faults.put("rate_limited", () -> route.respond(Response.json(429, "{}").withHeader("Retry-After", "900")));
            faults.put("rate_limited ", () -> route.respond(Response.json(429, "{\"error\":\"slow down\"}")));
            faults.put("parse", () -> route.respond(200, GOOD.substring(0, 25)));
            faults.put("network  ", () -> fetcher.base = () -> URI.create("http://127.0.0.1:" + truncating.port()));
            faults.put("parse ", () -> route.respond(Response.text(200, "text/html; charset=utf-8",
                    "<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Back soon</body></html>")));
            faults.put("parse  ", () -> route.respond(Response.text(200, "text/plain", GOOD)));
            faults.put("parse   ", () -> route.respond(200, "{\"vin\":\"FAULTY0000000001\",\"soc\":\"lots\"}"));
            faults.put("parse    ", () -> route.respond(200, "[]"));

            int failures = 0;
            Map<String, Long> expectedErrors = new LinkedHashMap<>();
            for (Map.Entry<String, Runnable> fault : faults.entrySet()) {
                fetcher.base = stub::baseUri;
                fault.getValue().run();
                Duration wait = scheduler.runNext();
                failures++;
                String reason = fault.getKey().trim();
                expectedErrors.merge(reason, 1L, Long::sum);
                String step = "fault #" + failures + " (" + reason + ")";
                assertThat(instrumentor.consecutiveFailures()).as(step).isEqualTo(failures);
                assertThat(instrumentor.lastError().orElseThrow().reason().label()).as(step).isEqualTo(reason);
                long base = Math.min(Duration.ofSeconds(15).toMillis() << (failures - 1),
                        Duration.ofMinutes(30).toMillis());
                if (fault.getKey().equals("rate_limited")) {
                    assertThat(wait).as(step + " honours Retry-After").isGreaterThanOrEqualTo(Duration.ofSeconds(900));
                } else {
                    assertThat(wait.toMillis()).as(step + " backs off exponentially with +-20 % jitter")
                            .isBetween((long) (base * 0.8), (long) (base * 1.2));
                }
                assertThat(errors()).as(step + " counted").isEqualTo(expectedErrors);
                assertThat(value("vehicle.odometer")).as(step + " keeps the last good snapshot").isEqualTo(12345.5);
                assertThat(value("vehicle.battery.level")).as(step).isEqualTo(81.0);
                clock.advance(wait);
                double older = value("vehicle.data.age");
                assertThat(older).as(step + " data ages").isGreaterThan(age);
                age = older;
            }

            fetcher.base = stub::baseUri;
            route.respond(200, BETTER.formatted(clock.instant().minusSeconds(5)));
            Duration afterRecovery = scheduler.runNext();
            assertThat(instrumentor.consecutiveFailures()).isZero();
            assertThat(afterRecovery).as("back to the normal schedule").isEqualTo(normal);
            assertThat(value("vehicle.odometer")).isEqualTo(12399.0);
            assertThat(value("vehicle.data.age")).isEqualTo(5.0);
            assertThat(errors()).as("no error counted for the recovery").isEqualTo(expectedErrors);
        }
    }

    @Test
    void backoffIsJitteredSoRestartedDaemonsDoNotRetryInStep() throws Exception {
        StubServer.Route route = stub.on("GET", "/vehicle");
        route.respondAlways(Response.empty(503));
        Set<Duration> firstWaits = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            VehicleInstrumentor instrumentor = new VehicleInstrumentor(new FaultyVendorFetcher(), PollingPolicy.DEFAULT,
                    selfMetrics, clock);
            assertThat(instrumentor.refreshOnce()).isFalse();
            firstWaits.add(instrumentor.nextDelay());
        }
        assertThat(firstWaits).as("20 daemons hitting the same outage wait different times").hasSizeGreaterThan(10);
    }

    private double value(String metric) {
        for (MetricData m : reader.collectAllMetrics()) {
            if (m.getName().equals(metric)) {
                return m.getDoubleGaugeData().getPoints().iterator().next().getValue();
            }
        }
        throw new AssertionError(metric + " not exported");
    }

    private Map<String, Long> errors() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (MetricData m : reader.collectAllMetrics()) {
            if (m.getName().equals("ev_observer.refresh.errors")) {
                m.getLongSumData().getPoints().forEach(p -> {
                    assertThat(p.getAttributes().get(AttributeKey.stringKey("vendor"))).isEqualTo("faulty");
                    byReason.put(p.getAttributes().get(AttributeKey.stringKey("reason")), p.getValue());
                });
            }
        }
        // in the order of first occurrence, like the expectation
        return byReason;
    }

    /** A raw HTTP peer that promises a longer body than it sends, then hangs up. */
    private static final class RawServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;

        private RawServer(ServerSocket socket) {
            this.socket = socket;
            this.thread = new Thread(this::serve, "truncating-server");
            thread.setDaemon(true);
            thread.start();
        }

        static RawServer truncatingBody() throws IOException {
            return new RawServer(new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress()));
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[8192];
                    in.read(buf); // the request; its content does not matter
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"
                            + GOOD.substring(0, 30)).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
