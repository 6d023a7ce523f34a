package io.evobserver.telemetry;

import io.evobserver.core.ChargingState;
import io.evobserver.core.ConnectorState;
import io.evobserver.core.DerivedReadings.ChargingType;
import io.evobserver.core.DerivedReadings.Label;
import io.evobserver.core.EnergyReading;
import io.evobserver.core.Signal;
import io.evobserver.core.StateValue;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleState;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static io.evobserver.telemetry.MetricDefinition.Kind.COUNTER;
import static io.evobserver.telemetry.MetricDefinition.Kind.GAUGE;
import static io.evobserver.telemetry.MetricDefinition.counter;
import static io.evobserver.telemetry.MetricDefinition.derived;
import static io.evobserver.telemetry.MetricDefinition.histogram;
import static io.evobserver.telemetry.MetricDefinition.selfGauge;

/**
 * The vendor-neutral metric catalogue (METRICS.md) as data. This one table creates the
 * instruments, prints {@code ev-observer metrics}, generates the README list and is what
 * the dashboard tests check against. Adding a metric is one line here.
 */
public final class MetricCatalogue {

    /** Unit of 0/1 flags: an annotation, so no translator adds a suffix (unit {@code 1} gets {@code _ratio}). */
    static final String FLAG = "{flag}";
    /** Unit of state sets (one 0/1 point per state, attribute {@code state}). */
    static final String STATE = "{state}";
    static final double WATTS_PER_KW = 1000;
    static final double JOULES_PER_KWH = 3.6e6;
    static final double JOULES_PER_WH = 3600;
    static final double BAR_PER_KPA = 0.01;

    private MetricCatalogue() {
    }

    /**
     * What the derive package learns from consecutive snapshots (trips, charging sessions,
     * drain, capacity): its own block, appended to {@link #ALL}.
     */
    public static final List<MetricDefinition> DERIVED = List.of(
            derived("vehicle.trips", "{trip}", COUNTER, "Completed trips", null,
                    (d, out) -> out.accept(d.trips(), null)),
            derived("vehicle.trip.distance", "km", COUNTER, "Distance of completed trips", null,
                    (d, out) -> out.accept(d.tripKm(), null)),
            scaledDerived("vehicle.trip.energy", "J", JOULES_PER_KWH, COUNTER,
                    "Battery energy used by completed trips (ΔSoC x capacity)", null,
                    (d, out) -> out.accept(d.tripKwh(), null)),
            derived("vehicle.charging.sessions", "{session}", COUNTER, "Completed charging sessions", null,
                    (d, out) -> out.accept(d.sessions(), null)),
            scaledDerived("vehicle.charging.energy", "J", JOULES_PER_KWH, COUNTER,
                    "Energy added by completed charging sessions, attribute charging.type (ac, dc)", "charging.type",
                    (d, out) -> {
                        out.accept(d.energyAddedAcKwh(), ChargingType.AC);
                        out.accept(d.energyAddedDcKwh(), ChargingType.DC);
                    }),
            derived("vehicle.charging.cost", "{currency}", COUNTER,
                    "What completed sessions cost under --tariff, attribute currency", "currency",
                    (d, out) -> d.currency().ifPresent(c -> out.accept(d.costTotal(), new Label(c)))),
            derived("vehicle.trip.last.distance", "km", GAUGE, "Distance of the last completed trip", null,
                    (d, out) -> d.lastTrip().ifPresent(t -> out.accept(t.distanceKm(), null))),
            derived("vehicle.trip.last.duration", "s", GAUGE, "Duration of the last completed trip", null,
                    (d, out) -> d.lastTrip().ifPresent(t -> out.accept(t.duration().toSeconds(), null))),
            scaledDerived("vehicle.trip.last.energy", "J", JOULES_PER_KWH, GAUGE, "Battery energy the last completed trip used", null,
                    (d, out) -> d.lastTrip().ifPresent(t -> t.energyKwh().ifPresent(e -> out.accept(e, null)))),
            scaledDerived("vehicle.trip.last.efficiency", "J/km", JOULES_PER_WH, GAUGE,
                    "Consumption of the last completed trip (1 km or longer; 3.6 kJ/km = 1 Wh/km)", null,
                    (d, out) -> d.lastTrip().ifPresent(t -> t.efficiencyWhPerKm().ifPresent(e -> out.accept(e, null)))),
            scaledDerived("vehicle.charging.last_session.energy_added", "J", JOULES_PER_KWH, GAUGE,
                    "Energy added by the last completed charging session", null,
                    (d, out) -> d.lastSession().ifPresent(x -> out.accept(x.energyKwh(), null))),
            derived("vehicle.charging.last_session.duration", "s", GAUGE,
                    "Duration of the last completed charging session", null,
                    (d, out) -> d.lastSession().ifPresent(x -> out.accept(x.duration().toSeconds(), null))),
            scaledDerived("vehicle.charging.last_session.average_power", "W", WATTS_PER_KW, GAUGE,
                    "Average power of the last completed charging session", null,
                    (d, out) -> d.lastSession().ifPresent(x -> x.averagePowerKw().ifPresent(p -> out.accept(p, null)))),
            scaledDerived("vehicle.charging.last_session.peak_power", "W", WATTS_PER_KW, GAUGE,
                    "Highest power seen in the last completed charging session", null,
                    (d, out) -> d.lastSession().ifPresent(x -> x.peakPowerKw().ifPresent(p -> out.accept(p, null)))),
            derived("vehicle.charging.last_session.battery_level_from", "%", GAUGE,
                    "State of charge when the last completed session started", null,
                    (d, out) -> d.lastSession().ifPresent(x -> x.socFrom().ifPresent(p -> out.accept(p, null)))),
            derived("vehicle.charging.last_session.battery_level_to", "%", GAUGE,
                    "State of charge when the last completed session ended", null,
                    (d, out) -> d.lastSession().ifPresent(x -> x.socTo().ifPresent(p -> out.accept(p, null)))),
            derived("vehicle.charging.last_session.cost", "{currency}", GAUGE,
                    "What the last completed session cost under --tariff, attribute currency", "currency",
                    (d, out) -> d.lastSession().ifPresent(x -> x.cost().ifPresent(
                            c -> out.accept(c, new Label(d.currency().orElseThrow()))))),
            derived("vehicle.idle.drain", "%/d", GAUGE,
                    "State of charge lost per day while parked (last parked period, charging excluded)", null,
                    (d, out) -> d.lastParked().ifPresent(p -> out.accept(p.percentPerDay(), null))),
            scaledDerived("vehicle.idle.energy_drain", "J/d", JOULES_PER_KWH, GAUGE,
                    "Energy lost per day while parked (last parked period, charging excluded)", null,
                    (d, out) -> d.lastParked().ifPresent(p -> p.kwhPerDay().ifPresent(k -> out.accept(k, null)))),
            scaledDerived("vehicle.battery.capacity.estimated", "J", JOULES_PER_KWH, GAUGE,
                    "Usable capacity estimated from sessions of 20 SoC points or more (energy added / ΔSoC), smoothed",
                    null, (d, out) -> d.capacityEstimateKwh().ifPresent(c -> out.accept(c, null))),
            derived("vehicle.software.updates", "{update}", COUNTER,
                    "Software version changes seen between two snapshots (the first version seen is none); "
                            + "only for vehicles whose vendor reports a version", null,
                    (d, out) -> d.softwareUpdates().ifPresent(n -> out.accept(n, null))));

    public static final List<MetricDefinition> ALL = java.util.stream.Stream.concat(java.util.stream.Stream.of(
            // --- vehicles ----------------------------------------------------------------------
            MetricDefinition.vehicleDetails("vehicle.details", "{vehicle}",
                    "Always 1; carries the vehicle's descriptive attributes (vehicle.name, vehicle.model) to join on"),
            MetricDefinition.vehicleDescription("vehicle.software.details", "{vehicle}",
                    "Always 1; attribute vehicle.software.version, the software the vendor reports (not every vendor does)",
                    "vehicle.software.version", Vehicle::softwareVersion),
            scalar("vehicle.battery.level", "%", "State of charge shown to the driver", Signal.BATTERY_LEVEL),
            scalar("vehicle.battery.usable_level", "%", "Usable state of charge (cold battery), when given",
                    Signal.BATTERY_USABLE_LEVEL),
            scaled("vehicle.battery.capacity", "J", "Nominal usable battery capacity (3.6 MJ = 1 kWh)",
                    Signal.BATTERY_CAPACITY, JOULES_PER_KWH),
            scalar("vehicle.range.electric", "km", "Estimated electric range", Signal.RANGE_ELECTRIC),
            scalar("vehicle.range.fuel", "km", "Estimated range on fuel", Signal.RANGE_FUEL),
            scalar("vehicle.range.combined", "km", "Combined range (hybrids and combustion cars)", Signal.RANGE_TOTAL),
            scalar("vehicle.fuel.level", "%", "Fuel tank level", Signal.FUEL_LEVEL),
            scalar("vehicle.fuel.remaining", "l", "Fuel left in the tank", Signal.FUEL_REMAINING),
            scalar("vehicle.odometer", "km", "Total distance driven", Signal.ODOMETER),
            stateSet("vehicle.charging.state", "Charging state (state set, attribute state)",
                    Vehicle::chargingState, ChargingState.values()),
            scalar("vehicle.charging.connected", FLAG, "Charge cable plugged in (0/1)", Signal.CHARGING_CONNECTED),
            scaled("vehicle.charging.power", "W", "Power flowing into the car", Signal.CHARGING_POWER, WATTS_PER_KW),
            scalar("vehicle.charging.voltage", "V", "Charging voltage", Signal.CHARGING_VOLTAGE),
            scalar("vehicle.charging.current", "A", "Charging current", Signal.CHARGING_CURRENT),
            scalar("vehicle.charging.limit", "%", "Target state of charge", Signal.CHARGING_LIMIT),
            scaled("vehicle.charging.energy_added", "J", "Energy added in the current or last session",
                    Signal.CHARGING_ENERGY_ADDED, JOULES_PER_KWH),
            scalar("vehicle.charging.time_remaining", "s", "Time to reach the charge target",
                    Signal.CHARGING_TIME_REMAINING),
            scalar("vehicle.charging.fast_charger", FLAG, "DC fast charging (0/1)", Signal.CHARGING_FAST_CHARGER),
            stateSet("vehicle.state", "What the vehicle is doing (state set, attribute state)",
                    Vehicle::state, VehicleState.values()),
            scalar("vehicle.location.latitude", "deg", "Latitude, WGS84", Signal.LATITUDE),
            scalar("vehicle.location.longitude", "deg", "Longitude, WGS84", Signal.LONGITUDE),
            scalar("vehicle.location.heading", "deg", "Heading, 0-359", Signal.HEADING),
            scalar("vehicle.speed", "km/h", "Speed", Signal.SPEED),
            scaled("vehicle.power", "W", "Drive power (negative while regenerating)", Signal.POWER, WATTS_PER_KW),
            scalar("vehicle.climate.inside_temperature", "Cel", "Cabin temperature", Signal.INSIDE_TEMPERATURE),
            scalar("vehicle.climate.outside_temperature", "Cel", "Outside temperature", Signal.OUTSIDE_TEMPERATURE),
            scalar("vehicle.climate.active", FLAG, "Climate or preconditioning on (0/1)", Signal.CLIMATE_ACTIVE),
            scalar("vehicle.locked", FLAG, "Vehicle locked (0/1)", Signal.LOCKED),
            keyedFlag("vehicle.door.open", "Door open (0/1), attribute door; a frunk counts as hood", "door",
                    Vehicle::doorsOpen),
            keyedFlag("vehicle.window.open", "Window open (0/1), attribute window", "window",
                    Vehicle::windowsOpen),
            keyed("vehicle.tire.pressure", "bar", "Tire pressure, attribute tire", "tire",
                    Vehicle::tirePressureKpa, BAR_PER_KPA),
            keyed("vehicle.tire.pressure_target", "bar", "Recommended tire pressure, attribute tire", "tire",
                    Vehicle::tirePressureTargetKpa, BAR_PER_KPA),
            keyed("vehicle.warnings", "{warning}", "Active warnings / check-control messages, attribute severity",
                    "severity", Vehicle::warnings, 1),
            scalar("vehicle.service.distance_remaining", "km", "Distance to the next service",
                    Signal.SERVICE_DISTANCE_REMAINING),
            scalar("vehicle.service.time_remaining", "s", "Time to the next service", Signal.SERVICE_TIME_REMAINING),
            scalar("vehicle.sentry_mode", FLAG, "Sentry / security camera mode on (0/1)", Signal.SENTRY_MODE),
            MetricDefinition.vehicle("vehicle.data.age", "s", "Seconds since the vendor last reported data",
                    (snapshot, v, now, out) -> {
                        Duration age = Duration.between(v.reportedAt().orElse(snapshot.fetchedAt()), now);
                        out.accept(Math.max(0, age.toMillis() / 1000.0), null);
                    }),

            // --- public charge points ----------------------------------------------------------
            MetricDefinition.stationDetails("charger.station.details", "{station}",
                    "Always 1; carries the station's descriptive attributes (name, position) to join on"),
            MetricDefinition.connectorStateSet("charger.connector.state",
                    "Connector state (state set, attribute state)", ConnectorState.values()),
            MetricDefinition.connectorMaxPower("charger.connector.max_power", "W", "Rated power of the connector"),
            MetricDefinition.stationLatitude("charger.station.location.latitude", "deg", "Station latitude, WGS84"),
            MetricDefinition.stationLongitude("charger.station.location.longitude", "deg",
                    "Station longitude, WGS84"),
            MetricDefinition.stationConnectorCounts("charger.station.connectors", "{connector}",
                    "Connectors per station by state (attribute state)", ConnectorState.values()),

            // --- home energy sites (Tesla Powerwall / solar with --tesla-energy) -----------------
            MetricDefinition.energy("energy.solar.power", "W", "Solar generation", EnergyReading.SOLAR_POWER, WATTS_PER_KW),
            MetricDefinition.energy("energy.battery.power", "W",
                    "Home battery power (positive = discharging into the home)", EnergyReading.BATTERY_POWER,
                    WATTS_PER_KW),
            MetricDefinition.energy("energy.load.power", "W", "Home consumption", EnergyReading.LOAD_POWER, WATTS_PER_KW),
            MetricDefinition.energy("energy.grid.power", "W", "Grid power (positive = import, negative = export)",
                    EnergyReading.GRID_POWER, WATTS_PER_KW),
            MetricDefinition.energy("energy.battery.level", "%", "Home battery state of charge",
                    EnergyReading.BATTERY_LEVEL, 1),
            MetricDefinition.energy("energy.battery.remaining", "J", "Energy stored in the home battery",
                    EnergyReading.BATTERY_REMAINING, JOULES_PER_KWH),
            MetricDefinition.energy("energy.battery.capacity", "J", "Usable capacity of the home battery",
                    EnergyReading.BATTERY_CAPACITY, JOULES_PER_KWH),

            // --- the tool's own health ---------------------------------------------------------
            counter("ev_observer.api.requests", "{request}",
                    "Vendor API requests; attributes vendor, endpoint (a template), status"),
            histogram("ev_observer.api.duration", "s", "Vendor API request duration; attributes vendor, endpoint"),
            counter("ev_observer.api.cost", "{cost}",
                    "What the vendor API calls cost (per-request pricing); attributes vendor, endpoint, currency"),
            counter("ev_observer.refresh.errors", "{error}", "Failed refreshes; attributes vendor, reason"),
            counter("ev_observer.vehicle.wakeups", "{wakeup}", "Wake-up commands sent; attribute vendor"),
            selfGauge("ev_observer.api.budget_remaining", "{call}",
                    "Vendor API calls left in the quota window (BMW CarData: 50 per 24 h); attribute vendor"),
            counter("ev_observer.snapshot.duplicates", "{entry}",
                    "Snapshot entries dropped because their VIN or station was already listed; attribute vendor"),
            selfGauge("ev_observer.refresh.last_success_timestamp", "s",
                    "Unix time of the last successful refresh per source; attribute vendor"),
            counter("ev_observer.buffer.dropped", "{export}",
                    "OTLP export requests the disk buffer dropped unsent, oldest first; attribute reason "
                            + "(full, write_failed, too_old, unreadable, too_big)")), DERIVED.stream()).toList();


    /** A derived metric whose readings come in the model's units (kWh, kW) and leave in base units. */
    private static MetricDefinition scaledDerived(String name, String unit, double factor, MetricDefinition.Kind kind,
                                                  String description, String attribute,
                                                  MetricDefinition.DerivedWriter writer) {
        return derived(name, unit, kind, description, attribute,
                (d, out) -> writer.write(d, (value, key) -> out.accept(value * factor, key)));
    }

    /** Looks a metric up by name; for the self-metric instruments and the last-success gauge. */
    public static MetricDefinition byName(String name) {
        for (MetricDefinition d : ALL) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("no metric named " + name + " in the catalogue");
    }

    private static MetricDefinition scalar(String name, String unit, String description, Signal signal) {
        return MetricDefinition.vehicle(name, unit, description, (snapshot, v, now, out) -> {
            Double value = v.signals().get(signal);
            if (value != null) {
                out.accept(value, null);
            }
        });
    }

    /** A reading kept in the model's unit (kW, kWh...) and published in {@code unit}: value times {@code factor}. */
    private static MetricDefinition scaled(String name, String unit, String description, Signal signal,
                                           double factor) {
        return MetricDefinition.vehicle(name, unit, description, (snapshot, v, now, out) -> {
            Double value = v.signals().get(signal);
            if (value != null) {
                out.accept(value * factor, null);
            }
        });
    }

    private static MetricDefinition stateSet(String name, String description,
                                             Function<Vehicle, ? extends Optional<? extends StateValue>> state,
                                             StateValue[] all) {
        return MetricDefinition.vehicle(name, STATE, description, (snapshot, v, now, out) -> {
            Optional<? extends StateValue> current = state.apply(v);
            if (current.isPresent()) {
                for (StateValue s : all) {
                    out.accept(s == current.get() ? 1 : 0, s);
                }
            }
        }, "state");
    }

    private static MetricDefinition keyed(String name, String unit, String description, String attribute,
                                          Function<Vehicle, ? extends Map<? extends StateValue, ? extends Number>> values,
                                          double factor) {
        return MetricDefinition.vehicle(name, unit, description, (snapshot, v, now, out) -> {
            for (Map.Entry<? extends StateValue, ? extends Number> e : values.apply(v).entrySet()) {
                out.accept(e.getValue().doubleValue() * factor, e.getKey());
            }
        }, attribute);
    }

    private static MetricDefinition keyedFlag(String name, String description, String attribute,
                                              Function<Vehicle, ? extends Map<? extends StateValue, Boolean>> values) {
        return MetricDefinition.vehicle(name, FLAG, description, (snapshot, v, now, out) -> {
            for (Map.Entry<? extends StateValue, Boolean> e : values.apply(v).entrySet()) {
                out.accept(e.getValue() ? 1 : 0, e.getKey());
            }
        }, attribute);
    }
}
