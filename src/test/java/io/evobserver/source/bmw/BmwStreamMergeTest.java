package io.evobserver.source.bmw;

import static org.assertj.core.api.Assertions.assertThat;

import io.evobserver.core.Signal;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleId;
import io.evobserver.testing.StubServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stream messages merged into a REST snapshot, without a broker (the IT does it with one). */
class BmwStreamMergeTest {

    private static final String VIN = "WBA71AW010FT00042";
    private static final Instant NOW = Instant.parse("2025-06-14T19:00:00Z");
    private final BmwReadingStore store = new BmwReadingStore();
    private final BmwMqttStream stream = new BmwMqttStream(null, null, store, Clock.systemUTC());

    private Vehicle vehicle() {
        return BmwMapper.toVehicle(VehicleId.of(VIN, "bmw"), store.readings(VIN), BmwMapper.StaticInfo.UNKNOWN, NOW);
    }

    private static byte[] message(String soc, String at) {
        return ("{\"vin\": \"" + VIN + "\", \"data\": {\"vehicle.drivetrain.batteryManagement.header\":"
                + " {\"timestamp\": \"" + at + "\", \"value\": " + soc + ", \"unit\": \"%\"}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void newerStreamValuesReplaceRestValuesKeyByKeyAndOlderOnesAreIgnored() throws Exception {
        store.merge(VIN, BmwMapper.readings(BmwMapperTest.json(
                StubServer.fixture("bmw/telematic_data_ev_charging.json"))));
        assertThat(vehicle().get(Signal.BATTERY_LEVEL)).hasValue(58);

        stream.accept("3f6c/" + VIN, message("61", "2025-06-14T18:55:01.000Z"));
        assertThat(vehicle().get(Signal.BATTERY_LEVEL)).hasValue(61);
        assertThat(vehicle().get(Signal.ODOMETER)).as("untouched keys stay").hasValue(18432);

        stream.accept("3f6c/" + VIN, message("\"57\"", "2025-06-14T18:10:00.000Z"));
        assertThat(vehicle().get(Signal.BATTERY_LEVEL)).as("a resent old value").hasValue(61);

        // a later REST snapshot with an older header timestamp does not undo the stream either
        store.merge(VIN, BmwMapper.readings(BmwMapperTest.json(
                StubServer.fixture("bmw/telematic_data_ev_charging.json"))));
        assertThat(vehicle().get(Signal.BATTERY_LEVEL)).hasValue(61);
        assertThat(vehicle().reportedAt()).contains(Instant.parse("2025-06-14T18:55:01Z"));
    }

    @Test
    void theVinComesFromTheTopicWhenThePayloadHasNoneAndGarbageIsDropped() throws Exception {
        stream.accept("3f6c1e2a/" + VIN, ("{\"data\": {\"vehicle.isMoving\": {\"value\": true, \"unit\": null,"
                + " \"timestamp\": \"2025-06-14T18:55:01.000Z\"}}}").getBytes(StandardCharsets.UTF_8));
        assertThat(store.has(VIN)).isTrue();
        stream.accept("x/y", "not json".getBytes(StandardCharsets.UTF_8));
        stream.accept("x/y", "{\"data\": 5}".getBytes(StandardCharsets.UTF_8));
        assertThat(stream.messages()).isEqualTo(2);
        assertThat(store.has("Y")).isFalse();
    }

    @Test
    void aNullRestValueNeverErasesAKnownOne() throws Exception {
        stream.accept("g/" + VIN, ("{\"data\": {\"vehicle.drivetrain.fuelSystem.level\": {\"value\": 40,"
                + " \"unit\": \"%\", \"timestamp\": \"2025-06-14T18:00:00.000Z\"}}}").getBytes(StandardCharsets.UTF_8));
        store.merge(VIN, BmwMapper.readings(BmwMapperTest.json(
                StubServer.fixture("bmw/telematic_data_ev_charging.json")))); // fuel level null, no timestamp
        assertThat(vehicle().get(Signal.FUEL_LEVEL)).hasValue(40);
    }
}
