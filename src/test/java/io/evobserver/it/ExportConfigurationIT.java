package io.evobserver.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
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
            HttpClient http = HttpClient.newHttpClient();
            String body = null;
            for (int i = 0; i < 100 && (body == null || !body.contains("vehicle_battery_level_percent")
                    || !body.contains("ev_observer_refresh_last_success_timestamp_seconds{")); i++) {
                try {
                    body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .build(), HttpResponse.BodyHandlers.ofString()).body();
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
    void sigtermFlushesTheLastExportBeforeExiting() throws Exception {
        // an export interval of an hour: the only export that can arrive is the one at shutdown
        Process p = EvObserverProcess.start(Map.of("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=sigterm"),
                "run", "--vehicle", "demo", "--seed", "103", "--export-interval", "1h",
                "--otlp-endpoint", vm.otlpEndpoint());
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = err.readLine()) != null && !line.contains("polling demo")) {
            seen.append(line).append('\n');
        }
        assertThat(line).as(seen.toString()).isNotNull();
        Thread.sleep(1500); // let the first refresh land
        assertThat(vm.queryNow("vehicle_odometer_km{deployment_environment=\"sigterm\"}")).isEmpty();
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isIn(0, 143);
        assertThat(vm.query("vehicle_odometer_km{deployment_environment=\"sigterm\"}")).hasSize(1);
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
