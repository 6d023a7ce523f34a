package io.evobserver.source.volvo;

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
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolvoMapperTest {

    static final String EV = "YV1XZEFV5R2100042";
    static final String PHEV = "YV4H60CL0P1900077";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final VolvoMapper mapper = new VolvoMapper();

    static JsonNode json(String fixture) {
        try {
            return JSON.readTree(StubServer.fixture("volvo/" + fixture));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every endpoint of the electric XC40, charging on AC. */
    static Map<VolvoEndpoint, String> evFixtures() {
        Map<VolvoEndpoint, String> f = new EnumMap<>(VolvoEndpoint.class);
        f.put(VolvoEndpoint.DETAILS, "ev_details.json");
        f.put(VolvoEndpoint.DOORS, "ev_doors_locked_tailgate_ajar.json");
        f.put(VolvoEndpoint.WINDOWS, "ev_windows_front_left_ajar.json");
        f.put(VolvoEndpoint.ODOMETER, "ev_odometer.json");
        f.put(VolvoEndpoint.FUEL, "ev_fuel_battery_only.json");
        f.put(VolvoEndpoint.STATISTICS, "ev_statistics.json");
        f.put(VolvoEndpoint.TYRES, "ev_tyres_rear_left_low.json");
        f.put(VolvoEndpoint.WARNINGS, "ev_warnings_low_beam_failure.json");
        f.put(VolvoEndpoint.ENGINE_STATUS, "ev_engine_status_stopped.json");
        f.put(VolvoEndpoint.DIAGNOSTICS, "ev_diagnostics_washer_low.json");
        f.put(VolvoEndpoint.BRAKES, "ev_brakes_ok.json");
        f.put(VolvoEndpoint.COMMAND_ACCESSIBILITY, "ev_command_accessibility_available.json");
        f.put(VolvoEndpoint.ENERGY_STATE, "ev_energy_state_charging_ac.json");
        f.put(VolvoEndpoint.LOCATION, "ev_location.json");
        return f;
    }

    static Map<VolvoEndpoint, String> phevFixtures() {
        Map<VolvoEndpoint, String> f = new EnumMap<>(VolvoEndpoint.class);
        f.put(VolvoEndpoint.DETAILS, "phev_details.json");
        f.put(VolvoEndpoint.FUEL, "phev_fuel_strings.json");
        f.put(VolvoEndpoint.STATISTICS, "phev_statistics.json");
        f.put(VolvoEndpoint.ODOMETER, "phev_odometer_string.json");
        f.put(VolvoEndpoint.ENERGY_STATE, "phev_energy_state_partial_errors.json");
        f.put(VolvoEndpoint.ENGINE, "phev_engine_oil_too_low.json");
        f.put(VolvoEndpoint.DIAGNOSTICS, "phev_diagnostics_overdue_days.json");
        f.put(VolvoEndpoint.ENGINE_STATUS, "engine_status_running.json");
        return f;
    }

    private Vehicle map(String vin, Map<VolvoEndpoint, String> fixtures) {
        Map<VolvoEndpoint, JsonNode> responses = new EnumMap<>(VolvoEndpoint.class);
        fixtures.forEach((endpoint, file) -> responses.put(endpoint, json(file)));
        return mapper.map(vin, responses);
    }

    private static double get(Vehicle v, Signal s) {
        assertThat(v.get(s)).as(s.name()).isPresent();
        return v.get(s).getAsDouble();
    }

    @Test
    void electricCarChargingOnAc() {
        Vehicle v = map(EV, evFixtures());

        assertThat(v.id().vin()).isEqualTo(EV);
        assertThat(v.softwareVersion()).as("the Volvo APIs give no software version").isEmpty();
        assertThat(v.id().brand()).isEqualTo("volvo");
        assertThat(v.id().model()).contains("XC40");
        assertThat(get(v, Signal.BATTERY_LEVEL)).isEqualTo(64.0); // energy wins over /fuel's 63
        assertThat(get(v, Signal.BATTERY_CAPACITY)).isEqualTo(78.0);
        assertThat(get(v, Signal.RANGE_ELECTRIC)).isEqualTo(241); // statistics preferred over energy's 251
        assertThat(v.get(Signal.RANGE_FUEL)).isEmpty();
        assertThat(v.get(Signal.RANGE_TOTAL)).isEmpty();
        assertThat(v.get(Signal.FUEL_REMAINING)).isEmpty();
        assertThat(get(v, Signal.ODOMETER)).isEqualTo(24817);
        assertThat(v.chargingState()).contains(ChargingState.CHARGING);
        assertThat(get(v, Signal.CHARGING_CONNECTED)).isEqualTo(1);
        assertThat(get(v, Signal.CHARGING_POWER)).isCloseTo(10.84, within(1e-9));
        assertThat(get(v, Signal.CHARGING_LIMIT)).isEqualTo(90);
        assertThat(get(v, Signal.CHARGING_TIME_REMAINING)).isEqualTo(105 * 60);
        assertThat(get(v, Signal.CHARGING_FAST_CHARGER)).isZero();
        assertThat(v.state()).contains(VehicleState.CHARGING);
        assertThat(get(v, Signal.LATITUDE)).isEqualTo(49.60021);
        assertThat(get(v, Signal.LONGITUDE)).isEqualTo(6.13347);
        assertThat(get(v, Signal.HEADING)).isEqualTo(214);
        assertThat(get(v, Signal.LOCKED)).isEqualTo(1);
        assertThat(v.doorsOpen()).containsExactlyInAnyOrderEntriesOf(Map.of(Door.FRONT_LEFT, false,
                Door.FRONT_RIGHT, false, Door.REAR_LEFT, false, Door.REAR_RIGHT, true, Door.HOOD, false,
                Door.TRUNK, true));
        assertThat(v.windowsOpen()).containsExactlyInAnyOrderEntriesOf(Map.of(Window.FRONT_LEFT, true,
                Window.FRONT_RIGHT, false, Window.REAR_LEFT, false, Window.REAR_RIGHT, false));
        assertThat(v.tirePressureKpa()).isEmpty();
        // tyres: rear left LOW (medium), rear right VERY_LOW (high); a failed low beam and low washer fluid (low)
        assertThat(v.warnings()).isEqualTo(Map.of(Severity.HIGH, 1, Severity.MEDIUM, 1, Severity.LOW, 2));
        assertThat(get(v, Signal.SERVICE_DISTANCE_REMAINING)).isEqualTo(15400);
        assertThat(get(v, Signal.SERVICE_TIME_REMAINING)).isEqualTo(9 * 30 * 86_400.0);
        assertThat(v.reportedAt()).contains(Instant.parse("2026-03-14T19:12:44Z")); // the location's, newest
        assertThat(mapper.unknownSeen()).isEmpty();
    }

    @Test
    void plugInHybridWithPartialEnergySupportAndStringValues() {
        Vehicle v = map(PHEV, phevFixtures());

        assertThat(v.id().model()).contains("XC90");
        assertThat(get(v, Signal.BATTERY_LEVEL)).isEqualTo(97.0); // energy is ERROR: from /fuel's "97.0"
        assertThat(get(v, Signal.FUEL_REMAINING)).isEqualTo(41.6);
        assertThat(get(v, Signal.RANGE_FUEL)).isEqualTo(468);
        assertThat(get(v, Signal.RANGE_ELECTRIC)).isEqualTo(44);
        assertThat(get(v, Signal.RANGE_TOTAL)).isEqualTo(512);
        assertThat(get(v, Signal.ODOMETER)).isEqualTo(61203);
        assertThat(v.chargingState()).contains(ChargingState.COMPLETE);
        assertThat(get(v, Signal.CHARGING_CONNECTED)).isEqualTo(1);
        assertThat(get(v, Signal.CHARGING_LIMIT)).isEqualTo(100);
        assertThat(v.get(Signal.CHARGING_POWER)).isEmpty();
        assertThat(v.get(Signal.CHARGING_FAST_CHARGER)).isEmpty();
        assertThat(v.get(Signal.CHARGING_TIME_REMAINING)).isEmpty();
        assertThat(v.state()).contains(VehicleState.DRIVING);
        // oil TOO_LOW is high, the overdue service medium
        assertThat(v.warnings()).isEqualTo(Map.of(Severity.HIGH, 1, Severity.MEDIUM, 1, Severity.LOW, 0));
        assertThat(get(v, Signal.SERVICE_DISTANCE_REMAINING)).isEqualTo(-250);
        assertThat(get(v, Signal.SERVICE_TIME_REMAINING)).isEqualTo(-12 * 86_400.0);
        assertThat(v.doorsOpen()).isEmpty();
        assertThat(v.get(Signal.LATITUDE)).isEmpty();
    }

    @Test
    void parkedUnpluggedCarWithRangeInMilesAndPowerInError() {
        Map<VolvoEndpoint, String> f = new EnumMap<>(VolvoEndpoint.class);
        f.put(VolvoEndpoint.DETAILS, "ev_details.json");
        f.put(VolvoEndpoint.ENERGY_STATE, "ev_energy_state_parked_unplugged.json");
        f.put(VolvoEndpoint.COMMAND_ACCESSIBILITY, "command_accessibility_power_saving.json");
        Vehicle v = map(EV, f);

        assertThat(get(v, Signal.RANGE_ELECTRIC)).isCloseTo(198 * 1.609344, within(1e-9));
        assertThat(v.chargingState()).contains(ChargingState.DISCONNECTED);
        assertThat(get(v, Signal.CHARGING_CONNECTED)).isZero();
        assertThat(v.get(Signal.CHARGING_POWER)).as("PROPERTY_NOT_FOUND is no reading, not 0").isEmpty();
        assertThat(v.get(Signal.CHARGING_TIME_REMAINING)).as("only while charging").isEmpty();
        assertThat(v.get(Signal.CHARGING_FAST_CHARGER)).isEmpty();
        assertThat(v.state()).contains(VehicleState.ASLEEP);
        assertThat(v.warnings()).isEmpty();
        assertThat(v.reportedAt()).contains(Instant.parse("2026-03-15T07:40:03Z"));
    }

    @Test
    void fieldsInErrorUnspecifiedOrUnknownAreSkippedOthersKept() {
        Map<VolvoEndpoint, String> f = new EnumMap<>(VolvoEndpoint.class);
        f.put(VolvoEndpoint.DOORS, "doors_fields_in_error.json");
        f.put(VolvoEndpoint.ENERGY_STATE, "energy_state_all_error.json");
        f.put(VolvoEndpoint.ODOMETER, "odometer_miles.json");
        f.put(VolvoEndpoint.FUEL, "fuel_unknown_unit.json");
        f.put(VolvoEndpoint.LOCATION, "location_no_fix.json");
        Vehicle v = map(EV, f);

        assertThat(v.doorsOpen()).isEqualTo(Map.of(Door.FRONT_LEFT, false, Door.TRUNK, false));
        assertThat(v.get(Signal.LOCKED)).isEmpty();
        assertThat(v.get(Signal.BATTERY_LEVEL)).isEmpty();
        assertThat(v.chargingState()).isEmpty();
        assertThat(v.get(Signal.CHARGING_CONNECTED)).isEmpty();
        assertThat(get(v, Signal.ODOMETER)).isCloseTo(15000 * 1.609344, within(1e-6));
        assertThat(v.get(Signal.FUEL_REMAINING)).as("barrels are not guessed").isEmpty();
        assertThat(v.get(Signal.LATITUDE)).isEmpty();
        assertThat(v.get(Signal.LONGITUDE)).isEmpty();
        assertThat(v.id().model()).isEmpty();
        assertThat(mapper.unknownSeen()).contains("rearRightDoor=BROKEN_VALUE", "fuelAmount unit=barrels");
    }

    @Test
    void locationWithoutDataWrapperInGeoJsonOrder() {
        Vehicle v = map(EV, Map.of(VolvoEndpoint.LOCATION, "location_without_data_wrapper.json"));
        assertThat(get(v, Signal.LATITUDE)).isEqualTo(51.5072);
        assertThat(get(v, Signal.LONGITUDE)).isEqualTo(-0.1276);
        assertThat(get(v, Signal.HEADING)).isEqualTo(7.5);
        assertThat(v.state()).isEmpty();
    }

    @Test
    void drivetrainFromFuelType() {
        assertThat(VolvoMapper.drivetrain(json("ev_details.json"))).isEqualTo(VolvoMapper.Drivetrain.ELECTRIC);
        assertThat(VolvoMapper.drivetrain(json("phev_details.json"))).isEqualTo(VolvoMapper.Drivetrain.PLUG_IN_HYBRID);
        assertThat(VolvoMapper.drivetrain(null)).isEqualTo(VolvoMapper.Drivetrain.UNKNOWN);
        assertThat(VolvoEndpoint.ENERGY_STATE.appliesTo(VolvoMapper.Drivetrain.COMBUSTION)).isFalse();
        assertThat(VolvoEndpoint.ENERGY_STATE.appliesTo(VolvoMapper.Drivetrain.UNKNOWN)).isTrue();
    }

    @Test
    void tyrePressuresAreTakenWhenACarSendsThemWithAUnit() throws Exception {
        JsonNode tyres = JSON.readTree("{\"data\":{\"frontLeft\":{\"value\":\"2.4\",\"unit\":\"bar\"},"
                + "\"frontRight\":{\"value\":36,\"unit\":\"psi\"},\"rearLeft\":{\"value\":\"NO_WARNING\"},"
                + "\"rearRight\":{\"value\":250,\"unit\":\"kPa\"}}}");
        Vehicle v = mapper.map(EV, Map.of(VolvoEndpoint.TYRES, tyres));
        assertThat(v.tirePressureKpa().get(Tire.FRONT_LEFT)).isCloseTo(240, within(1e-9));
        assertThat(v.tirePressureKpa().get(Tire.FRONT_RIGHT)).isCloseTo(248.21, within(0.01));
        assertThat(v.tirePressureKpa().get(Tire.REAR_RIGHT)).isEqualTo(250);
        assertThat(v.tirePressureKpa()).doesNotContainKey(Tire.REAR_LEFT);
        assertThat(v.warnings()).isEqualTo(Map.of(Severity.HIGH, 0, Severity.MEDIUM, 0, Severity.LOW, 0));
    }
}
