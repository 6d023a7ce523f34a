package io.evobserver.source.volvo;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The per-vehicle read endpoints ev-observer polls, with the scopes that grant them and how often
 * each is worth calling. Fast-changing readings (doors, engine, charging, position) are polled every
 * minute while the car is driving or charging; slow ones (service, bulbs, tyres) hourly. Listed in
 * polling priority: when the request budget is short, earlier entries are served first.
 * The details come first because the fuel type decides whether the energy state is asked for.
 */
enum VolvoEndpoint {
    /** Model, fuel type, battery size: they do not change, so once a day is plenty. */
    DETAILS("/connected-vehicle/v2/vehicles/{vin}", Duration.ofHours(24), Duration.ofHours(24),
            "conve:vehicle_relation"),
    DOORS("/connected-vehicle/v2/vehicles/{vin}/doors", minutes(1), minutes(5),
            "conve:doors_status", "conve:lock_status"),
    ENGINE_STATUS("/connected-vehicle/v2/vehicles/{vin}/engine-status", minutes(1), minutes(5),
            "conve:engine_status"),
    ENERGY_STATE("/energy/v2/vehicles/{vin}/state", minutes(1), minutes(5), "energy:state:read"),
    WINDOWS("/connected-vehicle/v2/vehicles/{vin}/windows", minutes(1), minutes(5), "conve:windows_status"),
    LOCATION("/location/v1/vehicles/{vin}/location", minutes(1), minutes(15), "location:read"),
    STATISTICS("/connected-vehicle/v2/vehicles/{vin}/statistics", minutes(2), minutes(15),
            "conve:trip_statistics"),
    COMMAND_ACCESSIBILITY("/connected-vehicle/v2/vehicles/{vin}/command-accessibility", minutes(5), minutes(15),
            "conve:command_accessibility"),
    FUEL("/connected-vehicle/v2/vehicles/{vin}/fuel", minutes(5), minutes(15),
            "conve:fuel_status", "conve:battery_charge_level"),
    ODOMETER("/connected-vehicle/v2/vehicles/{vin}/odometer", minutes(5), minutes(60), "conve:odometer_status"),
    DIAGNOSTICS("/connected-vehicle/v2/vehicles/{vin}/diagnostics", minutes(60), minutes(60),
            "conve:diagnostics_workshop"),
    TYRES("/connected-vehicle/v2/vehicles/{vin}/tyres", minutes(60), minutes(60), "conve:tyre_status"),
    WARNINGS("/connected-vehicle/v2/vehicles/{vin}/warnings", minutes(60), minutes(60), "conve:warnings"),
    BRAKES("/connected-vehicle/v2/vehicles/{vin}/brakes", minutes(60), minutes(60), "conve:brake_status"),
    ENGINE("/connected-vehicle/v2/vehicles/{vin}/engine", minutes(60), minutes(60),
            "conve:diagnostics_engine_status");

    /** The account's vehicle list; not per vehicle, so not an enum constant. */
    static final String VEHICLES_PATH = "/connected-vehicle/v2/vehicles";
    static final Duration VEHICLES_INTERVAL = Duration.ofHours(24);

    /** Every scope ev-observer's read-only polling uses (reference section 2.6), {@code openid} first. */
    static final List<String> READ_SCOPES = List.of("openid", "conve:vehicle_relation", "conve:doors_status",
            "conve:lock_status", "conve:windows_status", "conve:odometer_status", "conve:fuel_status",
            "conve:battery_charge_level", "conve:trip_statistics", "conve:tyre_status", "conve:warnings",
            "conve:engine_status", "conve:diagnostics_workshop", "conve:brake_status",
            "conve:diagnostics_engine_status", "conve:command_accessibility", "energy:capability:read",
            "energy:state:read", "location:read");

    private final String template;
    private final Duration active;
    private final Duration idle;
    private final Set<String> scopes;

    VolvoEndpoint(String template, Duration active, Duration idle, String... scopes) {
        this.template = template;
        this.active = active;
        this.idle = idle;
        this.scopes = Set.of(scopes);
    }

    /** The path template, also the {@code endpoint} attribute of the request metrics (no VIN). */
    String template() {
        return template;
    }

    String path(String vin) {
        return template.replace("{vin}", vin);
    }

    /** Interval while the car is driving or charging. */
    Duration activeInterval() {
        return active;
    }

    /** Interval while parked, asleep or offline. */
    Duration idleInterval() {
        return idle;
    }

    /** Any one of these scopes is enough for the endpoint to answer (doors: door or lock status). */
    Set<String> scopes() {
        return scopes;
    }

    /** False for endpoints that cannot answer for this drivetrain (no energy state on a petrol car). */
    boolean appliesTo(VolvoMapper.Drivetrain drivetrain) {
        return this != ENERGY_STATE || drivetrain.hasBattery();
    }

    private static Duration minutes(long m) {
        return Duration.ofMinutes(m);
    }
}
