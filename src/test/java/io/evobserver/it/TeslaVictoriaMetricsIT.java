package io.evobserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
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
 * {@code run --vehicle tesla --tesla-energy --once} as a real process against a stubbed Fleet API
 * (one Model Y charging, one Model 3 asleep, a Powerwall site with solar), exported over OTLP into
 * a real VictoriaMetrics and read back.
 */
class TeslaVictoriaMetricsIT {

    private static final String CHARGING = "XP7YGCEK5RB000042";
    private static final String ASLEEP = "5YJ3E7EB0KF000077";
    private static final String SITE = "2252100000000042";
    private static VictoriaMetrics vm;
    private static StubServer stub;
    private static Path tokenFile;
    private static EvObserverProcess.Result run;

    @BeforeAll
    static void exportOnce() throws Exception {
        stub = StubServer.start();
        stub.on("GET", "/api/1/vehicles").respondAlways(Response.json(200, "{\"response\":["
                + "{\"id\":29846200000000042,\"vin\":\"" + CHARGING + "\",\"display_name\":\"Blue Lightning\",\"state\":\"online\"},"
                + "{\"id\":29846200000000077,\"vin\":\"" + ASLEEP + "\",\"display_name\":\"Red Rocket\",\"state\":\"asleep\"}"
                + "],\"count\":2}"));
        stub.on("GET", "/api/1/vehicles/" + CHARGING + "/vehicle_data")
                .respondAlways(Response.fixture(200, "tesla/vehicle_data_charging.json"));
        stub.on("GET", "/api/1/products").respondAlways(Response.fixture(200, "tesla/products_vehicle_and_energy.json"));
        stub.on("GET", "/api/1/energy_sites/" + SITE + "/live_status")
                .respondAlways(Response.fixture(200, "tesla/live_status.json"));
        // the access token in the file has expired: the run must refresh it first
        stub.on("POST", "/oauth2/v3/token").respondAlways(Response.fixture(200, "tesla/token_response.json"));

        tokenFile = TempDirs.create("tesla-it").resolve("tesla-token.json");
        new TokenStore("tesla", tokenFile).save(new OAuthTokens("expired-access", "EU_rt-it", Instant.now()
                .minusSeconds(60), "Bearer", null, Map.of()));

        vm = VictoriaMetrics.start();
        run = EvObserverProcess.run(Duration.ofSeconds(90), Map.of("EV_OBSERVER_TESLA_CLIENT_SECRET", "it-secret"),
                "run", "--vehicle", "tesla", "--tesla-energy", "--once", "--tesla-client-id", "it-client", "--tesla-region", "eu",
                "--api-base-url", stub.baseUri().toString(), "--auth-base-url", stub.baseUri().toString(),
                "--token-file", tokenFile.toString(), "--otlp-endpoint", vm.otlpEndpoint());
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
    void runSucceedsRefreshedTheTokenAndNeverWokeTheSleepingCar() throws Exception {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).doesNotContain("it-secret", "EU_3d1f0c9a", "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9");
        assertThat(stub.requests("POST", "/oauth2/v3/token")).hasSize(1);
        assertThat(stub.requests("GET", "/api/1/vehicles/" + ASLEEP + "/vehicle_data")).isEmpty();
        assertThat(stub.requests("POST", "/api/1/vehicles/" + ASLEEP + "/wake_up")).isEmpty();
        assertThat(Files.readString(tokenFile)).contains("EU_3d1f0c9a");
    }

    @Test
    void chargingCarReadingsArriveConvertedWithVehicleAttributes() throws Exception {
        JsonNode battery = vm.query(name("vehicle.battery.level") + "{vehicle_vin=\"" + CHARGING + "\"}");
        assertThat(battery).hasSize(1);
        JsonNode labels = battery.get(0).path("metric");
        assertThat(labels.path("vehicle_brand").asText()).isEqualTo("tesla");
        assertThat(vm.query("vehicle_details{vehicle_vin=\"" + CHARGING + "\"}").get(0).path("metric").path("vehicle_model").asText()).isEqualTo("Model Y 74D");
        assertThat(vm.query("vehicle_details{vehicle_vin=\"" + CHARGING + "\"}").get(0).path("metric").path("vehicle_name").asText()).isEqualTo("Blue Lightning");
        assertThat(Double.parseDouble(battery.get(0).path("value").get(1).asText())).isEqualTo(64.0);

        String car = "{vehicle_vin=\"" + CHARGING + "\"";
        assertThat(vm.singleValue(name("vehicle.range.electric") + car + "}")).isCloseTo(319.31, within(0.01));
        assertThat(vm.singleValue(name("vehicle.odometer") + car + "}")).isCloseTo(29649.9, within(0.05));
        assertThat(vm.singleValue(name("vehicle.charging.power") + car + "}")).isEqualTo(11_000);
        assertThat(vm.singleValue(name("vehicle.charging.time_remaining") + car + "}")).isEqualTo(3900);
        assertThat(vm.singleValue(name("vehicle.tire.pressure") + car + ",tire=\"front_left\"}")).isCloseTo(2.875, within(1e-9));
        assertThat(vm.singleValue(name("vehicle.charging.state") + car + ",state=\"charging\"}")).isEqualTo(1);
        assertThat(vm.singleValue(name("vehicle.state") + car + ",state=\"charging\"}")).isEqualTo(1);
        assertThat(vm.singleValue(name("vehicle.location.latitude") + car + "}")).isEqualTo(49.611742);
    }

    @Test
    void powerwallSiteFlowsArriveInKilowattsWithTheSiteAttributes() throws Exception {
        // live_status gives W and Wh; the catalogue wants kW and kWh, grid import positive
        JsonNode solar = vm.query(name("energy.solar.power") + "{energy_site_id=\"" + SITE + "\"}");
        assertThat(solar).hasSize(1);
        assertThat(solar.get(0).path("metric").path("energy_site_name").asText()).isEqualTo("Home");
        assertThat(Double.parseDouble(solar.get(0).path("value").get(1).asText())).isCloseTo(240, within(1e-6));
        String site = "{energy_site_id=\"" + SITE + "\"}";
        assertThat(vm.singleValue(name("energy.grid.power") + site)).isCloseTo(-130, within(1e-6));
        assertThat(vm.singleValue(name("energy.load.power") + site)).isCloseTo(1_930, within(1e-6));
        assertThat(vm.singleValue(name("energy.battery.level") + site)).isCloseTo(60.15, within(1e-9));
        assertThat(vm.singleValue(name("energy.battery.remaining") + site)).isCloseTo(8.1205 * 3.6e6, within(1e-3));
        assertThat(stub.requests("GET", "/api/1/energy_sites/" + SITE + "/live_status")).hasSize(1);
        assertThat(vm.query(name("energy.solar.power") + "{energy_site_id=\"2252100000000077\"}"))
                .as("a lone Wall Connector site is not exported").isEmpty();
    }

    @Test
    void sleepingCarIsReportedAsleepAndTheCostIsCounted() throws Exception {
        assertThat(vm.singleValue(name("vehicle.state") + "{vehicle_vin=\"" + ASLEEP + "\",state=\"asleep\"}")).isEqualTo(1);
        assertThat(vm.query(name("vehicle.battery.level") + "{vehicle_vin=\"" + ASLEEP + "\"}")).isEmpty();
        assertThat(vm.singleValue("sum(" + name("ev_observer.api.cost") + "{vendor=\"tesla\"})")).isCloseTo(0.002, within(1e-9));
    }
}
