package io.evobserver.core;

/**
 * Registers the observable instruments that read an instrumentor's snapshot. Implemented
 * by the telemetry package, so core needs no knowledge of the metric catalogue.
 */
@FunctionalInterface
public interface SnapshotRegistrar {
    /** Starts observing; closing the result unregisters the callbacks. */
    AutoCloseable register(VehicleInstrumentor instrumentor);

    SnapshotRegistrar NONE = i -> () -> { };
}
