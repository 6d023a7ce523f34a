package io.evobserver.it;

import static io.evobserver.it.VictoriaMetrics.seriesName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import io.evobserver.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code run --vehicle bmw --once} from the built jar against a CarData stub, into a real
 * VictoriaMetrics, read back through its Prometheus API; and the same for a MyBMW state file.
 */
class BmwVictoriaMetricsIT {

    private static final String VIN = "WBA71AW010FT00042";
    private static final String STATE_VIN = "WBA8E36080NU00317";
    @RegisterExtension
    static final VendorExportRig rig = new VendorExportRig("bmw");
    private static EvObserverProcess.Result cardata;
    private static EvObserverProcess.Result stateFile;

    @BeforeAll
    static void export() throws Exception {
        rig.cloud.on("POST", "/gcdm/oauth/token").respondAlways(Response.fixture(200, "bmw/token.json"));
        rig.cloud.on("GET", "/customers/vehicles/mappings").respondAlways(Response.fixture(200, "bmw/mappings.json"));
        rig.cloud.on("GET", "/customers/containers").respondAlways(Response.json(200, "{\"containers\": []}"));
        rig.cloud.on("POST", "/customers/containers").respondAlways(Response.fixture(201, "bmw/container_created.json"));
        rig.cloud.on("GET", "/customers/vehicles/" + VIN + "/basicData")
                .respondAlways(Response.fixture(200, "bmw/basic_data_i4.json"));
        rig.cloud.on("GET", "/customers/vehicles/" + VIN + "/telematicData")
                .respondAlways(Response.fixture(200, "bmw/telematic_data_ev_charging.json"));

        Files.writeString(rig.tokenFile, """
                {"access_token": "it-access", "refresh_token": "it-refresh", "token_type": "Bearer",
                 "expires_at": "%s", "client_id": "c0ffee00-1111-4222-8333-444455556666",
                 "gcid": "3f6c1e2a-9b7d-4c51-8e0a-2d4b6f8a1c93"}""".formatted(Instant.now().plusSeconds(3000)));
        Files.setPosixFilePermissions(rig.tokenFile, PosixFilePermissions.fromString("rw-------"));
        cardata = rig.runOnce(Map.of(), "--vehicle", "bmw");

        Path state = TempDirs.create("bmw-state-it").resolve("state.json");
        Files.writeString(state, StubServer.fixture("bmw/state_file_combustion_unlocked.json"));
        stateFile = EvObserverProcess.run(Duration.ofSeconds(90), Map.of(), "run", "--vehicle", "bmw", "--once",
                "--bmw-state-file", state.toString(), "--vin", STATE_VIN, "--otlp-endpoint", rig.vm().otlpEndpoint());
    }

    @Test
    void cardataSnapshotArrivesWithNamesAttributesAndConvertedValues() throws Exception {
        assertThat(cardata.exitCode()).as(cardata.stderr()).isZero();
        String car = "{vehicle_vin=\"" + VIN + "\"}";
        rig.assertCarArrived(VIN, "bmw", "i4 eDrive40", 58.0);
        assertThat(rig.vm().label(seriesName("vehicle.battery.level") + car, "__name__"))
                .isEqualTo("vehicle_battery_level_percent");
        assertThat(rig.vm().singleValue(seriesName("vehicle.charging.power") + car)).isCloseTo(10_870, within(1e-6));
        assertThat(rig.vm().singleValue(seriesName("vehicle.charging.time_remaining") + car)).isEqualTo(95 * 60.0);
        assertThat(rig.vm().singleValue(seriesName("vehicle.odometer") + car)).isEqualTo(18432.0);
        assertThat(rig.vm().singleValue(seriesName("vehicle.battery.capacity") + car)).isCloseTo(83.9 * 3.6e6, within(1e-3));
        assertThat(rig.vm().singleValue(seriesName("vehicle.tire.pressure") + "{vehicle_vin=\"" + VIN + "\",tire=\"front_left\"}"))
                .isCloseTo(2.53, within(1e-9));
        rig.assertState(VIN, "vehicle.charging.state", "charging");
        assertThat(rig.vm().singleValue(seriesName("vehicle.warnings") + "{vehicle_vin=\"" + VIN + "\",severity=\"low\"}"))
                .isEqualTo(1.0);
        assertThat(rig.vm().queryNow(seriesName("vehicle.fuel.level") + car)).as("a BEV has no tank").isEmpty();
        // mappings, containers, create, telematicData, basicData: 5 of 50 spent
        assertThat(rig.vm().singleValue(seriesName("ev_observer.api.budget_remaining") + "{vendor=\"bmw\"}")).isEqualTo(45.0);
        assertThat(cardata.stderr()).doesNotContain("it-access").doesNotContain("it-refresh");
    }

    @Test
    void stateFileIsExportedLikeALiveCar() throws Exception {
        assertThat(stateFile.exitCode()).as(stateFile.stderr()).isZero();
        String car = "{vehicle_vin=\"" + STATE_VIN + "\",vehicle_brand=\"bmw\"}";
        assertThat(rig.vm().singleValue(seriesName("vehicle.fuel.remaining") + car)).isEqualTo(38.0);
        assertThat(rig.vm().singleValue(seriesName("vehicle.locked") + car)).isZero();
        assertThat(rig.vm().singleValue(seriesName("vehicle.window.open") + "{vehicle_vin=\"" + STATE_VIN + "\",window=\"front_left\"}"))
                .isEqualTo(1.0);
        assertThat(rig.vm().singleValue(seriesName("vehicle.warnings") + "{vehicle_vin=\"" + STATE_VIN + "\",severity=\"medium\"}"))
                .isEqualTo(1.0);
    }
}
