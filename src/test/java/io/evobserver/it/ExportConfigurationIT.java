package io.evobserver.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the exporters are chosen and configured, proven against real receivers: the standard
 * OTEL_* variables, flags overriding them, the Prometheus scrape endpoint, and the last
 * export flushed on SIGTERM.
 */
class ExportConfigurationIT {

    private static VictoriaMetrics vm;

    @BeforeAll
    static void startBackend() throws Exception {
        vm = VictoriaMetrics.start();
    }

    @AfterAll
    static void stopBackend() throws Exception {
        if (vm != null) {
            vm.close();
        }
    }

    @Test
    void standardOtelVariablesChooseTheEndpointHeadersAndResource() throws Exception {
        EvObserverProcess.Result r = EvObserverProcess.run(Duration.ofSeconds(60), Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", vm.otlpEndpoint(),
                        "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=env-test",
                        "EV_OBSERVER_VEHICLE", "demo"),
                "run", "--once", "--seed", "101");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode series = vm.query("vehicle_battery_level_percent{deployment_environment=\"env-test\"}");
        assertThat(series).hasSize(1);
        assertThat(series.get(0).path("metric").path("service_name").asText()).isEqualTo("ev-observer");
    }

    @Test
    void aFlagOverridesTheVariable() throws Exception {
        EvObserverProcess.Result r = EvObserverProcess.run(Duration.ofSeconds(60), Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9/nowhere",
                        "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=flag-test"),
                "run", "--once", "--vehicle", "demo", "--seed", "102", "--otlp-endpoint", vm.otlpEndpoint());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(vm.query("vehicle_odometer_km{deployment_environment=\"flag-test\"}")).hasSize(1);
    }

    @Test
    void anUnreachableBackendMakesOnceFailWithExitOne() throws Exception {
        EvObserverProcess.Result r = EvObserverProcess.run(Duration.ofSeconds(120), Map.of(
                        "OTEL_EXPORTER_OTLP_TIMEOUT", "2000",
                        "OTEL_JAVA_EXPORTER_OTLP_RETRY_DISABLED", "true"),
                "run", "--once", "--vehicle", "demo", "--otlp-endpoint", "http://127.0.0.1:" + VictoriaMetrics.freePort());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("export failed");
    }

    @Test
    void prometheusExporterServesTheCatalogueForScraping() throws Exception {
        int port = VictoriaMetrics.freePort();
        Process p = EvObserverProcess.start(Map.of(), "run", "--vehicle", "demo", "--exporter", "prometheus",
                "--prometheus-port", Integer.toString(port), "--prometheus-host", "127.0.0.1");
        try {
            // HTTP/1.1 and a timeout: one run hung in this request with the default client (h2c upgrade)
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(java.time.Duration.ofSeconds(5)).build();
            String body = null;
            for (int i = 0; i < 100 && (body == null || !body.contains("vehicle_battery_level_percent")
                    || !body.contains("ev_observer_refresh_last_success_timestamp_seconds{")); i++) {
                try {
                    body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .timeout(java.time.Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.io.IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertThat(body).contains("vehicle_battery_level_percent{")
                    .contains("vehicle_brand=\"demo\"")
                    .contains("vehicle_state{") // the SDK's Prometheus exporter adds no _ratio for unit 1
                    .contains("ev_observer_refresh_last_success_timestamp_seconds{");
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theFirstExportFollowsTheFirstRefreshAndSigtermFlushesTheLast() throws Exception {
        // an export interval of an hour: only the export after the first refresh and the one at
        // shutdown can arrive
        Process p = EvObserverProcess.start(Map.of("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=sigterm"),
                "run", "--vehicle", "demo", "--seed", "103", "--export-interval", "1h", "--interval", "1s",
                "--otlp-endpoint", vm.otlpEndpoint());
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = err.readLine()) != null && !line.contains("polling demo")) {
            seen.append(line).append('\n');
        }
        assertThat(line).as(seen.toString()).isNotNull();
        assertThat(line).contains("otlp=http/protobuf " + vm.otlpEndpoint() + "/v1/metrics");
        String series = "vehicle_odometer_km{deployment_environment=\"sigterm\"}";
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (vm.queryNow(series).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(vm.export(series)).as("the export after the first refresh, not an hour later").hasSize(1)
                .allSatisfy(s -> assertThat(s.path("timestamps")).hasSize(1));
        Thread.sleep(2500); // a later refresh, so the last export carries a later point
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isIn(0, 143);
        // the backend shows a point a moment after it took it (seconds on a loaded machine)
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (vm.export(series).get(0).path("timestamps").size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(vm.export(series)).hasSize(1).allSatisfy(s -> assertThat(s.path("timestamps")).hasSize(2));
    }

    @Test
    void theHealthPortAnswersProbesReadyOnceDataFlowsAndNotWhenTheBackendRefusesIt() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Process ok = EvObserverProcess.start(Map.of(), "run", "--vehicle", "demo", "--export-interval", "1h",
                "--otlp-endpoint", vm.otlpEndpoint(), "--health-port", "0");
        int okPort = healthPort(ok);
        try {
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + okPort + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(awaitReadyz(http, okPort, 200, "ready: demo refreshed").body())
                    .startsWith("ready: demo refreshed");
        } finally {
            ok.destroy();
            ok.waitFor(30, TimeUnit.SECONDS);
        }
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Process refused = EvObserverProcess.start(Map.of(), "run", "--vehicle", "demo", "--export-interval", "1h",
                "--otlp-endpoint", "http://127.0.0.1:" + closed, "--no-buffer", "--ready-export-grace", "1s",
                "--health-port", "0");
        int refusedPort = healthPort(refused);
        try {
            // 503 at first too (no refresh yet), then 503 for the refused exports
            assertThat(awaitReadyz(http, refusedPort, 503, "refused exports since start-up").body())
                    .startsWith("not ready: the backend has refused exports since start-up");
        } finally {
            refused.destroy();
            refused.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Reads the start-up log until the health line and returns its port; stderr is drained from then on. */
    private static int healthPort(Process p) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = err.readLine()) != null) {
            seen.append(line).append('\n');
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("health: http://127\\.0\\.0\\.1:(\\d+)/healthz")
                    .matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        err.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no health line in:\n" + seen);
    }

    private static HttpResponse<String> awaitReadyz(HttpClient http, int port, int status, String says)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResponse<String> r;
        do {
            r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == status && r.body().contains(says)) {
                return r;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("/readyz never answered " + status + "; last: " + r.statusCode() + " " + r.body());
    }

    @Test
    void consoleShowsEachVehicleOnceWithItsReadingsUnderIt() throws Exception {
        EvObserverProcess.Result r = EvObserverProcess.run(Duration.ofSeconds(60), Map.of(),
                "run", "--once", "--vehicle", "demo", "--demo-vehicles", "2", "--exporter", "console");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).startsWith("# export at ");
        // readings under the identity, names and models once per vehicle under vehicle.details
        assertThat(r.stdout().lines().filter(l -> l.startsWith("vehicle.brand=demo vehicle.vin=")).count())
                .isEqualTo(2);
        assertThat(r.stdout().lines().filter(l -> l.equals("  vehicle.details 1 {vehicle}")).count()).isEqualTo(2);
        assertThat(r.stdout()).containsPattern("\\n  vehicle\\.battery\\.level [0-9.]+ %\\n")
                .containsPattern("\\n  vehicle\\.state\\{state=[a-z]+} 1 \\{state}\\n")
                .doesNotContain("vehicle.state{state=driving} 0");
    }

    @Test
    void exporterNoneRefreshesAndExportsNothing() throws Exception {
        EvObserverProcess.Result r = EvObserverProcess.run(Duration.ofSeconds(60), Map.of(),
                "run", "--once", "--vehicle", "demo", "--exporter", "none");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("exporters=none");
    }
}
