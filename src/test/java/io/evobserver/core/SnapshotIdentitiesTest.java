package io.evobserver.core;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotIdentitiesTest {

    private static final Instant T = Instant.parse("2026-12-05T10:00:00Z");

    /** {@code level} tells the entries apart. */
    private static Vehicle car(String vin, Instant reported, int level) {
        Vehicle.Builder b = Vehicle.builder(VehicleId.of(vin, "tesla")).set(Signal.BATTERY_LEVEL, level);
        return reported == null ? b.build() : b.reportedAt(reported).build();
    }

    @Test
    void theSameVinTwiceKeepsTheMostRecentElseTheFirst() {
        EVMetricData data = EVMetricData.ofVehicles("tesla", T, List.of(
                car("XP7YGCEK5RB000042", T.minusSeconds(60), 1),
                car("XP7YGCEK5RB000043", null, 2),
                car("XP7YGCEK5RB000042", T, 3),
                car("XP7YGCEK5RB000043", null, 4)));
        SnapshotIdentities.Result r = SnapshotIdentities.dedupe(data);
        assertThat(r.duplicates()).isEqualTo(2);
        assertThat(r.data().vehicles()).extracting(v -> v.signals().get(Signal.BATTERY_LEVEL))
                .containsExactly(3.0, 2.0);
    }

    @Test
    void aSnapshotWithoutDuplicatesIsPassedOnAsItIs() {
        EVMetricData data = EVMetricData.ofVehicles("tesla", T, List.of(car("XP7YGCEK5RB000042", T, 5)));
        assertThat(SnapshotIdentities.dedupe(data)).isEqualTo(new SnapshotIdentities.Result(data, 0));
    }
}
