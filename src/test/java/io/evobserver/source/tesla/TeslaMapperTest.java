package io.evobserver.source.tesla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.core.ChargingState;
import io.evobserver.core.Door;
import io.evobserver.core.Severity;
import io.evobserver.core.Signal;
import io.evobserver.core.Tire;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleState;
import io.evobserver.core.Window;
import io.evobserver.testing.StubServer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TeslaMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TeslaMapper mapper = new TeslaMapper();

    static JsonNode response(String fixture) {
        try {
            return JSON.readTree(StubServer.fixture("tesla/" + fixture)).get("response");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double get(Vehicle v, Signal s) {
        assertThat(v.get(s)).as(s.name()).isPresent();
        return v.get(s).getAsDouble();
    }

    @Test
    void chargingFixtureGivesTheReferenceValues() {
        Vehicle v = mapper.map(response("vehicle_data_charging.json"));

        assertThat(v.id().vin()).isEqualTo("XP7YGCEK5RB000042");
        assertThat(v.id().brand()).isEqualTo("tesla");
        assertThat(v.id().model()).contains("Model Y 74D");
        assertThat(v.id().name()).contains("Blue Lightning");
        assertThat(v.softwareVersion()).as("car_version without its build hash").contains("2026.26.5");
        assertThat(get(v, Signal.BATTERY_LEVEL)).isEqualTo(64);
        assertThat(get(v, Signal.BATTERY_USABLE_LEVEL)).isEqualTo(63);
        assertThat(get(v, Signal.RANGE_ELECTRIC)).isCloseTo(319.3, within(0.05));
        assertThat(get(v, Signal.ODOMETER)).isCloseTo(29_649.9, within(0.05));
        assertThat(v.chargingState()).contains(ChargingState.CHARGING);
        assertThat(v.state()).contains(VehicleState.CHARGING);
        assertThat(get(v, Signal.CHARGING_CONNECTED)).isEqualTo(1);
        assertThat(get(v, Signal.CHARGING_POWER)).isEqualTo(11);
        assertThat(get(v, Signal.CHARGING_VOLTAGE)).isEqualTo(229);
        assertThat(get(v, Signal.CHARGING_CURRENT)).isEqualTo(16);
        assertThat(get(v, Signal.CHARGING_LIMIT)).isEqualTo(80);
        assertThat(get(v, Signal.CHARGING_ENERGY_ADDED)).isEqualTo(12.37);
        assertThat(get(v, Signal.CHARGING_TIME_REMAINING)).isEqualTo(3900);
        assertThat(get(v, Signal.CHARGING_FAST_CHARGER)).isZero();
        assertThat(v.tirePressureKpa()).containsEntry(Tire.FRONT_LEFT, 287.5).containsEntry(Tire.FRONT_RIGHT, 290.0)
                .containsEntry(Tire.REAR_LEFT, 285.0).containsEntry(Tire.REAR_RIGHT, 287.5);
        assertThat(v.tirePressureTargetKpa()).containsEntry(Tire.FRONT_LEFT, 290.0).containsEntry(Tire.REAR_RIGHT, 290.0);
        assertThat(get(v, Signal.LOCKED)).isEqualTo(1);
        assertThat(v.doorsOpen()).hasSize(6).doesNotContainValue(true);
        assertThat(v.windowsOpen()).hasSize(4).doesNotContainValue(true);
        assertThat(v.get(Signal.SPEED)).isEmpty();
        assertThat(get(v, Signal.POWER)).isEqualTo(-11);
        assertThat(get(v, Signal.INSIDE_TEMPERATURE)).isEqualTo(19.5);
        assertThat(get(v, Signal.OUTSIDE_TEMPERATURE)).isEqualTo(14.0);
        assertThat(get(v, Signal.CLIMATE_ACTIVE)).isZero();
        assertThat(get(v, Signal.SENTRY_MODE)).isZero();
        assertThat(get(v, Signal.LATITUDE)).isEqualTo(49.611742);
        assertThat(get(v, Signal.LONGITUDE)).isEqualTo(6.129861);
        assertThat(get(v, Signal.HEADING)).isEqualTo(212);
        assertThat(v.warnings()).containsEntry(Severity.LOW, 0).containsEntry(Severity.HIGH, 0);
        assertThat(v.reportedAt()).contains(Instant.ofEpochMilli(1789411330317L));
    }

    @Test
    void drivingConvertsMphAndIgnoresTheRouteDestination() {
        Vehicle v = mapper.map(response("vehicle_data_driving.json"));

        assertThat(v.state()).contains(VehicleState.DRIVING);
        assertThat(get(v, Signal.SPEED)).isCloseTo(104.6, within(0.01)); // 65 mph
        assertThat(get(v, Signal.POWER)).isEqualTo(23);
        assertThat(get(v, Signal.LATITUDE)).isEqualTo(49.7); // not active_route_latitude 50.1
        assertThat(get(v, Signal.LONGITUDE)).isEqualTo(6.2);
        assertThat(v.chargingState()).contains(ChargingState.DISCONNECTED);
        assertThat(get(v, Signal.CHARGING_CONNECTED)).isZero();
        assertThat(v.get(Signal.CHARGING_TIME_REMAINING)).isEmpty();
        assertThat(get(v, Signal.CLIMATE_ACTIVE)).isEqualTo(1);
    }

    @Test
    void parkedRightHandDriveSwapsSidesAndCountsWarnings() {
        Vehicle v = mapper.map(response("vehicle_data_parked.json"));

        assertThat(v.state()).contains(VehicleState.PARKED);
        assertThat(v.doorsOpen()).hasSize(6).doesNotContainValue(true);
        // fd_window = driver front: the right side in a right-hand-drive car
        assertThat(v.windowsOpen()).containsEntry(Window.FRONT_RIGHT, true).containsEntry(Window.FRONT_LEFT, false)
                .containsEntry(Window.SUNROOF, true);
        assertThat(get(v, Signal.LOCKED)).isZero();
        assertThat(get(v, Signal.SENTRY_MODE)).isEqualTo(1);
        assertThat(v.tirePressureKpa()).doesNotContainKey(Tire.REAR_RIGHT).hasSize(3);
        assertThat(v.warnings()).containsEntry(Severity.LOW, 1).containsEntry(Severity.HIGH, 0);
    }

    @Test
    void rightHandDriveDriverDoorIsFrontRight() throws Exception {
        Vehicle v = mapper.map(JSON.readTree("{\"vin\":\"V1\",\"vehicle_config\":{\"rhd\":true},"
                + "\"vehicle_state\":{\"df\":1,\"pf\":0,\"dr\":0,\"pr\":2,\"ft\":0,\"rt\":1}}"));

        assertThat(v.doorsOpen()).containsEntry(Door.FRONT_RIGHT, true).containsEntry(Door.FRONT_LEFT, false)
                .containsEntry(Door.REAR_LEFT, true).containsEntry(Door.REAR_RIGHT, false)
                .containsEntry(Door.TRUNK, true).containsEntry(Door.HOOD, false);
        assertThat(TeslaMapper.keepsAwake(JSON.readTree("{\"vehicle_state\":{\"rt\":1}}"))).isTrue();
        assertThat(TeslaMapper.keepsAwake(response("vehicle_data_parked.json"))).isFalse();
        assertThat(TeslaMapper.keepsAwake(response("vehicle_data_driving.json"))).isTrue(); // user present
    }

    @Test
    void theSoftwareVersionIsTheReleaseOfCarVersionWhateverItsLength() {
        assertThat(mapper.map(response("vehicle_data_parked.json")).softwareVersion()).contains("2025.44.25.3");
        assertThat(TeslaMapper.release("2026.2.1")).isEqualTo("2026.2.1"); // no hash given
        assertThat(TeslaMapper.release(null)).isNull();
    }

    @Test
    void nullAndMissingSectionsAreSkippedAndNoPowerIsStopped() {
        Vehicle v = mapper.map(response("vehicle_data_null_sections.json"));
        assertThat(v.softwareVersion()).isEmpty(); // no vehicle_state

        assertThat(v.chargingState()).contains(ChargingState.STOPPED);
        assertThat(v.state()).contains(VehicleState.ONLINE); // no drive_state: cannot say parked
        assertThat(get(v, Signal.BATTERY_LEVEL)).isEqualTo(64);
        assertThat(v.get(Signal.RANGE_ELECTRIC)).isEmpty();
        assertThat(v.get(Signal.BATTERY_USABLE_LEVEL)).isEmpty();
        assertThat(v.get(Signal.ODOMETER)).isEmpty();
        assertThat(v.get(Signal.INSIDE_TEMPERATURE)).isEmpty();
        assertThat(v.get(Signal.LATITUDE)).isEmpty();
        assertThat(v.get(Signal.SPEED)).isEmpty();
        assertThat(v.doorsOpen()).isEmpty();
        assertThat(v.tirePressureKpa()).isEmpty();
        assertThat(v.warnings()).isEmpty();
        assertThat(v.id().model()).contains("Model 3");
        assertThat(v.id().name()).isEmpty();
    }

    @Test
    void chargingStatesFollowTheReference() throws Exception {
        assertThat(state("{\"charging_state\":\"Starting\"}")).isEqualTo(ChargingState.CHARGING);
        assertThat(state("{\"charging_state\":\"Complete\"}")).isEqualTo(ChargingState.COMPLETE);
        assertThat(state("{\"charging_state\":\"Stopped\"}")).isEqualTo(ChargingState.STOPPED);
        assertThat(state("{\"charging_state\":\"Stopped\",\"scheduled_charging_pending\":true}"))
                .isEqualTo(ChargingState.SCHEDULED);
        assertThat(state("{\"charging_state\":\"Disconnected\"}")).isEqualTo(ChargingState.DISCONNECTED);
        assertThat(state("{\"charging_state\":\"NoPower\"}")).isEqualTo(ChargingState.STOPPED);
        assertThat(state("{\"charging_state\":\"Plasma\"}")).isEqualTo(ChargingState.UNKNOWN);
        assertThat(state("{\"charging_state\":null}")).isNull();
    }

    @Test
    void dcFastChargingLeavesOutAcVoltageAndCurrent() throws Exception {
        Vehicle v = mapper.map(JSON.readTree("{\"vin\":\"V1\",\"charge_state\":{\"charging_state\":\"Charging\","
                + "\"fast_charger_present\":true,\"charger_actual_current\":0,\"charger_voltage\":2,"
                + "\"charger_power\":120,\"time_to_full_charge\":0.5,\"conn_charge_cable\":\"IEC\"}}"));

        assertThat(v.get(Signal.CHARGING_VOLTAGE)).isEmpty();
        assertThat(v.get(Signal.CHARGING_CURRENT)).isEmpty();
        assertThat(get(v, Signal.CHARGING_POWER)).isEqualTo(120);
        assertThat(get(v, Signal.CHARGING_FAST_CHARGER)).isEqualTo(1);
        assertThat(get(v, Signal.CHARGING_TIME_REMAINING)).isEqualTo(1800); // hours fallback
    }

    @Test
    void summaryGivesStateAndIdentityOnly() {
        JsonNode first = response("vehicles.json").get(0);
        Vehicle v = mapper.fromSummary(first);

        assertThat(v.id().vin()).isEqualTo("XP7YGCEK5RB000042");
        assertThat(v.state()).contains(VehicleState.ASLEEP);
        assertThat(v.signals()).isEmpty();
        assertThat(TeslaMapper.summaryState(response("vehicles.json").get(1))).isEqualTo(VehicleState.ONLINE);
    }

    private static ChargingState state(String charge) throws Exception {
        return TeslaMapper.chargingState(JSON.readTree(charge));
    }
}
