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
            derived("vehicle.trip.energy", "kWh", COUNTER,
                    "Battery energy used by completed trips (ΔSoC x capacity)", null,
                    (d, out) -> out.accept(d.tripKwh(), null)),
            derived("vehicle.charging.sessions", "{session}", COUNTER, "Completed charging sessions", null,
                    (d, out) -> out.accept(d.sessions(), null)),
            derived("vehicle.charging.energy", "kWh", COUNTER,
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
            derived("vehicle.trip.last.energy", "kWh", GAUGE, "Battery energy the last completed trip used", null,
                    (d, out) -> d.lastTrip().ifPresent(t -> t.energyKwh().ifPresent(e -> out.accept(e, null)))),
            derived("vehicle.trip.last.efficiency", "Wh/km", GAUGE,
                    "Consumption of the last completed trip (1 km or longer)", null,
                    (d, out) -> d.lastTrip().ifPresent(t -> t.efficiencyWhPerKm().ifPresent(e -> out.accept(e, null)))),
            derived("vehicle.charging.last_session.energy_added", "kWh", GAUGE,
                    "Energy added by the last completed charging session", null,
                    (d, out) -> d.lastSession().ifPresent(x -> out.accept(x.energyKwh(), null))),
            derived("vehicle.charging.last_session.duration", "s", GAUGE,
                    "Duration of the last completed charging session", null,
                    (d, out) -> d.lastSession().ifPresent(x -> out.accept(x.duration().toSeconds(), null))),
            derived("vehicle.charging.last_session.average_power", "kW", GAUGE,
                    "Average power of the last completed charging session", null,
                    (d, out) -> d.lastSession().ifPresent(x -> x.averagePowerKw().ifPresent(p -> out.accept(p, null)))),
            derived("vehicle.charging.last_session.peak_power", "kW", GAUGE,
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
            derived("vehicle.idle.energy_drain", "kWh/d", GAUGE,
                    "Energy lost per day while parked (last parked period, charging excluded)", null,
                    (d, out) -> d.lastParked().ifPresent(p -> p.kwhPerDay().ifPresent(k -> out.accept(k, null)))),
            derived("vehicle.battery.capacity.estimated", "kWh", GAUGE,
                    "Usable capacity estimated from sessions of 20 SoC points or more (energy added / ΔSoC), smoothed",
                    null, (d, out) -> d.capacityEstimateKwh().ifPresent(c -> out.accept(c, null))));

    public static final List<MetricDefinition> ALL = java.util.stream.Stream.concat(java.util.stream.Stream.of(
            // --- vehicles ----------------------------------------------------------------------
            scalar("vehicle.battery.level", "%", "State of charge shown to the driver", Signal.BATTERY_LEVEL),
            scalar("vehicle.battery.usable_level", "%", "Usable state of charge (cold battery), when given",
                    Signal.BATTERY_USABLE_LEVEL),
            scalar("vehicle.battery.capacity", "kWh", "Nominal usable battery capacity", Signal.BATTERY_CAPACITY),
            scalar("vehicle.range.electric", "km", "Estimated electric range", Signal.RANGE_ELECTRIC),
            scalar("vehicle.range.fuel", "km", "Estimated range on fuel", Signal.RANGE_FUEL),
            scalar("vehicle.range.total", "km", "Combined range (hybrids and combustion cars)", Signal.RANGE_TOTAL),
            scalar("vehicle.fuel.level", "%", "Fuel tank level", Signal.FUEL_LEVEL),
            scalar("vehicle.fuel.remaining", "L", "Fuel left in the tank", Signal.FUEL_REMAINING),
            scalar("vehicle.odometer", "km", "Total distance driven", Signal.ODOMETER),
            stateSet("vehicle.charging.state", "Charging state (state set, attribute state)",
                    Vehicle::chargingState, ChargingState.values()),
            scalar("vehicle.charging.connected", "1", "Charge cable plugged in (0/1)", Signal.CHARGING_CONNECTED),
            scalar("vehicle.charging.power", "kW", "Power flowing into the car", Signal.CHARGING_POWER),
            scalar("vehicle.charging.voltage", "V", "Charging voltage", Signal.CHARGING_VOLTAGE),
            scalar("vehicle.charging.current", "A", "Charging current", Signal.CHARGING_CURRENT),
            scalar("vehicle.charging.limit", "%", "Target state of charge", Signal.CHARGING_LIMIT),
            scalar("vehicle.charging.energy_added", "kWh", "Energy added in the current or last session",
                    Signal.CHARGING_ENERGY_ADDED),
            scalar("vehicle.charging.time_remaining", "s", "Time to reach the charge target",
                    Signal.CHARGING_TIME_REMAINING),
            scalar("vehicle.charging.fast_charger", "1", "DC fast charging (0/1)", Signal.CHARGING_FAST_CHARGER),
            stateSet("vehicle.state", "What the vehicle is doing (state set, attribute state)",
                    Vehicle::state, VehicleState.values()),
            scalar("vehicle.location.latitude", "deg", "Latitude, WGS84", Signal.LATITUDE),
            scalar("vehicle.location.longitude", "deg", "Longitude, WGS84", Signal.LONGITUDE),
            scalar("vehicle.location.heading", "deg", "Heading, 0-359", Signal.HEADING),
            scalar("vehicle.speed", "km/h", "Speed", Signal.SPEED),
            scalar("vehicle.power", "kW", "Drive power (negative while regenerating)", Signal.POWER),
            scalar("vehicle.climate.inside_temperature", "Cel", "Cabin temperature", Signal.INSIDE_TEMPERATURE),
            scalar("vehicle.climate.outside_temperature", "Cel", "Outside temperature", Signal.OUTSIDE_TEMPERATURE),
            scalar("vehicle.climate.active", "1", "Climate or preconditioning on (0/1)", Signal.CLIMATE_ACTIVE),
            scalar("vehicle.locked", "1", "Vehicle locked (0/1)", Signal.LOCKED),
            keyedFlag("vehicle.door.open", "Door open (0/1), attribute door; a frunk counts as hood", "door",
                    Vehicle::doorsOpen),
            keyedFlag("vehicle.window.open", "Window open (0/1), attribute window", "window",
                    Vehicle::windowsOpen),
            keyed("vehicle.tire.pressure", "kPa", "Tire pressure, attribute tire", "tire",
                    Vehicle::tirePressureKpa),
            keyed("vehicle.tire.pressure_target", "kPa", "Recommended tire pressure, attribute tire", "tire",
                    Vehicle::tirePressureTargetKpa),
            keyed("vehicle.warning.count", "{warning}", "Active warnings / check-control messages, attribute severity",
                    "severity", Vehicle::warnings),
            scalar("vehicle.service.distance_remaining", "km", "Distance to the next service",
                    Signal.SERVICE_DISTANCE_REMAINING),
            scalar("vehicle.service.time_remaining", "s", "Time to the next service", Signal.SERVICE_TIME_REMAINING),
            scalar("vehicle.sentry_mode", "1", "Sentry / security camera mode on (0/1)", Signal.SENTRY_MODE),
            MetricDefinition.vehicle("vehicle.data.age", "s", "Seconds since the vendor last reported data",
                    (snapshot, v, now, out) -> {
                        Duration age = Duration.between(v.reportedAt().orElse(snapshot.fetchedAt()), now);
                        out.accept(Math.max(0, age.toMillis() / 1000.0), null);
                    }),

            // --- public charge points ----------------------------------------------------------
            MetricDefinition.connectorStateSet("charger.connector.state",
                    "Connector state (state set, attribute state)", ConnectorState.values()),
            MetricDefinition.connectorMaxPower("charger.connector.max_power", "kW", "Rated power of the connector"),
            MetricDefinition.stationLatitude("charger.station.location.latitude", "deg", "Station latitude, WGS84"),
            MetricDefinition.stationLongitude("charger.station.location.longitude", "deg",
                    "Station longitude, WGS84"),
            MetricDefinition.stationConnectorCounts("charger.station.connectors", "{connector}",
                    "Connectors per station by state (attribute state)", ConnectorState.values()),

            // --- home energy sites (Tesla Powerwall / solar with --tesla-energy) -----------------
            MetricDefinition.energy("energy.solar.power", "kW", "Solar generation", EnergyReading.SOLAR_POWER),
            MetricDefinition.energy("energy.battery.power", "kW",
                    "Home battery power (positive = discharging into the home)", EnergyReading.BATTERY_POWER),
            MetricDefinition.energy("energy.load.power", "kW", "Home consumption", EnergyReading.LOAD_POWER),
            MetricDefinition.energy("energy.grid.power", "kW", "Grid power (positive = import, negative = export)",
                    EnergyReading.GRID_POWER),
            MetricDefinition.energy("energy.battery.level", "%", "Home battery state of charge",
                    EnergyReading.BATTERY_LEVEL),
            MetricDefinition.energy("energy.battery.remaining", "kWh", "Energy stored in the home battery",
                    EnergyReading.BATTERY_REMAINING),
            MetricDefinition.energy("energy.battery.capacity", "kWh", "Usable capacity of the home battery",
                    EnergyReading.BATTERY_CAPACITY),

            // --- the tool's own health ---------------------------------------------------------
            counter("ev_observer.api.requests", "1",
                    "Vendor API requests; attributes vendor, endpoint (a template), status"),
            histogram("ev_observer.api.duration", "s", "Vendor API request duration; attributes vendor, endpoint"),
            counter("ev_observer.api.cost", "{USD}",
                    "What the vendor API calls cost (per-request pricing); attributes vendor, endpoint"),
            counter("ev_observer.refresh.errors", "1", "Failed refreshes; attributes vendor, reason"),
            counter("ev_observer.vehicle.wakeups", "1", "Wake-up commands sent; attribute vendor"),
            counter("ev_observer.snapshot.duplicates", "{entry}",
                    "Snapshot entries dropped because their VIN or station was already listed; attribute vendor"),
            selfGauge("ev_observer.api.budget_remaining", "{call}",
                    "Vendor API calls left in the quota window (BMW CarData: 50 per 24 h); attribute vendor"),
            selfGauge("ev_observer.refresh.last_success", "s",
                    "Unix time of the last successful refresh per source; attribute vendor"),
            counter("ev_observer.buffer.dropped", "{export}",
                    "OTLP export requests the disk buffer dropped unsent, oldest first; attribute reason "
                            + "(full, write_failed, too_old, unreadable, too_big)")), DERIVED.stream()).toList();


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

    private static MetricDefinition stateSet(String name, String description,
                                             Function<Vehicle, ? extends Optional<? extends StateValue>> state,
                                             StateValue[] all) {
        return MetricDefinition.vehicle(name, "1", description, (snapshot, v, now, out) -> {
            Optional<? extends StateValue> current = state.apply(v);
            if (current.isPresent()) {
                for (StateValue s : all) {
                    out.accept(s == current.get() ? 1 : 0, s);
                }
            }
        }, "state");
    }

    private static MetricDefinition keyed(String name, String unit, String description, String attribute,
                                          Function<Vehicle, ? extends Map<? extends StateValue, ? extends Number>> values) {
        return MetricDefinition.vehicle(name, unit, description, (snapshot, v, now, out) -> {
            for (Map.Entry<? extends StateValue, ? extends Number> e : values.apply(v).entrySet()) {
                out.accept(e.getValue().doubleValue(), e.getKey());
            }
        }, attribute);
    }

    private static MetricDefinition keyedFlag(String name, String description, String attribute,
                                              Function<Vehicle, ? extends Map<? extends StateValue, Boolean>> values) {
        return MetricDefinition.vehicle(name, "1", description, (snapshot, v, now, out) -> {
            for (Map.Entry<? extends StateValue, Boolean> e : values.apply(v).entrySet()) {
                out.accept(e.getValue() ? 1 : 0, e.getKey());
            }
        }, attribute);
    }
}
