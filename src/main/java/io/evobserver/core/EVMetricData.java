package io.evobserver.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one refresh of one source learned: an immutable snapshot that the gauge
 * callbacks read until the next refresh replaces it.
 *
 * @param source   the source that produced it ({@code tesla}, {@code demo}, ...)
 * @param fetchedAt when the refresh finished
 */
public record EVMetricData(String source, Instant fetchedAt, List<Vehicle> vehicles, List<ChargeStation> stations) {
    public EVMetricData {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        vehicles = List.copyOf(vehicles);
        stations = List.copyOf(stations);
    }

    public static EVMetricData ofVehicles(String source, Instant at, List<Vehicle> vehicles) {
        return new EVMetricData(source, at, vehicles, List.of());
    }

    public static EVMetricData ofStations(String source, Instant at, List<ChargeStation> stations) {
        return new EVMetricData(source, at, List.of(), stations);
    }

    public static EVMetricData empty(String source, Instant at) {
        return new EVMetricData(source, at, List.of(), List.of());
    }
}
