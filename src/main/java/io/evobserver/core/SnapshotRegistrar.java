package io.evobserver.core;

/**
 * Registers an instrumentor with the gauges that read its latest snapshot at each export. Implemented
 * by the telemetry package, so core needs no knowledge of the metric catalogue.
 */
@FunctionalInterface
public interface SnapshotRegistrar {
    /** Starts observing; closing the result stops exporting that instrumentor's snapshots. */
    AutoCloseable register(VehicleInstrumentor instrumentor);

    SnapshotRegistrar NONE = i -> () -> { };
}
