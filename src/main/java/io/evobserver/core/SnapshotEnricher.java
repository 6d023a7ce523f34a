package io.evobserver.core;

/**
 * Adds to each new snapshot what only a sequence of snapshots reveals (trips, charging
 * sessions, drain; see the derive package). Called by {@link VehicleInstrumentor} once per
 * successful refresh, from one thread at a time, before the snapshot is published.
 */
@FunctionalInterface
public interface SnapshotEnricher {
    EVMetricData enrich(EVMetricData snapshot);

    SnapshotEnricher NONE = s -> s;
}
