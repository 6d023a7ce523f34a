package io.evobserver.telemetry;

import io.evobserver.core.ChargeStation;
import io.evobserver.core.Connector;
import io.evobserver.core.ConnectorState;
import io.evobserver.core.DerivedReadings;
import io.evobserver.core.DerivedReadings.Label;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.EnergyReading;
import io.evobserver.core.EnergySite;
import io.evobserver.core.StateValue;
import io.evobserver.core.Vehicle;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One row of the metric catalogue: name, unit, description, instrument kind, and for
 * snapshot metrics the function that turns a vehicle or a station into points.
 *
 * @param attribute the extra attribute a point may carry ({@code state}, {@code door}...), or null
 */
public record MetricDefinition(String name, String unit, String description, Kind kind, Scope scope,
                               String attribute, VehicleWriter vehicleWriter, StationWriter stationWriter,
                               EnergyWriter energyWriter) {

    public enum Kind { GAUGE, COUNTER, HISTOGRAM }

    /**
     * What a metric describes, and so which attributes its points carry: VEHICLE and CHARGER
     * points only the stable identity (vin, brand; network, station, connector), the *_DETAILS
     * series (value 1, one per vehicle or station) also the descriptive attributes, so renaming
     * a car or a station changes one series instead of starting every series anew. A description
     * that changes on its own (the software version, see {@link #vehicleDescription}) is a VEHICLE
     * row whose key attribute carries it: identity plus that one value, no name to join twice.
     */
    public enum Scope { VEHICLE, VEHICLE_DETAILS, CHARGER, STATION_DETAILS, ENERGY, SELF }

    /** Receives one point: its value and, for keyed metrics, the key (null for none). */
    @FunctionalInterface
    public interface PointOut {
        void accept(double value, StateValue key);
    }

    @FunctionalInterface
    public interface VehicleWriter {
        void write(EVMetricData snapshot, Vehicle vehicle, Instant now, PointOut out);
    }

    /** Receives one station point: the connector it belongs to (or null) and the key (or null). */
    @FunctionalInterface
    public interface StationPointOut {
        void accept(double value, Connector connector, StateValue key);
    }

    @FunctionalInterface
    public interface StationWriter {
        void write(ChargeStation station, StationPointOut out);
    }

    /** Receives the points of one home energy site. */
    @FunctionalInterface
    public interface EnergyWriter {
        void write(EnergySite site, PointOut out);
    }

    /** Writes the points of one vehicle's derived readings (trips, sessions...). */
    @FunctionalInterface
    public interface DerivedWriter {
        void write(DerivedReadings readings, PointOut out);
    }

    public MetricDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
    }

    static MetricDefinition vehicle(String name, String unit, String description, VehicleWriter writer) {
        return new MetricDefinition(name, unit, description, Kind.GAUGE, Scope.VEHICLE, null, writer, null, null);
    }

    static MetricDefinition vehicle(String name, String unit, String description, VehicleWriter writer,
                                    String attribute) {
        return new MetricDefinition(name, unit, description, Kind.GAUGE, Scope.VEHICLE, attribute, writer, null,
                null);
    }

    /**
     * A metric of the derive layer's readings: a gauge, or a counter exported as a monotonic
     * cumulative sum that starts when the vehicle was first seen (kept across restarts).
     */
    static MetricDefinition derived(String name, String unit, Kind kind, String description, String attribute,
                                    DerivedWriter writer) {
        return new MetricDefinition(name, unit, description, kind, Scope.VEHICLE, attribute,
                (snapshot, v, now, out) -> snapshot.derivedFor(v).ifPresent(d -> writer.write(d, out)), null, null);
    }

    /** The per-vehicle details series: value 1, with the descriptive attributes. */
    static MetricDefinition vehicleDetails(String name, String unit, String description) {
        return new MetricDefinition(name, unit, description, Kind.GAUGE, Scope.VEHICLE_DETAILS, null,
                (snapshot, v, now, out) -> out.accept(1, null), null, null);
    }

    /**
     * A per-vehicle details series of one descriptive value that changes over the car's life (its
     * software version): 1, with the value as {@code attribute} beside the identity, so a change
     * ends one series and starts another while the identity's other series go on.
     */
    static MetricDefinition vehicleDescription(String name, String unit, String description, String attribute,
                                               Function<Vehicle, Optional<String>> value) {
        return new MetricDefinition(name, unit, description, Kind.GAUGE, Scope.VEHICLE, attribute,
                (snapshot, v, now, out) -> value.apply(v).ifPresent(x -> out.accept(1, new Label(x))), null, null);
    }

    /** The per-station details series: value 1, with name and position as attributes. */
    static MetricDefinition stationDetails(String name, String unit, String description) {
        return new MetricDefinition(name, unit, description, Kind.GAUGE, Scope.STATION_DETAILS, null, null,
                (station, out) -> out.accept(1, null, null), null);
    }

    static MetricDefinition station(String name, String unit, String description, String attribute,
                                    StationWriter writer) {
        return new MetricDefinition(name, unit, description, Kind.GAUGE, Scope.CHARGER, attribute, null, writer,
                null);
    }

    /** A home-energy reading kept in the model's unit and published in {@code unit}: value times {@code factor}. */
    static MetricDefinition energy(String name, String unit, String description, EnergyReading reading,
                                   double factor) {
        return new MetricDefinition(name, unit, description, Kind.GAUGE, Scope.ENERGY, null, null, null,
                (site, out) -> site.get(reading).ifPresent(v -> out.accept(v * factor, null)));
    }

    static MetricDefinition counter(String name, String unit, String description) {
        return new MetricDefinition(name, unit, description, Kind.COUNTER, Scope.SELF, null, null, null, null);
    }

    static MetricDefinition histogram(String name, String unit, String description) {
        return new MetricDefinition(name, unit, description, Kind.HISTOGRAM, Scope.SELF, null, null, null, null);
    }

    static MetricDefinition selfGauge(String name, String unit, String description) {
        return new MetricDefinition(name, unit, description, Kind.GAUGE, Scope.SELF, null, null, null, null);
    }

    static MetricDefinition connectorStateSet(String name, String description, StateValue[] all) {
        return station(name, MetricCatalogue.STATE, description, "state", (station, out) -> {
            for (Connector c : station.connectors()) {
                for (StateValue s : all) {
                    out.accept(s == c.state() ? 1 : 0, c, s);
                }
            }
        });
    }

    static MetricDefinition connectorMaxPower(String name, String unit, String description) {
        return station(name, unit, description, null, (station, out) -> {
            for (Connector c : station.connectors()) {
                if (c.maxPowerKw().isPresent()) {
                    out.accept(c.maxPowerKw().getAsDouble() * MetricCatalogue.WATTS_PER_KW, c, null);
                }
            }
        });
    }

    static MetricDefinition stationLatitude(String name, String unit, String description) {
        return station(name, unit, description, null, (station, out) -> station.latitude()
                .ifPresent(v -> out.accept(v, null, null)));
    }

    static MetricDefinition stationLongitude(String name, String unit, String description) {
        return station(name, unit, description, null, (station, out) -> station.longitude()
                .ifPresent(v -> out.accept(v, null, null)));
    }

    static MetricDefinition stationConnectorCounts(String name, String unit, String description,
                                                   ConnectorState[] all) {
        return station(name, unit, description, "state", (station, out) -> {
            EnumMap<ConnectorState, Integer> counts = new EnumMap<>(ConnectorState.class);
            for (Connector c : station.connectors()) {
                counts.merge(c.state(), 1, Integer::sum);
            }
            for (ConnectorState s : all) {
                out.accept(counts.getOrDefault(s, 0), null, s);
            }
        });
    }

    /** True for metrics read from snapshots by {@link SnapshotMetricProducer}. */
    public boolean fromSnapshot() {
        return scope != Scope.SELF;
    }

    /**
     * The series name on every supported path (built-in /metrics, Prometheus 3 OTLP, GreptimeDB,
     * VictoriaMetrics with Prometheus naming, the Collector's prometheus exporter): dots to
     * underscores, unit suffix, {@code _total} for counters. What dashboards query; see
     * docs/metrics.md for the rule that keeps the paths in agreement.
     */
    public String prometheusName() {
        return PrometheusNaming.metricName(name, unit, kind);
    }
}
