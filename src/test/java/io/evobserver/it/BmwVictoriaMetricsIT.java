package io.evobserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.telemetry.MetricCatalogue;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import io.evobserver.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code run --vehicle bmw --once} from the built jar against a CarData stub, into a real
 * VictoriaMetrics, read back through its Prometheus API; and the same for a MyBMW state file.
 */
class BmwVictoriaMetricsIT {

    private static final String VIN = "WBA71AW010FT00042";
    private static final String STATE_VIN = "WBA8E36080NU00317";
    private static VictoriaMetrics vm;
    private static StubServer stub;
    private static Path dir;
    private static EvObserverProcess.Result cardata;
    private static EvObserverProcess.Result stateFile;

    @BeforeAll
    static void export() throws Exception {
        vm = VictoriaMetrics.start();
        stub = StubServer.start();
        stub.on("POST", "/gcdm/oauth/token").respondAlways(Response.fixture(200, "bmw/token.json"));
        stub.on("GET", "/customers/vehicles/mappings").respondAlways(Response.fixture(200, "bmw/mappings.json"));
        stub.on("GET", "/customers/containers").respondAlways(Response.json(200, "{\"containers\": []}"));
        stub.on("POST", "/customers/containers").respondAlways(Response.fixture(201, "bmw/container_created.json"));
        stub.on("GET", "/customers/vehicles/" + VIN + "/basicData")
                .respondAlways(Response.fixture(200, "bmw/basic_data_i4.json"));
        stub.on("GET", "/customers/vehicles/" + VIN + "/telematicData")
                .respondAlways(Response.fixture(200, "bmw/telematic_data_ev_charging.json"));

        dir = TempDirs.create("bmw-it");
        Path tokens = dir.resolve("bmw-token.json");
        Files.writeString(tokens, """
                {"access_token": "it-access", "refresh_token": "it-refresh", "token_type": "Bearer",
                 "expires_at": "%s", "client_id": "c0ffee00-1111-4222-8333-444455556666",
                 "gcid": "3f6c1e2a-9b7d-4c51-8e0a-2d4b6f8a1c93"}""".formatted(Instant.now().plusSeconds(3000)));
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        cardata = EvObserverProcess.run(Duration.ofSeconds(90), Map.of(), "run", "--vehicle", "bmw", "--once",
                "--api-base-url", stub.baseUri().toString(), "--auth-base-url", stub.baseUri().toString(),
                "--token-file", tokens.toString(), "--otlp-endpoint", vm.otlpEndpoint());

        Path state = dir.resolve("state.json");
        Files.writeString(state, StubServer.fixture("bmw/state_file_combustion_unlocked.json"));
        stateFile = EvObserverProcess.run(Duration.ofSeconds(90), Map.of(), "run", "--vehicle", "bmw", "--once",
                "--bmw-state-file", state.toString(), "--vin", STATE_VIN, "--otlp-endpoint", vm.otlpEndpoint());
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
    void cardataSnapshotArrivesWithNamesAttributesAndConvertedValues() throws Exception {
        assertThat(cardata.exitCode()).as(cardata.stderr()).isZero();
        String car = "{vehicle_vin=\"" + VIN + "\"}";
        JsonNode level = vm.query(name("vehicle.battery.level") + car);
        assertThat(level).hasSize(1);
        JsonNode labels = level.get(0).path("metric");
        assertThat(labels.path("__name__").asText()).isEqualTo("vehicle_battery_level_percent");
        assertThat(labels.path("vehicle_brand").asText()).isEqualTo("bmw");
        assertThat(vm.query("vehicle_details{vehicle_vin=\"" + VIN + "\"}").get(0).path("metric").path("vehicle_model").asText()).isEqualTo("i4 eDrive40");
        assertThat(vm.singleValue(name("vehicle.battery.level") + car)).isEqualTo(58.0);
        assertThat(vm.singleValue(name("vehicle.charging.power") + car)).isCloseTo(10_870, within(1e-6));
        assertThat(vm.singleValue(name("vehicle.charging.time_remaining") + car)).isEqualTo(95 * 60.0);
        assertThat(vm.singleValue(name("vehicle.odometer") + car)).isEqualTo(18432.0);
        assertThat(vm.singleValue(name("vehicle.battery.capacity") + car)).isCloseTo(83.9 * 3.6e6, within(1e-3));
        assertThat(vm.singleValue(name("vehicle.tire.pressure") + "{vehicle_vin=\"" + VIN + "\",tire=\"front_left\"}"))
                .isCloseTo(2.53, within(1e-9));
        assertThat(vm.singleValue(name("vehicle.charging.state") + "{vehicle_vin=\"" + VIN + "\",state=\"charging\"}"))
                .isEqualTo(1.0);
        assertThat(vm.singleValue(name("vehicle.warnings") + "{vehicle_vin=\"" + VIN + "\",severity=\"low\"}"))
                .isEqualTo(1.0);
        assertThat(vm.queryNow(name("vehicle.fuel.level") + car)).as("a BEV has no tank").isEmpty();
        // mappings, containers, create, telematicData, basicData: 5 of 50 spent
        assertThat(vm.singleValue(name("ev_observer.api.budget_remaining") + "{vendor=\"bmw\"}")).isEqualTo(45.0);
        assertThat(cardata.stderr()).doesNotContain("it-access").doesNotContain("it-refresh");
    }

    @Test
    void stateFileIsExportedLikeALiveCar() throws Exception {
        assertThat(stateFile.exitCode()).as(stateFile.stderr()).isZero();
        String car = "{vehicle_vin=\"" + STATE_VIN + "\",vehicle_brand=\"bmw\"}";
        assertThat(vm.singleValue(name("vehicle.fuel.remaining") + car)).isEqualTo(38.0);
        assertThat(vm.singleValue(name("vehicle.locked") + car)).isZero();
        assertThat(vm.singleValue(name("vehicle.window.open") + "{vehicle_vin=\"" + STATE_VIN + "\",window=\"front_left\"}"))
                .isEqualTo(1.0);
        assertThat(vm.singleValue(name("vehicle.warnings") + "{vehicle_vin=\"" + STATE_VIN + "\",severity=\"medium\"}"))
                .isEqualTo(1.0);
    }
}
