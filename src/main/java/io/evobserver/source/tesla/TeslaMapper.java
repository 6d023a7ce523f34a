package io.evobserver.source.tesla;

import static io.evobserver.core.Units.KM_PER_MILE;
import static io.evobserver.core.Units.KPA_PER_BAR;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.core.ChargingState;
import io.evobserver.core.Door;
import io.evobserver.core.Severity;
import io.evobserver.core.Signal;
import io.evobserver.core.Tire;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleId;
import io.evobserver.core.VehicleState;
import io.evobserver.core.Window;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Turns Tesla's {@code vehicle_data} (and the vehicle summary) into the canonical {@link Vehicle}.
 *
 * <p>Tesla's units are fixed whatever the car displays ({@code gui_settings} is ignored): miles,
 * mph, bar, kW, kWh and °C. So distances and speeds are converted, pressures become kPa, and
 * temperatures pass through. Any section may be missing or null, and strings use
 * {@code <invalid>} / {@code SNA} for "not available": all of that is simply left out.
 */
final class TeslaMapper {

    static final String BRAND = "tesla";

    private static final Map<String, String> MODELS = Map.of(
            "models", "Model S", "models2", "Model S", "lychee", "Model S",
            "modelx", "Model X", "tamarind", "Model X",
            "model3", "Model 3", "modely", "Model Y", "cybertruck", "Cybertruck");

    /** The state a summary ({@code GET /api/1/vehicles/{vin}}) reports: online, asleep, offline. */
    static VehicleState summaryState(JsonNode summary) {
        String state = text(summary, "state");
        if (state == null) {
            return null;
        }
        return switch (state.toLowerCase(Locale.ROOT)) {
            case "online" -> VehicleState.ONLINE;
            case "asleep" -> VehicleState.ASLEEP;
            // offline is what many cars report while asleep; both mean "do not call vehicle_data"
            case "offline" -> VehicleState.OFFLINE;
            default -> null; // waking, unknown: say nothing rather than guess
        };
    }

    /** A car known only from its summary (asleep, or never seen online yet): identity and state. */
    Vehicle fromSummary(JsonNode summary) {
        VehicleId id = VehicleId.of(text(summary, "vin"), BRAND).withName(text(summary, "display_name"));
        return Vehicle.builder(id).state(summaryState(summary)).build();
    }

    /** One {@code vehicle_data} response object (the {@code response} member, not the envelope). */
    Vehicle map(JsonNode data) {
        JsonNode charge = section(data, "charge_state");
        JsonNode drive = section(data, "drive_state");
        JsonNode climate = section(data, "climate_state");
        JsonNode vstate = section(data, "vehicle_state");
        JsonNode config = section(data, "vehicle_config");

        String name = text(vstate, "vehicle_name");
        Vehicle.Builder b = Vehicle.builder(VehicleId.of(text(data, "vin"), BRAND)
                .withModel(model(config))
                .withName(name != null ? name : text(data, "display_name")));
        mapBattery(b, charge, vstate);
        ChargingState chargingState = mapCharging(b, charge);
        mapDriving(b, drive);
        mapClimate(b, climate);
        mapBody(b, vstate, Boolean.TRUE.equals(bool(config, "rhd")));
        mapTyres(b, vstate);
        b.state(vehicleState(data, drive, chargingState));
        b.reportedAt(reportedAt(charge, vstate, drive, climate));
        b.softwareVersion(release(text(vstate, "car_version")));
        return b.build();
    }

    /**
     * The release of {@code car_version} ("2026.26.5 1a2b3c4d5e6f" gives "2026.26.5"): the hash
     * after the space names the build, which changes without a new release, so it would count
     * rebuilds as updates and split one release into several series.
     */
    static String release(String carVersion) {
        if (carVersion == null) {
            return null;
        }
        int space = carVersion.indexOf(' ');
        return space < 0 ? carVersion : carVersion.substring(0, space);
    }

    /** Battery, range and odometer. */
    private static void mapBattery(Vehicle.Builder b, JsonNode charge, JsonNode vstate) {
        Double level = number(charge, "battery_level");
        b.set(Signal.BATTERY_LEVEL, level);
        b.set(Signal.BATTERY_USABLE_LEVEL, number(charge, "usable_battery_level"));
        Double energyRemaining = number(charge, "energy_remaining");
        if (energyRemaining != null && level != null && level >= 5) {
            // only newer firmware sends it; below 5 % the division amplifies rounding too much
            b.set(Signal.BATTERY_CAPACITY, energyRemaining / (level / 100.0));
        }
        b.set(Signal.RANGE_ELECTRIC, miles(number(charge, "battery_range")));
        b.set(Signal.ODOMETER, miles(number(vstate, "odometer")));
    }

    /** The charging readings; returns the charging state the vehicle state depends on. */
    private static ChargingState mapCharging(Vehicle.Builder b, JsonNode charge) {
        ChargingState chargingState = chargingState(charge);
        b.chargingState(chargingState);
        b.flag(Signal.CHARGING_CONNECTED, connected(charge));
        b.set(Signal.CHARGING_POWER, number(charge, "charger_power"));
        Boolean fast = bool(charge, "fast_charger_present");
        Double current = number(charge, "charger_actual_current");
        boolean dc = Boolean.TRUE.equals(fast) && (current == null || current == 0);
        if (!dc) {
            // during DC charging voltage/current describe nothing useful (0 A, pack-ish voltage)
            b.set(Signal.CHARGING_VOLTAGE, number(charge, "charger_voltage"));
            b.set(Signal.CHARGING_CURRENT, current);
        }
        b.set(Signal.CHARGING_LIMIT, number(charge, "charge_limit_soc"));
        b.set(Signal.CHARGING_ENERGY_ADDED, number(charge, "charge_energy_added"));
        if (chargingState == ChargingState.CHARGING) {
            Double minutes = number(charge, "minutes_to_full_charge");
            Double hours = number(charge, "time_to_full_charge");
            b.set(Signal.CHARGING_TIME_REMAINING, minutes != null ? Double.valueOf(minutes * 60)
                    : hours != null ? Double.valueOf(hours * 3600) : null);
        }
        b.flag(Signal.CHARGING_FAST_CHARGER, fast);
        return chargingState;
    }

    /** Driving and position; never active_route_*: that is the destination, not the car. */
    private static void mapDriving(Vehicle.Builder b, JsonNode drive) {
        b.set(Signal.LATITUDE, number(drive, "latitude"));
        b.set(Signal.LONGITUDE, number(drive, "longitude"));
        b.set(Signal.HEADING, number(drive, "heading"));
        b.set(Signal.SPEED, miles(number(drive, "speed")));
        b.set(Signal.POWER, number(drive, "power"));
    }

    /** Climate (already °C). */
    private static void mapClimate(Vehicle.Builder b, JsonNode climate) {
        b.set(Signal.INSIDE_TEMPERATURE, number(climate, "inside_temp"));
        b.set(Signal.OUTSIDE_TEMPERATURE, number(climate, "outside_temp"));
        b.flag(Signal.CLIMATE_ACTIVE, bool(climate, "is_climate_on"));
    }

    /** Locks, sentry, doors and windows; d = driver, p = passenger: the driver sits on the right when {@code rhd}. */
    private static void mapBody(Vehicle.Builder b, JsonNode vstate, boolean rhd) {
        b.flag(Signal.LOCKED, bool(vstate, "locked"));
        b.flag(Signal.SENTRY_MODE, bool(vstate, "sentry_mode"));
        b.door(rhd ? Door.FRONT_RIGHT : Door.FRONT_LEFT, open(vstate, "df"));
        b.door(rhd ? Door.FRONT_LEFT : Door.FRONT_RIGHT, open(vstate, "pf"));
        b.door(rhd ? Door.REAR_RIGHT : Door.REAR_LEFT, open(vstate, "dr"));
        b.door(rhd ? Door.REAR_LEFT : Door.REAR_RIGHT, open(vstate, "pr"));
        b.door(Door.HOOD, open(vstate, "ft"));
        b.door(Door.TRUNK, open(vstate, "rt"));
        b.window(rhd ? Window.FRONT_RIGHT : Window.FRONT_LEFT, open(vstate, "fd_window"));
        b.window(rhd ? Window.FRONT_LEFT : Window.FRONT_RIGHT, open(vstate, "fp_window"));
        b.window(rhd ? Window.REAR_RIGHT : Window.REAR_LEFT, open(vstate, "rd_window"));
        b.window(rhd ? Window.REAR_LEFT : Window.REAR_RIGHT, open(vstate, "rp_window"));
        b.window(Window.SUNROOF, open(vstate, "sun_roof_percent_open"));
    }

    /** Tyre pressures and targets (bar -> kPa) and the TPMS soft/hard warnings. */
    private static void mapTyres(Vehicle.Builder b, JsonNode vstate) {
        String[] suffix = {"fl", "fr", "rl", "rr"};
        Tire[] tires = {Tire.FRONT_LEFT, Tire.FRONT_RIGHT, Tire.REAR_LEFT, Tire.REAR_RIGHT};
        int soft = 0;
        int hard = 0;
        boolean anyWarningField = false;
        for (int i = 0; i < 4; i++) {
            b.tirePressure(tires[i], bar(number(vstate, "tpms_pressure_" + suffix[i])));
            b.tirePressureTarget(tires[i], bar(number(vstate, i < 2 ? "tpms_rcp_front_value" : "tpms_rcp_rear_value")));
            Boolean s = bool(vstate, "tpms_soft_warning_" + suffix[i]);
            Boolean h = bool(vstate, "tpms_hard_warning_" + suffix[i]);
            anyWarningField |= s != null || h != null;
            soft += Boolean.TRUE.equals(s) ? 1 : 0;
            hard += Boolean.TRUE.equals(h) ? 1 : 0;
        }
        if (anyWarningField) {
            b.warnings(Severity.LOW, soft);
            b.warnings(Severity.HIGH, hard);
        }
    }

    /**
     * Whether the car is busy in a way that keeps it awake anyway (TeslaMate's "do not suspend"
     * list): someone inside, preconditioning, dog mode, an update downloading, a door or trunk
     * open, or power drawn. While so, the idle timer restarts. Sentry mode is left out on purpose:
     * it can stay on for days, the car cannot sleep then, and polling would only cost money.
     */
    static boolean keepsAwake(JsonNode data) {
        JsonNode vstate = section(data, "vehicle_state");
        JsonNode climate = section(data, "climate_state");
        JsonNode drive = section(data, "drive_state");
        if (Boolean.TRUE.equals(bool(vstate, "is_user_present"))
                || Boolean.TRUE.equals(bool(climate, "is_preconditioning"))
                || "dog".equals(text(climate, "climate_keeper_mode"))) {
            return true;
        }
        String update = text(section(vstate, "software_update"), "status");
        if (update != null && update.startsWith("downloading")) {
            return true;
        }
        for (String opening : new String[] {"df", "dr", "pf", "pr", "ft", "rt"}) {
            if (Boolean.TRUE.equals(open(vstate, opening))) {
                return true;
            }
        }
        Double power = number(drive, "power");
        return power != null && power > 0;
    }

    // ---- rules --------------------------------------------------------------------------------

    /** Charging/Starting -> charging; Stopped -> scheduled when a scheduled start is pending; NoPower -> stopped. */
    static ChargingState chargingState(JsonNode charge) {
        String s = text(charge, "charging_state");
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "Charging", "Starting" -> ChargingState.CHARGING;
            case "Complete" -> ChargingState.COMPLETE;
            case "Stopped" -> Boolean.TRUE.equals(bool(charge, "scheduled_charging_pending"))
                    ? ChargingState.SCHEDULED : ChargingState.STOPPED;
            case "Disconnected" -> ChargingState.DISCONNECTED;
            // the EVSE delivers nothing: often a smart charger pausing, so not a fault
            case "NoPower" -> ChargingState.STOPPED;
            default -> ChargingState.UNKNOWN;
        };
    }

    private static Boolean connected(JsonNode charge) {
        JsonNode cable = charge == null ? null : charge.get("conn_charge_cable");
        if (cable != null && cable.isTextual()) {
            return text(charge, "conn_charge_cable") != null; // "<invalid>" = no cable
        }
        String s = text(charge, "charging_state");
        return s == null ? null : !s.equals("Disconnected");
    }

    private static VehicleState vehicleState(JsonNode data, JsonNode drive, ChargingState charging) {
        VehicleState summary = summaryState(data);
        if (summary != null && summary != VehicleState.ONLINE) {
            return summary;
        }
        String shift = text(drive, "shift_state");
        if ("D".equals(shift) || "R".equals(shift) || "N".equals(shift)) {
            return VehicleState.DRIVING;
        }
        if (charging == ChargingState.CHARGING) {
            return VehicleState.CHARGING;
        }
        // P or null with a drive_state: parked; without one we only know it answered
        return drive != null ? VehicleState.PARKED : VehicleState.ONLINE;
    }

    private static Instant reportedAt(JsonNode... sections) {
        long newest = -1;
        for (JsonNode section : sections) {
            Double ms = number(section, "timestamp");
            if (ms != null && ms > newest) {
                newest = ms.longValue();
            }
        }
        return newest > 0 ? Instant.ofEpochMilli(newest) : null;
    }

    private static String model(JsonNode config) {
        String type = text(config, "car_type");
        if (type == null) {
            return null;
        }
        String model = MODELS.getOrDefault(type.toLowerCase(Locale.ROOT), type);
        String trim = text(config, "trim_badging");
        return trim == null ? model : model + " " + trim.toUpperCase(Locale.ROOT);
    }

    // ---- JSON helpers -------------------------------------------------------------------------

    private static JsonNode section(JsonNode data, String name) {
        JsonNode s = data == null ? null : data.get(name);
        return s != null && s.isObject() ? s : null;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isValueNode() || v.isNull()) {
            return null;
        }
        String s = v.asText().strip();
        return s.isEmpty() || s.equals("<invalid>") || s.equalsIgnoreCase("SNA") ? null : s;
    }

    static Double number(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isNumber() ? v.doubleValue() : null;
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isBoolean() ? v.booleanValue() : null;
    }

    /** Tesla's door/window/trunk integers: 0 closed, anything else open. */
    private static Boolean open(JsonNode node, String field) {
        Double v = number(node, field);
        return v == null ? null : v != 0;
    }

    private static Double miles(Double v) {
        return v == null ? null : v * KM_PER_MILE;
    }

    private static Double bar(Double v) {
        return v == null ? null : v * KPA_PER_BAR;
    }
}
