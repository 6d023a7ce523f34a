package io.evobserver.source.bmw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.core.ChargingState;
import io.evobserver.core.Door;
import io.evobserver.core.Severity;
import io.evobserver.core.Signal;
import io.evobserver.core.Tire;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleId;
import io.evobserver.core.VehicleState;
import io.evobserver.core.Window;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * BMW CarData telematic data (REST {@code telematicData} or MQTT {@code data}: key to
 * {@code {value, unit, timestamp}}) to the vendor-neutral {@link Vehicle}. Every BMW key name
 * lives in this class; the container is created with {@link #CONTAINER_KEYS}.
 */
final class BmwMapper {

    // --- energy and range
    static final String SOC_HEADER = "vehicle.drivetrain.batteryManagement.header";
    static final String SOC_DISPLAYED = "vehicle.powertrain.electric.battery.stateOfCharge.displayed";
    static final String SOC_PREDICTED = "vehicle.drivetrain.electricEngine.charging.level";
    static final String SOC_TARGET = "vehicle.powertrain.electric.battery.stateOfCharge.target";
    static final String MAX_ENERGY = "vehicle.drivetrain.batteryManagement.maxEnergy";
    static final String RANGE_ELECTRIC = "vehicle.drivetrain.electricEngine.kombiRemainingElectricRange";
    static final String RANGE_ELECTRIC_ESTIMATE = "vehicle.drivetrain.electricEngine.remainingElectricRange";
    static final String RANGE_TOTAL = "vehicle.drivetrain.totalRemainingRange";
    static final String FUEL_LEVEL = "vehicle.drivetrain.fuelSystem.level";
    static final String FUEL_REMAINING = "vehicle.drivetrain.fuelSystem.remainingFuel";
    static final String ODOMETER = "vehicle.vehicle.travelledDistance";
    // --- charging
    static final String HV_STATUS = "vehicle.drivetrain.electricEngine.charging.hvStatus";
    static final String PORT_STATUS = "vehicle.body.chargingPort.status";
    static final String PLUGGED = "vehicle.powertrain.tractionBattery.charging.port.anyPosition.isPlugged";
    static final String CHARGING_METHOD = "vehicle.drivetrain.electricEngine.charging.method";
    static final String CHARGING_POWER = "vehicle.powertrain.electric.battery.charging.power";
    static final String AC_VOLTAGE = "vehicle.drivetrain.electricEngine.charging.acVoltage";
    static final String AC_CURRENT = "vehicle.drivetrain.electricEngine.charging.acAmpere";
    static final String TIME_TO_FULL = "vehicle.drivetrain.electricEngine.charging.timeToFullyCharged";
    // --- motion and position
    static final String IS_MOVING = "vehicle.isMoving";
    static final String LATITUDE = "vehicle.cabin.infotainment.navigation.currentLocation.latitude";
    static final String LONGITUDE = "vehicle.cabin.infotainment.navigation.currentLocation.longitude";
    static final String HEADING = "vehicle.cabin.infotainment.navigation.currentLocation.heading";
    // --- body
    static final String LOCK_STATUS = "vehicle.cabin.door.lock.status";
    static final String DOOR_STATUS = "vehicle.cabin.door.status";
    static final String DOOR_ROW1_DRIVER = "vehicle.cabin.door.row1.driver.isOpen";
    static final String DOOR_ROW1_PASSENGER = "vehicle.cabin.door.row1.passenger.isOpen";
    static final String DOOR_ROW2_DRIVER = "vehicle.cabin.door.row2.driver.isOpen";
    static final String DOOR_ROW2_PASSENGER = "vehicle.cabin.door.row2.passenger.isOpen";
    static final String HOOD = "vehicle.body.hood.isOpen";
    static final String TRUNK = "vehicle.body.trunk.isOpen";
    static final String WINDOW_ROW1_DRIVER = "vehicle.cabin.window.row1.driver.status";
    static final String WINDOW_ROW1_PASSENGER = "vehicle.cabin.window.row1.passenger.status";
    static final String WINDOW_ROW2_DRIVER = "vehicle.cabin.window.row2.driver.status";
    static final String WINDOW_ROW2_PASSENGER = "vehicle.cabin.window.row2.passenger.status";
    static final String SUNROOF = "vehicle.cabin.sunroof.status";
    static final String SUNROOF_OVERALL = "vehicle.cabin.sunroof.overallStatus";
    static final String COMFORT_STATE = "vehicle.cabin.hvac.preconditioning.status.comfortState";
    static final String PRECONDITIONING = "vehicle.vehicle.preConditioning.activity";
    // --- tyres, warnings, service
    private static final String TIRE = "vehicle.chassis.axle.row%d.wheel.%s.tire.%s";
    static final String CHECK_CONTROL = "vehicle.status.checkControlMessages";
    static final String SERVICE_DISTANCE = "vehicle.status.serviceDistance.next";
    static final String SERVICE_DATE = "vehicle.status.serviceTime.inspectionDateLegal";

    /** The keys the container asks for: everything this mapper reads. */
    static final List<String> CONTAINER_KEYS = List.of(
            SOC_HEADER, SOC_DISPLAYED, SOC_PREDICTED, SOC_TARGET, MAX_ENERGY, RANGE_ELECTRIC,
            RANGE_ELECTRIC_ESTIMATE, RANGE_TOTAL, FUEL_LEVEL, FUEL_REMAINING, ODOMETER,
            HV_STATUS, PORT_STATUS, PLUGGED, CHARGING_METHOD, CHARGING_POWER, AC_VOLTAGE, AC_CURRENT, TIME_TO_FULL,
            IS_MOVING, LATITUDE, LONGITUDE, HEADING,
            LOCK_STATUS, DOOR_STATUS, DOOR_ROW1_DRIVER, DOOR_ROW1_PASSENGER, DOOR_ROW2_DRIVER, DOOR_ROW2_PASSENGER,
            HOOD, TRUNK, WINDOW_ROW1_DRIVER, WINDOW_ROW1_PASSENGER, WINDOW_ROW2_DRIVER, WINDOW_ROW2_PASSENGER,
            SUNROOF, SUNROOF_OVERALL, COMFORT_STATE, PRECONDITIONING,
            tire(1, "left", "pressure"), tire(1, "right", "pressure"),
            tire(2, "left", "pressure"), tire(2, "right", "pressure"),
            tire(1, "left", "pressureTarget"), tire(1, "right", "pressureTarget"),
            tire(2, "left", "pressureTarget"), tire(2, "right", "pressureTarget"),
            CHECK_CONTROL, SERVICE_DISTANCE, SERVICE_DATE);

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What basicData tells once per vehicle, for the mapping of every snapshot.
     *
     * @param softwareVersion from {@code puStep}, see {@link BmwSoftwareVersion}; null when not given
     */
    record StaticInfo(Optional<String> model, String brand, OptionalDouble capacityKwh, boolean rightHandDrive,
                      String softwareVersion) {
        static final StaticInfo UNKNOWN = new StaticInfo(Optional.empty(), "bmw", OptionalDouble.empty(), false,
                null);
    }

    private BmwMapper() {
    }

    static String tire(int row, String side, String what) {
        return String.format(Locale.ROOT, TIRE, row, side, what);
    }

    /**
     * The key-to-reading map of a REST answer ({@code {"telematicData": {...}}}) or an MQTT message
     * ({@code {"data": {...}}}); entries that are not objects are skipped.
     */
    static Map<String, BmwReading> readings(JsonNode root) {
        JsonNode data = root == null ? null : root.has("telematicData") ? root.get("telematicData") : root.get("data");
        Map<String, BmwReading> out = new LinkedHashMap<>();
        if (data == null || !data.isObject()) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            BmwReading r = BmwReading.of(e.getValue());
            if (r != null) {
                out.put(e.getKey(), r);
            }
        }
        return out;
    }

    /** True when the answer has the documented shape (a {@code telematicData} object). */
    static boolean isTelematicData(JsonNode root) {
        return root != null && root.isObject() && root.path("telematicData").isObject();
    }

    static Vehicle toVehicle(VehicleId id, Map<String, BmwReading> readings, StaticInfo info, Instant now) {
        Map<String, BmwReading> r = Collections.unmodifiableMap(readings);
        Vehicle.Builder b = Vehicle.builder(id);
        mapEnergy(b, r, info);
        ChargingState charging = mapCharging(b, r);
        mapActivity(b, r, charging);
        mapPosition(b, r);
        mapBody(b, r, info.rightHandDrive());
        // tyres (row 1 is the front axle; left and right are the car's sides, whatever the steering)
        tires(b, r, 1, "left", Tire.FRONT_LEFT);
        tires(b, r, 1, "right", Tire.FRONT_RIGHT);
        tires(b, r, 2, "left", Tire.REAR_LEFT);
        tires(b, r, 2, "right", Tire.REAR_RIGHT);
        mapService(b, r, now);
        b.reportedAt(newest(r));
        b.softwareVersion(info.softwareVersion());
        return b.build();
    }

    /** Energy and range; SoC: the live header first, then what the driver sees, then BMW's prediction. */
    private static void mapEnergy(Vehicle.Builder b, Map<String, BmwReading> r, StaticInfo info) {
        b.set(Signal.BATTERY_LEVEL, first(r, BmwUnits::percent, SOC_HEADER, SOC_DISPLAYED, SOC_PREDICTED));
        Double capacity = num(r, MAX_ENERGY, BmwUnits::kwh);
        if (capacity != null && capacity > 0) { // some cars send 0
            b.set(Signal.BATTERY_CAPACITY, capacity);
        } else if (info.capacityKwh().isPresent()) {
            b.set(Signal.BATTERY_CAPACITY, info.capacityKwh().getAsDouble());
        }
        Double electric = first(r, BmwUnits::km, RANGE_ELECTRIC, RANGE_ELECTRIC_ESTIMATE);
        Double total = num(r, RANGE_TOTAL, BmwUnits::km);
        Double fuelLevel = num(r, FUEL_LEVEL, BmwUnits::percent);
        Double fuelLeft = num(r, FUEL_REMAINING, BmwUnits::litres);
        b.set(Signal.RANGE_ELECTRIC, electric);
        b.set(Signal.RANGE_TOTAL, total);
        b.set(Signal.FUEL_LEVEL, fuelLevel);
        b.set(Signal.FUEL_REMAINING, fuelLeft);
        if (total != null && (fuelLevel != null || fuelLeft != null)) {
            // a car with a tank: total minus the electric part is what the fuel is good for
            b.set(Signal.RANGE_FUEL, Math.max(0, total - (electric == null ? 0 : electric)));
        }
        b.set(Signal.ODOMETER, num(r, ODOMETER, BmwUnits::km));
    }

    /** The charging readings; returns the charging state the activity depends on. */
    private static ChargingState mapCharging(Vehicle.Builder b, Map<String, BmwReading> r) {
        Boolean connected = connected(r);
        b.flag(Signal.CHARGING_CONNECTED, connected);
        ChargingState charging = chargingState(token(r, HV_STATUS), connected);
        b.chargingState(charging);
        b.set(Signal.CHARGING_POWER, num(r, CHARGING_POWER, BmwUnits::kw));
        b.set(Signal.CHARGING_VOLTAGE, num(r, AC_VOLTAGE, BmwUnits::volts));
        b.set(Signal.CHARGING_CURRENT, num(r, AC_CURRENT, BmwUnits::amperes));
        b.set(Signal.CHARGING_LIMIT, num(r, SOC_TARGET, BmwUnits::percent));
        if (charging == ChargingState.CHARGING) {
            // the value lingers after a session; only meaningful while energy flows
            b.set(Signal.CHARGING_TIME_REMAINING, num(r, TIME_TO_FULL, BmwUnits::seconds));
        }
        String method = token(r, CHARGING_METHOD);
        if (method != null && !method.startsWith("NO")) {
            b.flag(Signal.CHARGING_FAST_CHARGER, method.contains("DC"));
        }
        return charging;
    }

    /** What the car does: driving, charging, or parked when it reported anything at all. */
    private static void mapActivity(Vehicle.Builder b, Map<String, BmwReading> r, ChargingState charging) {
        Boolean moving = r.containsKey(IS_MOVING) ? r.get(IS_MOVING).bool().orElse(null) : null;
        if (Boolean.TRUE.equals(moving)) {
            b.state(VehicleState.DRIVING);
        } else if (charging == ChargingState.CHARGING) {
            b.state(VehicleState.CHARGING);
        } else if (!r.isEmpty() && newest(r) != null) {
            b.state(VehicleState.PARKED);
        }
    }

    private static void mapPosition(Vehicle.Builder b, Map<String, BmwReading> r) {
        b.set(Signal.LATITUDE, num(r, LATITUDE, BmwUnits::degrees));
        b.set(Signal.LONGITUDE, num(r, LONGITUDE, BmwUnits::degrees));
        b.set(Signal.HEADING, num(r, HEADING, BmwUnits::degrees));
    }

    /** Lock, doors, windows and climate; the driver sits on the right when {@code rhd}. */
    private static void mapBody(Vehicle.Builder b, Map<String, BmwReading> r, boolean rhd) {
        b.flag(Signal.LOCKED, locked(token(r, LOCK_STATUS), token(r, DOOR_STATUS)));
        b.door(rhd ? Door.FRONT_RIGHT : Door.FRONT_LEFT, opening(token(r, DOOR_ROW1_DRIVER)));
        b.door(rhd ? Door.FRONT_LEFT : Door.FRONT_RIGHT, opening(token(r, DOOR_ROW1_PASSENGER)));
        b.door(rhd ? Door.REAR_RIGHT : Door.REAR_LEFT, opening(token(r, DOOR_ROW2_DRIVER)));
        b.door(rhd ? Door.REAR_LEFT : Door.REAR_RIGHT, opening(token(r, DOOR_ROW2_PASSENGER)));
        b.door(Door.HOOD, opening(token(r, HOOD)));
        b.door(Door.TRUNK, opening(token(r, TRUNK)));
        b.window(rhd ? Window.FRONT_RIGHT : Window.FRONT_LEFT, opening(token(r, WINDOW_ROW1_DRIVER)));
        b.window(rhd ? Window.FRONT_LEFT : Window.FRONT_RIGHT, opening(token(r, WINDOW_ROW1_PASSENGER)));
        b.window(rhd ? Window.REAR_RIGHT : Window.REAR_LEFT, opening(token(r, WINDOW_ROW2_DRIVER)));
        b.window(rhd ? Window.REAR_LEFT : Window.REAR_RIGHT, opening(token(r, WINDOW_ROW2_PASSENGER)));
        String sunroof = token(r, SUNROOF) != null ? token(r, SUNROOF) : token(r, SUNROOF_OVERALL);
        b.window(Window.SUNROOF, opening(sunroof));
        b.flag(Signal.CLIMATE_ACTIVE, climate(token(r, COMFORT_STATE), token(r, PRECONDITIONING)));
    }

    /** Check-control warnings and the next service, in distance and in time from {@code now}. */
    private static void mapService(Vehicle.Builder b, Map<String, BmwReading> r, Instant now) {
        warnings(b, r.get(CHECK_CONTROL));
        b.set(Signal.SERVICE_DISTANCE_REMAINING, num(r, SERVICE_DISTANCE, BmwUnits::km));
        Instant due = date(token(r, SERVICE_DATE));
        if (due != null) {
            b.set(Signal.SERVICE_TIME_REMAINING, Duration.between(now, due).toSeconds());
        }
    }

    // ---- the value rules, shared with the state-file mapper where they match --------------------

    static ChargingState chargingState(String status, Boolean connected) {
        if (status == null) {
            return connected == null ? null : connected ? ChargingState.STOPPED : ChargingState.DISCONNECTED;
        }
        return switch (status.toUpperCase(Locale.ROOT)) {
            case "CHARGING" -> ChargingState.CHARGING;
            case "COMPLETE", "FULLY_CHARGED", "FINISHED_FULLY_CHARGED", "TARGET_REACHED" -> ChargingState.COMPLETE;
            case "WAITING_FOR_CHARGING" -> ChargingState.SCHEDULED;
            case "ERROR" -> ChargingState.FAULT;
            case "FINISHED_NOT_FULL", "NOT_CHARGING", "NOCHARGING", "PLUGGED_IN", "DEFAULT", "INVALID" ->
                    Boolean.FALSE.equals(connected) ? ChargingState.DISCONNECTED : ChargingState.STOPPED;
            default -> ChargingState.UNKNOWN;
        };
    }

    /** SECURED/LOCKED (and the stream's ASN_secured) are locked; unlocked and selective locks are not. */
    static Boolean locked(String... states) {
        for (String s : states) {
            if (s == null) {
                continue;
            }
            switch (s.toUpperCase(Locale.ROOT).replace('-', '_')) {
                case "SECURED", "LOCKED", "ASN_SECURED", "ASN_LOCKED":
                    return true;
                case "UNLOCKED", "SELECTIVE_LOCKED", "PARTIALLY_LOCKED", "ASN_UNLOCKED", "ASN_SELECTIVE_LOCK":
                    return false;
                default:
                    break;
            }
        }
        return null;
    }

    /** OPEN / OPEN_TILT / INTERMEDIATE (and true) are open; CLOSED (and false) closed; anything else unknown. */
    static Boolean opening(String state) {
        if (state == null) {
            return null;
        }
        return switch (state.toUpperCase(Locale.ROOT)) {
            case "OPEN", "OPEN_TILT", "INTERMEDIATE", "INTERMEDIATE_TILT", "TRUE", "ASN_ISTRUE" -> true;
            case "CLOSED", "FALSE", "ASN_ISFALSE" -> false;
            default -> null;
        };
    }

    static Severity severity(String s) {
        if (s == null) {
            return null;
        }
        return switch (s.toUpperCase(Locale.ROOT)) {
            case "LOW" -> Severity.LOW;
            case "MEDIUM" -> Severity.MEDIUM;
            case "HIGH", "CRITICAL" -> Severity.HIGH;
            default -> null; // OK, UNKNOWN: not an active warning
        };
    }

    /** Counts check-control messages by severity; a present list sets all three counts (0 is news too). */
    static void countWarnings(Vehicle.Builder b, JsonNode list) {
        if (list == null || !list.isArray()) {
            return;
        }
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            counts.put(s, 0);
        }
        for (JsonNode message : list) {
            Severity s = severity(message.path("severity").asText(null));
            if (s != null) {
                counts.merge(s, 1, Integer::sum);
            }
        }
        counts.forEach(b::warnings);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private interface Unit {
        OptionalDouble convert(BmwReading r);
    }

    private static Double num(Map<String, BmwReading> r, String key, Unit unit) {
        BmwReading reading = r.get(key);
        if (reading == null) {
            return null;
        }
        OptionalDouble v = unit.convert(reading);
        return v.isPresent() ? v.getAsDouble() : null;
    }

    private static Double first(Map<String, BmwReading> r, Unit unit, String... keys) {
        for (String key : keys) {
            Double v = num(r, key, unit);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String token(Map<String, BmwReading> r, String key) {
        BmwReading reading = r.get(key);
        return reading == null ? null : reading.token().orElse(null);
    }

    private static Boolean connected(Map<String, BmwReading> r) {
        String port = token(r, PORT_STATUS);
        if (port != null) {
            String p = port.toUpperCase(Locale.ROOT);
            if (p.equals("CONNECTED")) {
                return true;
            }
            if (p.equals("DISCONNECTED")) {
                return false;
            }
        }
        BmwReading plugged = r.get(PLUGGED);
        return plugged == null ? null : plugged.bool().orElse(null);
    }

    private static Boolean climate(String comfort, String preconditioning) {
        if (comfort != null) {
            return !comfort.equalsIgnoreCase("NOT_ACTIVE") && !comfort.equalsIgnoreCase("INACTIVE");
        }
        if (preconditioning != null) {
            return switch (preconditioning.toLowerCase(Locale.ROOT)) {
                case "heating", "cooling", "ventilation" -> true;
                case "standby", "inactive" -> false;
                default -> null;
            };
        }
        return null;
    }

    private static void tires(Vehicle.Builder b, Map<String, BmwReading> r, int row, String side, Tire tire) {
        b.tirePressure(tire, num(r, tire(row, side, "pressure"), BmwUnits::kpa));
        b.tirePressureTarget(tire, num(r, tire(row, side, "pressureTarget"), BmwUnits::kpa));
    }

    /**
     * The structure of CarData's check-control list is not publicly documented: accept a JSON array
     * (typed, or as a string holding JSON) of objects with a {@code severity}; ignore anything else.
     */
    private static void warnings(Vehicle.Builder b, BmwReading reading) {
        if (reading == null) {
            return;
        }
        JsonNode list = reading.raw();
        if (list != null && list.isTextual()) {
            try {
                list = JSON.readTree(list.asText());
            } catch (IOException e) {
                return;
            }
        }
        countWarnings(b, list);
    }

    /** A due date as an ISO instant, date ({@code 2026-03-01}) or month ({@code 2026-03}), at UTC midnight. */
    static Instant date(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException ignored) {
            // next format
        }
        try {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // next format
        }
        try {
            return YearMonth.parse(text).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The newest value timestamp: when the car last reported anything. */
    static Instant newest(Map<String, BmwReading> r) {
        Instant newest = null;
        for (BmwReading reading : r.values()) {
            if (reading.timestamp() != null && reading.value() != null
                    && (newest == null || reading.timestamp().isAfter(newest))) {
                newest = reading.timestamp();
            }
        }
        return newest;
    }
}
