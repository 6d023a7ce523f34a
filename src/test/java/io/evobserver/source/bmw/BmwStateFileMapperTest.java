package io.evobserver.source.bmw;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;

class BmwStateFileMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-06-14T19:00:00Z");
    private static final VehicleId ID = VehicleId.of("WBA71AW010FT00042", "bmw");

    private static Vehicle map(String fixture) throws Exception {
        JsonNode root = JSON.readTree(StubServer.fixture("bmw/" + fixture));
        assertThat(BmwStateFileMapper.looksLikeState(BmwStateFileMapper.stateOf(root))).isTrue();
        return BmwStateFileMapper.toVehicle(ID, root, NOW);
    }

    @Test
    void electricCarChargingAtHome() throws Exception {
        Vehicle v = map("state_file_ev_charging.json");
        assertThat(v.get(Signal.BATTERY_LEVEL)).hasValue(58);
        assertThat(v.get(Signal.RANGE_ELECTRIC)).hasValue(287);
        assertThat(v.get(Signal.RANGE_FUEL)).as("empty combustionFuelLevel of a BEV is ignored").isEmpty();
        assertThat(v.get(Signal.FUEL_LEVEL)).isEmpty();
        assertThat(v.get(Signal.ODOMETER)).hasValue(18432);
        assertThat(v.chargingState()).contains(ChargingState.CHARGING);
        assertThat(v.state()).contains(VehicleState.CHARGING);
        assertThat(v.get(Signal.CHARGING_CONNECTED)).hasValue(1);
        assertThat(v.get(Signal.CHARGING_LIMIT)).hasValue(80);
        assertThat(v.get(Signal.CHARGING_TIME_REMAINING)).hasValue(95 * 60);
        assertThat(v.get(Signal.LATITUDE)).hasValue(49.60021);
        assertThat(v.get(Signal.HEADING)).hasValue(212);
        assertThat(v.get(Signal.LOCKED)).hasValue(1);
        assertThat(v.get(Signal.CLIMATE_ACTIVE)).hasValue(0);
        assertThat(v.doorsOpen()).containsOnlyKeys(Door.values()).doesNotContainValue(true);
        assertThat(v.windowsOpen()).containsOnlyKeys(Window.values()).doesNotContainValue(true);
        assertThat(v.tirePressureKpa()).containsEntry(Tire.REAR_RIGHT, 277.0).hasSize(4);
        assertThat(v.tirePressureTargetKpa()).containsEntry(Tire.FRONT_LEFT, 250.0).hasSize(4);
        assertThat(v.warnings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Severity.LOW, 1, Severity.MEDIUM, 0, Severity.HIGH, 0));
        assertThat(v.get(Signal.SERVICE_DISTANCE_REMAINING)).hasValue(11500);
        assertThat(v.get(Signal.SERVICE_TIME_REMAINING)).hasValue(
                Instant.parse("2026-03-01T00:00:00Z").getEpochSecond() - NOW.getEpochSecond());
        assertThat(v.reportedAt()).contains(Instant.parse("2025-06-14T18:39:57Z"));
        assertThat(v.softwareVersion()).as("I-level of vehicleSoftwareVersion").contains("G026-24-03-560");
    }

    @Test
    void theSoftwareVersionIsReadInEachShapeTheAppUsesAndZerosAreNone() throws Exception {
        assertThat(BmwSoftwareVersion.of(JSON.readTree(
                "{\"iStep\": {\"iStep\": 570, \"month\": 7, \"year\": 24, \"seriesCluster\": \"G026\"},"
                        + " \"puStep\": {\"month\": 3, \"year\": 24}, \"seriesCluster\": \"G026\"}")))
                .isEqualTo("G026-24-07-570");
        assertThat(BmwSoftwareVersion.of(JSON.readTree("{\"month\": 11, \"year\": 2023}"))).isEqualTo("23-11");
        assertThat(BmwSoftwareVersion.of(JSON.readTree("\"S15A-23-07-530\""))).isEqualTo("S15A-23-07-530");
        assertThat(BmwSoftwareVersion.of(JSON.readTree(
                "{\"iStep\": {\"iStep\": 0, \"month\": 0, \"year\": 0, \"seriesCluster\": \"\"},"
                        + " \"puStep\": {\"month\": 0, \"year\": 0}, \"seriesCluster\": \"\"}"))).isNull();
        assertThat(BmwSoftwareVersion.of(null)).isNull();
        // an old car's bare state without the block has none
        assertThat(map("state_file_combustion_unlocked.json").softwareVersion()).isEmpty();
    }

    @Test
    void combustionCarWithOneWindowOpenAndUnlocked() throws Exception {
        // the reference's "ev-observer view" of this document
        Vehicle v = map("state_file_combustion_unlocked.json");
        assertThat(v.get(Signal.LOCKED)).hasValue(0);
        assertThat(v.windowsOpen()).containsEntry(Window.FRONT_LEFT, true).containsEntry(Window.REAR_LEFT, false)
                .doesNotContainKey(Window.SUNROOF);
        assertThat(v.warnings()).containsEntry(Severity.MEDIUM, 1).containsEntry(Severity.LOW, 1)
                .containsEntry(Severity.HIGH, 0);
        assertThat(v.get(Signal.FUEL_REMAINING)).hasValue(38);
        assertThat(v.get(Signal.FUEL_LEVEL)).hasValue(64);
        assertThat(v.get(Signal.RANGE_FUEL)).hasValue(512);
        assertThat(v.get(Signal.RANGE_TOTAL)).hasValue(512);
        assertThat(v.get(Signal.ODOMETER)).hasValue(64210);
        assertThat(v.get(Signal.BATTERY_LEVEL)).isEmpty();
        assertThat(v.chargingState()).isEmpty();
        assertThat(v.get(Signal.CHARGING_LIMIT)).as("targetSoc 0 on a combustion car").isEmpty();
        assertThat(v.get(Signal.CLIMATE_ACTIVE)).hasValue(0);
        assertThat(v.state()).contains(VehicleState.PARKED);
        assertThat(v.get(Signal.SERVICE_DISTANCE_REMAINING)).hasValue(1400);
        assertThat(v.tirePressureTargetKpa()).isEmpty();
        assertThat(v.reportedAt()).contains(Instant.parse("2025-06-13T21:17:02Z"));
    }

    @Test
    void plugInHybridFuelRangeSubtractsTheElectricPart() throws Exception {
        Vehicle v = BmwStateFileMapper.toVehicle(ID, JSON.readTree("""
                {"state": {"range": 540, "lastUpdatedAt": "0001-01-01T00:00:00Z", "lastFetched": "2025-06-14T07:05:33Z",
                  "electricChargingState": {"chargingLevelPercent": 40, "range": 30, "isChargerConnected": false,
                                            "chargingStatus": "INVALID"},
                  "combustionFuelLevel": {"range": 540, "remainingFuelLiters": 30, "remainingFuelPercent": 70}}}
                """), NOW);
        assertThat(v.get(Signal.RANGE_FUEL)).hasValue(510);
        assertThat(v.get(Signal.RANGE_TOTAL)).hasValue(540);
        assertThat(v.chargingState()).contains(ChargingState.DISCONNECTED);
        assertThat(v.reportedAt()).as("0001-01-01 means never: lastFetched instead")
                .contains(Instant.parse("2025-06-14T07:05:33Z"));
    }

    @Test
    void oldCarWithOnlyServicesAndABareStateObjectStillMaps() throws Exception {
        JsonNode bare = JSON.readTree("""
                {"checkControlMessages": [], "requiredServices": [{"type": "OIL", "status": "OK",
                 "dateTime": "2025-07-01T00:00:00.000Z"}], "climateTimers": []}""");
        assertThat(BmwStateFileMapper.looksLikeState(BmwStateFileMapper.stateOf(bare))).isTrue();
        Vehicle v = BmwStateFileMapper.toVehicle(ID, bare, NOW);
        assertThat(v.warnings()).containsEntry(Severity.LOW, 0).containsEntry(Severity.HIGH, 0);
        assertThat(v.get(Signal.SERVICE_TIME_REMAINING)).isPresent();
        assertThat(v.get(Signal.ODOMETER)).isEmpty();
        assertThat(v.doorsOpen()).isEmpty();
    }

    @Test
    void somethingElseIsNotAState() throws Exception {
        assertThat(BmwStateFileMapper.looksLikeState(JSON.readTree("{\"hello\": 1}"))).isFalse();
        assertThat(BmwStateFileMapper.looksLikeState(JSON.readTree("[1,2]"))).isFalse();
    }
}
