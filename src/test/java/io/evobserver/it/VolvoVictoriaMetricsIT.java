package io.evobserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.evobserver.auth.OAuthTokens;
import io.evobserver.auth.TokenStore;
import io.evobserver.telemetry.MetricCatalogue;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import io.evobserver.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code run --vehicle volvo --once} as a real process against a stubbed Volvo cloud (an electric
 * XC40 charging and a plug-in XC90 driving), exported over OTLP into a real VictoriaMetrics and
 * read back through its Prometheus API.
 */
class VolvoVictoriaMetricsIT {

    private static final String EV = "YV1XZEFV5R2100042";
    private static final String PHEV = "YV4H60CL0P1900077";
    private static VictoriaMetrics vm;
    private static StubServer stub;
    private static Path tokenFile;
    private static EvObserverProcess.Result run;

    @BeforeAll
    static void exportOnce() throws Exception {
        stub = StubServer.start();
        serve("/connected-vehicle/v2/vehicles", "vehicles_two.json");
        String cv = "/connected-vehicle/v2/vehicles/";
        serve(cv + EV, "ev_details.json");
        serve(cv + EV + "/doors", "ev_doors_locked_tailgate_ajar.json");
        serve(cv + EV + "/windows", "ev_windows_front_left_ajar.json");
        serve(cv + EV + "/odometer", "ev_odometer.json");
        serve(cv + EV + "/statistics", "ev_statistics.json");
        serve(cv + EV + "/tyres", "ev_tyres_rear_left_low.json");
        serve(cv + EV + "/warnings", "ev_warnings_low_beam_failure.json");
        serve(cv + EV + "/diagnostics", "ev_diagnostics_washer_low.json");
        serve("/energy/v2/vehicles/" + EV + "/state", "ev_energy_state_charging_ac.json");
        serve("/location/v1/vehicles/" + EV + "/location", "ev_location.json");
        serve(cv + PHEV, "phev_details.json");
        serve(cv + PHEV + "/fuel", "phev_fuel_strings.json");
        serve(cv + PHEV + "/statistics", "phev_statistics.json");
        serve(cv + PHEV + "/engine-status", "engine_status_running.json");
        serve("/energy/v2/vehicles/" + PHEV + "/state", "phev_energy_state_partial_errors.json");
        // the access token in the file has expired: the run must refresh it first
        stub.on("POST", "/as/token.oauth2").respondAlways(Response.fixture(200, "volvo/token_response.json"));

        tokenFile = TempDirs.create("volvo-it").resolve("volvo-token.json");
        new TokenStore("volvo", tokenFile).save(new OAuthTokens("expired-access", "rt-it", Instant.now().minusSeconds(60),
                "Bearer", null, Map.of(OAuthTokens.REFRESHED_AT, TextNode.valueOf(Instant.now().minusSeconds(600)
                .toString()))));

        vm = VictoriaMetrics.start();
        run = EvObserverProcess.run(Duration.ofSeconds(90),
                Map.of("EV_OBSERVER_VOLVO_CLIENT_SECRET", "it-secret", "EV_OBSERVER_VOLVO_API_KEY", "it-api-key"),
                "run", "--vehicle", "volvo", "--once", "--volvo-client-id", "it-client",
                "--api-base-url", stub.baseUri().toString(), "--auth-base-url", stub.baseUri().toString(),
                "--token-file", tokenFile.toString(), "--otlp-endpoint", vm.otlpEndpoint());
    }

    private static void serve(String path, String fixture) {
        stub.on("GET", path).respondAlways(Response.fixture(200, "volvo/" + fixture));
    }

    @AfterAll
    static void stop() throws Exception {
        if (vm != null) {
            vm.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    private static String name(String metric) {
        return MetricCatalogue.byName(metric).prometheusName();
    }

    @Test
    void runSucceedsAndRefreshedTheTokenWithTheKeyOnEveryCall() throws Exception {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).doesNotContain("it-secret", "it-api-key", "eyJ-access-ONE", "rt-rotating-ONE");
        assertThat(stub.requests("POST", "/as/token.oauth2")).hasSize(1);
        assertThat(stub.requests()).filteredOn(r -> r.method().equals("GET")).isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.header("vcc-api-key")).contains("it-api-key");
                    assertThat(r.header("Authorization")).contains("Bearer eyJ-access-ONE");
                });
        assertThat(Files.readString(tokenFile)).contains("rt-rotating-ONE");
    }

    @Test
    void electricCarReadingsArriveWithVehicleAttributes() throws Exception {
        JsonNode battery = vm.query(name("vehicle.battery.level") + "{vehicle_vin=\"" + EV + "\"}");
        assertThat(battery).hasSize(1);
        JsonNode labels = battery.get(0).path("metric");
        assertThat(labels.path("vehicle_brand").asText()).isEqualTo("volvo");
        assertThat(vm.query("vehicle_details{vehicle_vin=\"" + EV + "\"}").get(0).path("metric").path("vehicle_model").asText()).isEqualTo("XC40");
        assertThat(Double.parseDouble(battery.get(0).path("value").get(1).asText())).isEqualTo(64.0);

        String ev = "{vehicle_vin=\"" + EV + "\"";
        assertThat(vm.singleValue(name("vehicle.odometer") + ev + "}")).isEqualTo(24817);
        assertThat(vm.singleValue(name("vehicle.range.electric") + ev + "}")).isEqualTo(241);
        assertThat(vm.singleValue(name("vehicle.charging.power") + ev + "}")).isCloseTo(10_840, within(1e-6));
        assertThat(vm.singleValue(name("vehicle.charging.time_remaining") + ev + "}")).isEqualTo(6300);
        assertThat(vm.singleValue(name("vehicle.location.latitude") + ev + "}")).isEqualTo(49.60021);
        assertThat(vm.singleValue(name("vehicle.location.longitude") + ev + "}")).isEqualTo(6.13347);
        assertThat(vm.singleValue(name("vehicle.locked") + ev + "}")).isEqualTo(1);
        assertThat(vm.singleValue(name("vehicle.door.open") + ev + ",door=\"trunk\"}")).isEqualTo(1);
        assertThat(vm.singleValue(name("vehicle.door.open") + ev + ",door=\"front_left\"}")).isZero();
        assertThat(vm.singleValue(name("vehicle.window.open") + ev + ",window=\"front_left\"}")).isEqualTo(1);
        assertThat(vm.singleValue(name("vehicle.warnings") + ev + ",severity=\"high\"}")).isEqualTo(1);
        assertThat(vm.singleValue(name("vehicle.warnings") + ev + ",severity=\"low\"}")).isEqualTo(2);
        assertThat(vm.singleValue(name("vehicle.charging.state") + ev + ",state=\"charging\"}")).isEqualTo(1);
        assertThat(vm.singleValue(name("vehicle.charging.state") + ev + ",state=\"complete\"}")).isZero();
        assertThat(vm.singleValue(name("vehicle.state") + ev + ",state=\"charging\"}")).isEqualTo(1);
        assertThat(vm.query(name("vehicle.tire.pressure") + ev + "}")).as("Volvo gives no pressures").isEmpty();
    }

    @Test
    void plugInHybridSkipsFieldsInErrorAndDerivesTotalRange() throws Exception {
        String phev = "{vehicle_vin=\"" + PHEV + "\"";
        assertThat(vm.singleValue(name("vehicle.range.combined") + phev + "}")).isEqualTo(512);
        assertThat(vm.singleValue(name("vehicle.fuel.remaining") + phev + "}")).isEqualTo(41.6);
        assertThat(vm.singleValue(name("vehicle.battery.level") + phev + "}")).isEqualTo(97);
        assertThat(vm.singleValue(name("vehicle.charging.state") + phev + ",state=\"complete\"}")).isEqualTo(1);
        assertThat(vm.singleValue(name("vehicle.state") + phev + ",state=\"driving\"}")).isEqualTo(1);
        assertThat(vm.query(name("vehicle.charging.power") + phev + "}")).as("ERROR field: no series").isEmpty();
        assertThat(vm.query(name("vehicle.location.latitude") + phev + "}")).isEmpty();
    }
}
