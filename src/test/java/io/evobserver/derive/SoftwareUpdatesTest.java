package io.evobserver.derive;

import io.evobserver.core.DerivedReadings;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.Signal;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleId;
import io.evobserver.core.VehicleState;
import io.evobserver.testing.MutableClock;
import io.evobserver.testing.TempDirs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Software updates counted from the version of consecutive snapshots of one parked car; each
 * expectation is the number of version changes a person counts in the sequence.
 */
class SoftwareUpdatesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
    private static final VehicleId ID = VehicleId.of("VIN0000000000002", "tesla");

    /** One snapshot a minute from T0, each with the given version (null: the vendor said none). */
    private static List<EVMetricData> versions(String... versions) {
        return versionsAfter(0, versions);
    }

    /** The same, starting {@code hours} after T0. */
    private static List<EVMetricData> versionsAfter(long hours, String... versions) {
        List<EVMetricData> seq = new ArrayList<>();
        for (int i = 0; i < versions.length; i++) {
            Vehicle v = Vehicle.builder(ID).state(VehicleState.PARKED).set(Signal.ODOMETER, 1000)
                    .set(Signal.BATTERY_LEVEL, 70).softwareVersion(versions[i]).build();
            seq.add(EVMetricData.ofVehicles("tesla", T0.plusSeconds(3600 * hours + 60L * i), List.of(v)));
        }
        return seq;
    }

    private static DerivedReadings run(SnapshotDeriver deriver, List<EVMetricData> snapshots) {
        EVMetricData last = null;
        for (EVMetricData d : snapshots) {
            last = deriver.enrich(d);
        }
        return last.derivedFor(last.vehicles().get(0)).orElseThrow();
    }

    private static SnapshotDeriver deriver(Path file) {
        return new SnapshotDeriver(new DerivedStateStore(file), null, MutableClock.at("2026-03-02T07:00:00Z"));
    }

    private static Path stateFile() {
        return TempDirs.create("software-test").resolve("derived-tesla.json");
    }

    @Test
    void theFirstVersionSeenIsNotAnUpdate() {
        assertThat(run(deriver(stateFile()), versions("2026.20.1", "2026.20.1")).softwareUpdates()).hasValue(0);
    }

    @Test
    void eachChangeCountsOnceAndASnapshotWithoutAVersionChangesNothing() {
        // changes: .20.1 -> .26.5 (1), gap keeps .26.5, -> .32.2 (2); a downgrade back to .26.5 also changes (3)
        DerivedReadings d = run(deriver(stateFile()),
                versions("2026.20.1", "2026.20.1", "2026.26.5", null, "2026.26.5", "2026.32.2", "2026.26.5"));
        assertThat(d.softwareUpdates()).hasValue(3);
    }

    @Test
    void aVehicleWithoutAnyVersionHasNoUpdateCounter() {
        assertThat(run(deriver(stateFile()), versions(null, null, null)).softwareUpdates()).isEmpty();
    }

    @Test
    void aVersionFirstGivenLateIsTheBaselineNotAnUpdate() {
        assertThat(run(deriver(stateFile()), versions(null, "2026.20.1", "2026.26.5")).softwareUpdates())
                .hasValue(1);
    }

    @Test
    void aRestartNeitherCountsTheSameVersionAgainNorMissesAChangeMadeWhileStopped() throws Exception {
        Path file = stateFile();
        SnapshotDeriver first = deriver(file);
        assertThat(run(first, versions("2026.20.1", "2026.26.5")).softwareUpdates()).hasValue(1);
        first.close(); // the process stops
        assertThat(Files.readString(file)).contains("\"lastSoftwareVersion\":\"2026.26.5\"");

        // restarted on the same version: nothing new; then one change
        SnapshotDeriver second = deriver(file);
        assertThat(run(second, versionsAfter(1, "2026.26.5", "2026.26.5")).softwareUpdates()).hasValue(1);
        assertThat(run(second, versionsAfter(2, "2026.32.2", "2026.32.2")).softwareUpdates()).hasValue(2);
        second.close();

        // updated while stopped: the first snapshot after the restart already has the new version
        SnapshotDeriver third = deriver(file);
        assertThat(run(third, versionsAfter(3, "2026.38.1", "2026.38.1")).softwareUpdates()).hasValue(3);
    }
}
