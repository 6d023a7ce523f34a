package io.evobserver.it;

import static io.evobserver.it.VictoriaMetrics.seriesName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.auth.OAuthTokens;
import io.evobserver.auth.TokenStore;
import io.evobserver.testing.StubServer.Response;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code run --vehicle tesla --tesla-energy --once} as a real process against a stubbed Fleet API
 * (one Model Y charging, one Model 3 asleep, a Powerwall site with solar), exported over OTLP into
 * a real VictoriaMetrics and read back.
 */
class TeslaVictoriaMetricsIT {

    private static final String CHARGING = "XP7YGCEK5RB000042";
    private static final String ASLEEP = "5YJ3E7EB0KF000077";
    private static final String SITE = "2252100000000042";
    @RegisterExtension
    static final VendorExportRig rig = new VendorExportRig("tesla");
    private static EvObserverProcess.Result run;

    @BeforeAll
    static void exportOnce() throws Exception {
        rig.cloud.on("GET", "/api/1/vehicles").respondAlways(Response.json(200, "{\"response\":["
                + "{\"id\":29846200000000042,\"vin\":\"" + CHARGING + "\",\"display_name\":\"Blue Lightning\",\"state\":\"online\"},"
                + "{\"id\":29846200000000077,\"vin\":\"" + ASLEEP + "\",\"display_name\":\"Red Rocket\",\"state\":\"asleep\"}"
                + "],\"count\":2}"));
        rig.cloud.on("GET", "/api/1/vehicles/" + CHARGING + "/vehicle_data")
                .respondAlways(Response.fixture(200, "tesla/vehicle_data_charging.json"));
        rig.cloud.on("GET", "/api/1/products").respondAlways(Response.fixture(200, "tesla/products_vehicle_and_energy.json"));
        rig.cloud.on("GET", "/api/1/energy_sites/" + SITE + "/live_status")
                .respondAlways(Response.fixture(200, "tesla/live_status.json"));
        // the access token in the file has expired: the run must refresh it first
        rig.cloud.on("POST", "/oauth2/v3/token").respondAlways(Response.fixture(200, "tesla/token_response.json"));

        new TokenStore("tesla", rig.tokenFile).save(new OAuthTokens("expired-access", "EU_rt-it", Instant.now()
                .minusSeconds(60), "Bearer", null, Map.of()));

        run = rig.runOnce(Map.of("EV_OBSERVER_TESLA_CLIENT_SECRET", "it-secret"),
                "--vehicle", "tesla", "--tesla-energy", "--tesla-client-id", "it-client", "--tesla-region", "eu");
    }

    @Test
    void runSucceedsRefreshedTheTokenAndNeverWokeTheSleepingCar() throws Exception {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).doesNotContain("it-secret", "EU_3d1f0c9a", "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9");
        assertThat(rig.cloud.requests("POST", "/oauth2/v3/token")).hasSize(1);
        assertThat(rig.cloud.requests("GET", "/api/1/vehicles/" + ASLEEP + "/vehicle_data")).isEmpty();
        assertThat(rig.cloud.requests("POST", "/api/1/vehicles/" + ASLEEP + "/wake_up")).isEmpty();
        assertThat(Files.readString(rig.tokenFile)).contains("EU_3d1f0c9a");
    }

    @Test
    void chargingCarReadingsArriveConvertedWithVehicleAttributes() throws Exception {
        rig.assertCarArrived(CHARGING, "tesla", "Model Y 74D", 64.0);
        String car = "{vehicle_vin=\"" + CHARGING + "\"";
        assertThat(rig.vm().label("vehicle_details" + car + "}", "vehicle_name")).isEqualTo("Blue Lightning");
        assertThat(rig.vm().singleValue(seriesName("vehicle.range.electric") + car + "}")).isCloseTo(319.31, within(0.01));
        assertThat(rig.vm().singleValue(seriesName("vehicle.odometer") + car + "}")).isCloseTo(29649.9, within(0.05));
        assertThat(rig.vm().singleValue(seriesName("vehicle.charging.power") + car + "}")).isEqualTo(11_000);
        assertThat(rig.vm().singleValue(seriesName("vehicle.charging.time_remaining") + car + "}")).isEqualTo(3900);
        assertThat(rig.vm().singleValue(seriesName("vehicle.tire.pressure") + car + ",tire=\"front_left\"}")).isCloseTo(2.875, within(1e-9));
        rig.assertState(CHARGING, "vehicle.charging.state", "charging");
        rig.assertState(CHARGING, "vehicle.state", "charging");
        assertThat(rig.vm().singleValue(seriesName("vehicle.location.latitude") + car + "}")).isEqualTo(49.611742);
    }

    @Test
    void powerwallSiteFlowsArriveInKilowattsWithTheSiteAttributes() throws Exception {
        // live_status gives W and Wh; the catalogue wants kW and kWh, grid import positive
        JsonNode solar = rig.vm().query(seriesName("energy.solar.power") + "{energy_site_id=\"" + SITE + "\"}");
        assertThat(solar).hasSize(1);
        assertThat(solar.get(0).path("metric").path("energy_site_name").asText()).isEqualTo("Home");
        assertThat(Double.parseDouble(solar.get(0).path("value").get(1).asText())).isCloseTo(240, within(1e-6));
        String site = "{energy_site_id=\"" + SITE + "\"}";
        assertThat(rig.vm().singleValue(seriesName("energy.grid.power") + site)).isCloseTo(-130, within(1e-6));
        assertThat(rig.vm().singleValue(seriesName("energy.load.power") + site)).isCloseTo(1_930, within(1e-6));
        assertThat(rig.vm().singleValue(seriesName("energy.battery.level") + site)).isCloseTo(60.15, within(1e-9));
        assertThat(rig.vm().singleValue(seriesName("energy.battery.remaining") + site)).isCloseTo(8.1205 * 3.6e6, within(1e-3));
        assertThat(rig.cloud.requests("GET", "/api/1/energy_sites/" + SITE + "/live_status")).hasSize(1);
        assertThat(rig.vm().query(seriesName("energy.solar.power") + "{energy_site_id=\"2252100000000077\"}"))
                .as("a lone Wall Connector site is not exported").isEmpty();
    }

    @Test
    void sleepingCarIsReportedAsleepAndTheCostIsCounted() throws Exception {
        rig.assertState(ASLEEP, "vehicle.state", "asleep");
        assertThat(rig.vm().query(seriesName("vehicle.battery.level") + "{vehicle_vin=\"" + ASLEEP + "\"}")).isEmpty();
        assertThat(rig.vm().singleValue("sum(" + seriesName("ev_observer.api.cost") + "{vendor=\"tesla\"})")).isCloseTo(0.002, within(1e-9));
    }
}
