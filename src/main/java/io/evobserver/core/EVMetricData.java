package io.evobserver.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one refresh of one source learned: an immutable snapshot that the gauges
 * read at each export until the next refresh replaces it.
 *
 * @param source   the source that produced it ({@code tesla}, {@code demo}, ...)
 * @param fetchedAt when the refresh finished
 * @param derived  per VIN, what the derive layer learned from this vehicle's earlier snapshots (empty until then)
 */
public record EVMetricData(String source, Instant fetchedAt, List<Vehicle> vehicles, List<ChargeStation> stations,
                           List<EnergySite> energySites, Map<String, DerivedReadings> derived) {
    public EVMetricData {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        vehicles = List.copyOf(vehicles);
        stations = List.copyOf(stations);
        energySites = energySites == null ? List.of() : List.copyOf(energySites);
        derived = derived == null ? Map.of() : Map.copyOf(derived);
    }

    public EVMetricData(String source, Instant fetchedAt, List<Vehicle> vehicles, List<ChargeStation> stations,
                        List<EnergySite> energySites) {
        this(source, fetchedAt, vehicles, stations, energySites, Map.of());
    }

    /** A snapshot without energy sites (every source but Tesla with {@code --tesla-energy}). */
    public EVMetricData(String source, Instant fetchedAt, List<Vehicle> vehicles, List<ChargeStation> stations) {
        this(source, fetchedAt, vehicles, stations, List.of());
    }

    /** The same snapshot with these home energy sites. */
    public EVMetricData withEnergySites(List<EnergySite> sites) {
        return new EVMetricData(source, fetchedAt, vehicles, stations, sites, derived);
    }

    /** The same snapshot with these derived readings (by VIN). */
    public EVMetricData withDerived(Map<String, DerivedReadings> readings) {
        return new EVMetricData(source, fetchedAt, vehicles, stations, energySites, readings);
    }

    /** What the derive layer knows about this vehicle, if anything. */
    public Optional<DerivedReadings> derivedFor(Vehicle vehicle) {
        return Optional.ofNullable(derived.get(vehicle.id().vin()));
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
