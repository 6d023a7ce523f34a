package io.evobserver.source.bmw;

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
import io.evobserver.core.VehicleId;
import io.evobserver.core.VehicleState;
import io.evobserver.core.Window;
import io.evobserver.testing.StubServer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class BmwMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-06-14T19:00:00Z");
    private static final VehicleId ID = VehicleId.of("WBA71AW010FT00042", "bmw");

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static Vehicle map(String fixture) throws Exception {
        return map(fixture, BmwMapper.StaticInfo.UNKNOWN);
    }

    private static Vehicle map(String fixture, BmwMapper.StaticInfo info) throws Exception {
        JsonNode root = json(StubServer.fixture("bmw/" + fixture));
        assertThat(BmwMapper.isTelematicData(root)).isTrue();
        return BmwMapper.toVehicle(ID, BmwMapper.readings(root), info, NOW);
    }

    @Test
    void chargingEvMapsEveryDocumentedKeyToCanonicalUnits() throws Exception {
        Vehicle v = map("telematic_data_ev_charging.json");

        assertThat(v.get(Signal.BATTERY_LEVEL)).hasValue(58); // the header wins over the prediction (59)
        assertThat(v.get(Signal.BATTERY_CAPACITY)).as("maxEnergy 0 is no reading").isEmpty();
        assertThat(v.get(Signal.RANGE_ELECTRIC)).hasValue(287);
        assertThat(v.get(Signal.RANGE_FUEL)).as("no tank").isEmpty();
        assertThat(v.get(Signal.FUEL_LEVEL)).isEmpty();
        assertThat(v.get(Signal.ODOMETER)).hasValue(18432);
        assertThat(v.chargingState()).contains(ChargingState.CHARGING);
        assertThat(v.state()).contains(VehicleState.CHARGING);
        assertThat(v.get(Signal.CHARGING_CONNECTED)).hasValue(1);
        assertThat(v.get(Signal.CHARGING_POWER).getAsDouble()).isCloseTo(10.87, within(1e-9)); // W -> kW
        assertThat(v.get(Signal.CHARGING_VOLTAGE)).hasValue(229.5);
        assertThat(v.get(Signal.CHARGING_CURRENT)).hasValue(16);
        assertThat(v.get(Signal.CHARGING_LIMIT)).hasValue(80);
        assertThat(v.get(Signal.CHARGING_TIME_REMAINING)).hasValue(95 * 60); // min -> s
        assertThat(v.get(Signal.CHARGING_FAST_CHARGER)).hasValue(0); // AC_TYPE2PLUG
        assertThat(v.get(Signal.LATITUDE)).hasValue(49.60021);
        assertThat(v.get(Signal.LONGITUDE)).hasValue(6.13347);
        assertThat(v.get(Signal.HEADING)).hasValue(212);
        assertThat(v.get(Signal.LOCKED)).hasValue(1); // SECURED
        assertThat(v.get(Signal.CLIMATE_ACTIVE)).hasValue(0);
        assertThat(v.doorsOpen()).containsOnlyKeys(Door.values()).doesNotContainValue(true);
        assertThat(v.windowsOpen()).containsOnlyKeys(Window.values()).doesNotContainValue(true);
        assertThat(v.tirePressureKpa()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Tire.FRONT_LEFT, 253.0, Tire.FRONT_RIGHT, 251.0, Tire.REAR_LEFT, 279.0, Tire.REAR_RIGHT, 277.0));
        assertThat(v.tirePressureTargetKpa()).as("-NA- is no reading").containsExactlyInAnyOrderEntriesOf(Map.of(
                Tire.FRONT_LEFT, 250.0, Tire.FRONT_RIGHT, 250.0, Tire.REAR_LEFT, 280.0));
        assertThat(v.warnings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Severity.LOW, 1, Severity.MEDIUM, 0, Severity.HIGH, 0));
        assertThat(v.get(Signal.SERVICE_DISTANCE_REMAINING)).hasValue(11500);
        assertThat(v.get(Signal.SERVICE_TIME_REMAINING)).hasValue(
                Instant.parse("2026-03-01T00:00:00Z").getEpochSecond() - NOW.getEpochSecond());
        assertThat(v.reportedAt()).contains(Instant.parse("2025-06-14T18:41:12Z"));
    }

    @Test
    void basicDataCapacityFillsInWhenTheCarSendsNone() throws Exception {
        Vehicle v = map("telematic_data_ev_charging.json",
                new BmwMapper.StaticInfo(Optional.of("i4 eDrive40"), "bmw", OptionalDouble.of(83.9), false, "24-03"));
        assertThat(v.get(Signal.BATTERY_CAPACITY)).hasValue(83.9);
        assertThat(v.softwareVersion()).contains("24-03");
        // telematic data alone carries no version
        assertThat(map("telematic_data_ev_charging.json").softwareVersion()).isEmpty();
    }

    @Test
    void combustionCarMapsFuelRangeOpeningsAndWarnings() throws Exception {
        Vehicle v = map("telematic_data_combustion_parked.json");

        assertThat(v.get(Signal.BATTERY_LEVEL)).isEmpty();
        assertThat(v.get(Signal.RANGE_ELECTRIC)).isEmpty();
        assertThat(v.chargingState()).as("no EV keys, no charging state").isEmpty();
        assertThat(v.get(Signal.CHARGING_CONNECTED)).isEmpty();
        assertThat(v.get(Signal.FUEL_LEVEL)).hasValue(64); // "percent"
        assertThat(v.get(Signal.FUEL_REMAINING)).hasValue(38); // "liters"
        assertThat(v.get(Signal.RANGE_TOTAL)).hasValue(512); // "kilometers"
        assertThat(v.get(Signal.RANGE_FUEL)).hasValue(512);
        assertThat(v.get(Signal.ODOMETER)).as("no unit means km").hasValue(64210);
        assertThat(v.state()).contains(VehicleState.PARKED);
        assertThat(v.get(Signal.LOCKED)).hasValue(0);
        assertThat(v.get(Signal.CLIMATE_ACTIVE)).hasValue(0); // standby
        assertThat(v.doorsOpen()).containsEntry(Door.TRUNK, true).containsEntry(Door.FRONT_LEFT, false)
                .doesNotContainKey(Door.REAR_RIGHT); // INVALID
        assertThat(v.windowsOpen()).containsEntry(Window.FRONT_LEFT, true).containsEntry(Window.FRONT_RIGHT, false)
                .doesNotContainKey(Window.SUNROOF);
        assertThat(v.tirePressureKpa().get(Tire.REAR_LEFT)).isCloseTo(262.0, within(1e-9)); // 2.62 bar
        assertThat(v.warnings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Severity.LOW, 1, Severity.MEDIUM, 1, Severity.HIGH, 0)); // OK is not a warning
        assertThat(v.get(Signal.SERVICE_DISTANCE_REMAINING).getAsDouble()).isCloseTo(870 * 1.609344, within(1e-6));
    }

    @Test
    void milesGallonsAndUnknownUnitsAreConvertedOrDropped() throws Exception {
        Vehicle v = BmwMapper.toVehicle(ID, BmwMapper.readings(json("""
                {"telematicData": {
                  "vehicle.vehicle.travelledDistance": {"value": "1000", "unit": "miles", "timestamp": null},
                  "vehicle.drivetrain.electricEngine.kombiRemainingElectricRange": {"value": "100", "unit": "mi", "timestamp": null},
                  "vehicle.drivetrain.fuelSystem.remainingFuel": {"value": "10", "unit": "gal", "timestamp": null},
                  "vehicle.drivetrain.totalRemainingRange": {"value": "300", "unit": "furlongs", "timestamp": null},
                  "vehicle.powertrain.electric.battery.charging.power": {"value": "11", "unit": null, "timestamp": null},
                  "vehicle.drivetrain.batteryManagement.header": {"value": "250", "unit": "%", "timestamp": null}
                }}""")), BmwMapper.StaticInfo.UNKNOWN, NOW);
        assertThat(v.get(Signal.ODOMETER).getAsDouble()).isCloseTo(1609.344, within(1e-9));
        assertThat(v.get(Signal.RANGE_ELECTRIC).getAsDouble()).isCloseTo(160.9344, within(1e-9));
        assertThat(v.get(Signal.FUEL_REMAINING).getAsDouble()).isCloseTo(37.85411784, within(1e-9));
        assertThat(v.get(Signal.RANGE_TOTAL)).as("unknown unit").isEmpty();
        assertThat(v.get(Signal.CHARGING_POWER)).as("W or kW cannot be told without a unit").isEmpty();
        assertThat(v.get(Signal.BATTERY_LEVEL)).as("out of range").isEmpty();
        assertThat(v.reportedAt()).isEmpty();
        assertThat(v.state()).as("no timestamps: nothing known about the car's activity").isEmpty();
    }

    @Test
    void plugInHybridFuelRangeIsTotalMinusElectric() throws Exception {
        Vehicle v = BmwMapper.toVehicle(ID, BmwMapper.readings(json("""
                {"telematicData": {
                  "vehicle.drivetrain.totalRemainingRange": {"value": "540", "unit": "km", "timestamp": null},
                  "vehicle.drivetrain.electricEngine.kombiRemainingElectricRange": {"value": "60", "unit": "km", "timestamp": null},
                  "vehicle.drivetrain.fuelSystem.level": {"value": "70", "unit": "%", "timestamp": null}
                }}""")), BmwMapper.StaticInfo.UNKNOWN, NOW);
        assertThat(v.get(Signal.RANGE_FUEL)).hasValue(480);
        assertThat(v.get(Signal.RANGE_TOTAL)).hasValue(540);
    }

    @Test
    void streamMessagesWithTypedValuesParseLikeRest() throws Exception {
        Vehicle v = BmwMapper.toVehicle(ID, BmwMapper.readings(json("""
                {"vin": "WBA71AW010FT00042", "timestamp": "2025-06-14T18:55:03.442Z", "data": {
                  "vehicle.drivetrain.batteryManagement.header": {"timestamp": "2025-06-14T18:55:01.000Z", "value": 61, "unit": "%"},
                  "vehicle.isMoving": {"timestamp": "2025-06-14T18:55:01.000Z", "value": true, "unit": null},
                  "vehicle.cabin.door.status": {"timestamp": "2025-06-14T18:55:01.000Z", "value": "ASN_unlocked", "unit": null},
                  "vehicle.status.checkControlMessages": {"timestamp": "2025-06-14T18:55:01.000Z",
                      "value": [{"severity": "HIGH"}, {"severity": "CRITICAL"}], "unit": null}
                }}""")), BmwMapper.StaticInfo.UNKNOWN, NOW);
        assertThat(v.get(Signal.BATTERY_LEVEL)).hasValue(61);
        assertThat(v.state()).contains(VehicleState.DRIVING);
        assertThat(v.get(Signal.LOCKED)).hasValue(0);
        assertThat(v.warnings()).containsEntry(Severity.HIGH, 2);
    }

    @Test
    void rightHandDriveSwapsDriverAndPassengerSides() throws Exception {
        Vehicle v = BmwMapper.toVehicle(ID, BmwMapper.readings(json("""
                {"telematicData": {
                  "vehicle.cabin.door.row1.driver.isOpen": {"value": "OPEN", "unit": null, "timestamp": null},
                  "vehicle.cabin.window.row1.driver.status": {"value": "OPEN", "unit": null, "timestamp": null}
                }}""")), new BmwMapper.StaticInfo(Optional.empty(), "bmw", OptionalDouble.empty(), true, null), NOW);
        assertThat(v.doorsOpen()).containsOnlyKeys(Door.FRONT_RIGHT);
        assertThat(v.windowsOpen()).containsOnlyKeys(Window.FRONT_RIGHT);
    }

    @Test
    void chargingStateRulesFollowThePlug() {
        assertThat(BmwMapper.chargingState("FINISHED_FULLY_CHARGED", true)).isEqualTo(ChargingState.COMPLETE);
        assertThat(BmwMapper.chargingState("FINISHED_NOT_FULL", true)).isEqualTo(ChargingState.STOPPED);
        assertThat(BmwMapper.chargingState("NOT_CHARGING", false)).isEqualTo(ChargingState.DISCONNECTED);
        assertThat(BmwMapper.chargingState("INVALID", false)).isEqualTo(ChargingState.DISCONNECTED);
        assertThat(BmwMapper.chargingState("WAITING_FOR_CHARGING", true)).isEqualTo(ChargingState.SCHEDULED);
        assertThat(BmwMapper.chargingState("ERROR", true)).isEqualTo(ChargingState.FAULT);
        assertThat(BmwMapper.chargingState("SOMETHING_NEW", true)).isEqualTo(ChargingState.UNKNOWN);
        assertThat(BmwMapper.chargingState(null, false)).isEqualTo(ChargingState.DISCONNECTED);
        assertThat(BmwMapper.chargingState(null, null)).isNull();
    }

    @Test
    void containerAsksForEveryKeyOnceAndAtMostTheCatalogueSize() {
        assertThat(BmwMapper.CONTAINER_KEYS).doesNotHaveDuplicates().allMatch(k -> k.startsWith("vehicle."));
        assertThat(BmwMapper.CONTAINER_KEYS).contains(BmwMapper.SOC_HEADER, BmwMapper.tire(2, "right", "pressure"));
    }
}
