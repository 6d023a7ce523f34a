package io.evobserver.source.volvo;

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
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Turns the latest answer of each Volvo endpoint for one car into one {@link Vehicle}. The fetcher
 * keeps the last answer per endpoint, so readings of endpoints not polled this time are carried
 * over simply by mapping the kept answers again. Pure apart from logging unknown values once.
 * Mapping follows reference section 8.
 */
final class VolvoMapper {

    private static final Logger LOG = Logger.getLogger(VolvoMapper.class.getName());
    static final String BRAND = "volvo";
    private static final int MAX_UNKNOWN_LOGGED = 100;

    /** What the car runs on, from the details' {@code fuelType}; decides which endpoints make sense. */
    enum Drivetrain {
        ELECTRIC, PLUG_IN_HYBRID, COMBUSTION, UNKNOWN;

        boolean hasBattery() {
            return this != COMBUSTION;
        }

        boolean hasTank() {
            return this != ELECTRIC;
        }
    }

    private static final Map<String, Door> DOORS = Map.of(
            "frontLeftDoor", Door.FRONT_LEFT, "frontRightDoor", Door.FRONT_RIGHT,
            "rearLeftDoor", Door.REAR_LEFT, "rearRightDoor", Door.REAR_RIGHT,
            "hood", Door.HOOD, "tailgate", Door.TRUNK, "tailGate", Door.TRUNK);
    private static final Map<String, Window> WINDOWS = Map.of(
            "frontLeftWindow", Window.FRONT_LEFT, "frontRightWindow", Window.FRONT_RIGHT,
            "rearLeftWindow", Window.REAR_LEFT, "rearRightWindow", Window.REAR_RIGHT, "sunroof", Window.SUNROOF);
    private static final Map<String, Tire> TYRES = Map.of(
            "frontLeft", Tire.FRONT_LEFT, "frontRight", Tire.FRONT_RIGHT,
            "rearLeft", Tire.REAR_LEFT, "rearRight", Tire.REAR_RIGHT);

    private final Set<String> unknownSeen = ConcurrentHashMap.newKeySet();

    static Drivetrain drivetrain(JsonNode details) {
        JsonNode payload = VolvoField.payload(details);
        String fuelType = payload == null ? "" : payload.path("fuelType").asText("").strip().toUpperCase(java.util.Locale.ROOT);
        return switch (fuelType) {
            case "ELECTRIC", "NONE" -> Drivetrain.ELECTRIC;
            case "PETROL/ELECTRIC", "DIESEL/ELECTRIC" -> Drivetrain.PLUG_IN_HYBRID;
            case "PETROL", "DIESEL" -> Drivetrain.COMBUSTION;
            default -> Drivetrain.UNKNOWN;
        };
    }

    /**
     * @param responses the latest successful answer per endpoint ({@code DETAILS} included); endpoints
     *                  never answered or unsupported are simply missing
     */
    Vehicle map(String vin, Map<VolvoEndpoint, JsonNode> responses) {
        JsonNode details = VolvoField.payload(responses.get(VolvoEndpoint.DETAILS));
        VehicleId id = VehicleId.of(vin, BRAND);
        if (details != null && details.isObject()) {
            String model = details.path("descriptions").path("model").asText("").strip();
            if (!model.isEmpty() && !model.equalsIgnoreCase("null")) {
                id = id.withModel(model);
            }
        }
        Vehicle.Builder b = Vehicle.builder(id);
        Drivetrain drivetrain = drivetrain(responses.get(VolvoEndpoint.DETAILS));
        if (details != null && details.path("batteryCapacityKWH").isNumber()) {
            b.set(Signal.BATTERY_CAPACITY, details.path("batteryCapacityKWH").doubleValue());
        }

        JsonNode energy = VolvoField.payload(responses.get(VolvoEndpoint.ENERGY_STATE));
        JsonNode fuel = VolvoField.payload(responses.get(VolvoEndpoint.FUEL));
        JsonNode stats = VolvoField.payload(responses.get(VolvoEndpoint.STATISTICS));

        Double battery = percent(energy, "batteryChargeLevel");
        b.set(Signal.BATTERY_LEVEL, battery != null ? battery : percent(fuel, "batteryChargeLevel"));
        JsonNode fuelAmount = VolvoField.entry(fuel, "fuelAmount");
        b.set(Signal.FUEL_REMAINING, VolvoUnits.litres(VolvoField.number(fuelAmount), unitOf(fuelAmount, "fuelAmount")));

        Double batteryRange = km(stats, "distanceToEmptyBattery");
        if (batteryRange == null) {
            batteryRange = km(energy, "electricRange");
        }
        Double tankRange = km(stats, "distanceToEmptyTank");
        b.set(Signal.RANGE_ELECTRIC, batteryRange);
        b.set(Signal.RANGE_FUEL, tankRange);
        b.set(Signal.RANGE_TOTAL, totalRange(drivetrain, batteryRange, tankRange));
        b.set(Signal.ODOMETER, km(VolvoField.payload(responses.get(VolvoEndpoint.ODOMETER)), "odometer"));

        ChargingState charging = mapEnergy(b, energy);
        mapDoors(b, VolvoField.payload(responses.get(VolvoEndpoint.DOORS)));
        mapWindows(b, VolvoField.payload(responses.get(VolvoEndpoint.WINDOWS)));
        mapLocation(b, VolvoField.payload(responses.get(VolvoEndpoint.LOCATION)));
        mapService(b, VolvoField.payload(responses.get(VolvoEndpoint.DIAGNOSTICS)));
        mapWarnings(b, responses);
        b.state(state(VolvoField.payload(responses.get(VolvoEndpoint.ENGINE_STATUS)),
                VolvoField.payload(responses.get(VolvoEndpoint.COMMAND_ACCESSIBILITY)), charging, energy != null));

        Instant newest = null;
        for (Map.Entry<VolvoEndpoint, JsonNode> response : responses.entrySet()) {
            JsonNode payload = VolvoField.payload(response.getValue());
            newest = VolvoField.later(newest, VolvoField.newestTimestamp(payload));
            if (response.getKey() == VolvoEndpoint.LOCATION && payload != null) {
                newest = VolvoField.later(newest, VolvoField.instant(payload.path("properties").get("timestamp")));
            }
        }
        b.reportedAt(newest);
        return b.build();
    }

    // ---- energy ----------------------------------------------------------------------------------

    /** Energy v2 state; returns the charging state (null when unknown) for the vehicle state. */
    private ChargingState mapEnergy(Vehicle.Builder b, JsonNode energy) {
        if (energy == null) {
            return null;
        }
        String connection = VolvoField.text(energy, "chargerConnectionStatus");
        Boolean connected = null;
        if (connection != null) {
            switch (connection) {
                case "CONNECTED" -> connected = true;
                case "DISCONNECTED" -> connected = false;
                case "FAULT" -> { }
                default -> unknown("chargerConnectionStatus", connection);
            }
        }
        b.flag(Signal.CHARGING_CONNECTED, connected);

        String status = VolvoField.text(energy, "chargingStatus");
        ChargingState state = chargingState(status, connection, connected);
        b.chargingState(state);

        JsonNode power = VolvoField.entry(energy, "chargingPower");
        b.set(Signal.CHARGING_POWER, VolvoUnits.kilowatts(VolvoField.number(power), unitOf(power, "chargingPower")));
        b.set(Signal.CHARGING_LIMIT, percent(energy, "targetBatteryChargeLevel"));
        if (state == ChargingState.CHARGING) {
            // 0 while not charging; reporting it then would read as "full in no time"
            JsonNode eta = VolvoField.entry(energy, "estimatedChargingTimeToTargetBatteryChargeLevel");
            b.set(Signal.CHARGING_TIME_REMAINING, VolvoUnits.seconds(VolvoField.number(eta),
                    unitOf(eta, "estimatedChargingTime"), "minutes"));
        }
        String type = VolvoField.text(energy, "chargingType");
        if (type != null) {
            switch (type) {
                case "DC" -> b.flag(Signal.CHARGING_FAST_CHARGER, true);
                case "AC" -> b.flag(Signal.CHARGING_FAST_CHARGER, false);
                case "NONE" -> { }
                default -> unknown("chargingType", type);
            }
        }
        return state;
    }

    private ChargingState chargingState(String status, String connection, Boolean connected) {
        boolean fault = "FAULT".equals(connection);
        if (status == null) {
            // older plug-in hybrids report only the cable
            return fault ? ChargingState.FAULT : Boolean.FALSE.equals(connected) ? ChargingState.DISCONNECTED : null;
        }
        return switch (status) {
            case "CHARGING" -> ChargingState.CHARGING;
            case "DONE" -> ChargingState.COMPLETE;
            case "SCHEDULED" -> ChargingState.SCHEDULED;
            case "ERROR" -> ChargingState.FAULT;
            case "IDLE" -> fault ? ChargingState.FAULT
                    : connected == null ? ChargingState.UNKNOWN
                    : connected ? ChargingState.STOPPED : ChargingState.DISCONNECTED;
            case "DISCHARGING" -> ChargingState.UNKNOWN;
            default -> {
                unknown("chargingStatus", status);
                yield ChargingState.UNKNOWN;
            }
        };
    }

    // ---- body ------------------------------------------------------------------------------------

    private void mapDoors(Vehicle.Builder b, JsonNode doors) {
        if (doors == null) {
            return;
        }
        String lock = VolvoField.text(doors, "centralLock");
        if (lock != null) {
            switch (lock) {
                case "LOCKED" -> b.flag(Signal.LOCKED, true);
                case "UNLOCKED" -> b.flag(Signal.LOCKED, false);
                default -> unknown("centralLock", lock);
            }
        }
        // tankLid (fuel or charge flap) has no canonical door; left out on purpose
        DOORS.forEach((field, door) -> b.door(door, open(doors, field)));
    }

    private void mapWindows(Vehicle.Builder b, JsonNode windows) {
        if (windows != null) {
            WINDOWS.forEach((field, window) -> b.window(window, open(windows, field)));
        }
    }

    private Boolean open(JsonNode payload, String field) {
        String value = VolvoField.text(payload, field);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "OPEN", "AJAR" -> true;
            case "CLOSED" -> false;
            default -> {
                unknown(field, value);
                yield null;
            }
        };
    }

    private static void mapLocation(Vehicle.Builder b, JsonNode location) {
        if (location == null) {
            return;
        }
        JsonNode coordinates = location.path("geometry").path("coordinates");
        // GeoJSON order: [longitude, latitude, altitude]
        if (coordinates.isArray() && coordinates.size() >= 2 && coordinates.get(0).isNumber()
                && coordinates.get(1).isNumber()) {
            double lon = coordinates.get(0).doubleValue();
            double lat = coordinates.get(1).doubleValue();
            if (lat != 0 || lon != 0) { // 0,0 is "no fix", not a position in the Gulf of Guinea
                b.set(Signal.LATITUDE, lat);
                b.set(Signal.LONGITUDE, lon);
            }
        }
        JsonNode heading = location.path("properties").get("heading");
        if (heading != null && (heading.isNumber() || heading.isTextual())) {
            try {
                b.set(Signal.HEADING, heading.isNumber() ? heading.doubleValue()
                        : Double.parseDouble(heading.asText().strip()));
            } catch (NumberFormatException e) {
                // no heading
            }
        }
    }

    // ---- service and warnings --------------------------------------------------------------------

    private void mapService(Vehicle.Builder b, JsonNode diagnostics) {
        if (diagnostics == null) {
            return;
        }
        b.set(Signal.SERVICE_DISTANCE_REMAINING, km(diagnostics, "distanceToService"));
        JsonNode time = VolvoField.entry(diagnostics, "timeToService");
        b.set(Signal.SERVICE_TIME_REMAINING, VolvoUnits.seconds(VolvoField.number(time), VolvoField.unit(time),
                "months"));
    }

    /** Severities are a project choice (reference section 8): Volvo gives none. */
    private void mapWarnings(Vehicle.Builder b, Map<VolvoEndpoint, JsonNode> responses) {
        EnumMap<Severity, Integer> counts = new EnumMap<>(Severity.class);
        boolean any = false;

        JsonNode tyres = VolvoField.payload(responses.get(VolvoEndpoint.TYRES));
        if (tyres != null && tyres.isObject()) {
            any = true;
            for (Map.Entry<String, Tire> tyre : TYRES.entrySet()) {
                JsonNode entry = VolvoField.entry(tyres, tyre.getKey());
                // pressures are not in the API today; take them should a car ever send them with a unit
                Double kpa = VolvoUnits.kilopascals(VolvoField.number(entry), VolvoField.unit(entry));
                if (kpa != null) {
                    b.tirePressure(tyre.getValue(), kpa);
                    continue;
                }
                count(counts, tyreSeverity(VolvoField.text(tyres, tyre.getKey())));
            }
        }
        JsonNode lamps = VolvoField.payload(responses.get(VolvoEndpoint.WARNINGS));
        if (lamps != null && lamps.isObject()) {
            any = true;
            for (Iterator<String> it = lamps.fieldNames(); it.hasNext(); ) {
                String value = VolvoField.text(lamps, it.next());
                if (value != null && !value.equals("NO_WARNING")) {
                    count(counts, Severity.LOW); // a failed bulb
                }
            }
        }
        JsonNode brakes = VolvoField.payload(responses.get(VolvoEndpoint.BRAKES));
        if (brakes != null && brakes.isObject()) {
            any = true;
            count(counts, fluidSeverity(VolvoField.text(brakes, "brakeFluidLevelWarning"), Severity.HIGH));
        }
        JsonNode engine = VolvoField.payload(responses.get(VolvoEndpoint.ENGINE));
        if (engine != null && engine.isObject()) {
            any = true;
            count(counts, fluidSeverity(VolvoField.text(engine, "engineCoolantLevelWarning"), Severity.HIGH));
            String oil = VolvoField.text(engine, "oilLevelWarning");
            count(counts, oil == null || oil.equals("NO_WARNING") ? null
                    : oil.equals("TOO_LOW") ? Severity.HIGH : Severity.MEDIUM);
        }
        JsonNode diagnostics = VolvoField.payload(responses.get(VolvoEndpoint.DIAGNOSTICS));
        if (diagnostics != null && diagnostics.isObject()) {
            any = true;
            String service = VolvoField.text(diagnostics, "serviceWarning");
            count(counts, service == null || service.equals("NO_WARNING") ? null
                    : service.endsWith("_OVERDUE_FOR_SERVICE") ? Severity.MEDIUM : Severity.LOW);
            count(counts, fluidSeverity(VolvoField.text(diagnostics, "washerFluidLevelWarning"), Severity.LOW));
        }
        if (any) {
            // zero is a reading here: the car told us there is nothing to warn about
            for (Severity severity : Severity.values()) {
                b.warnings(severity, counts.getOrDefault(severity, 0));
            }
        }
    }

    private Severity tyreSeverity(String value) {
        if (value == null || value.equals("NO_WARNING")) {
            return null;
        }
        return switch (value) {
            case "VERY_LOW_PRESSURE" -> Severity.HIGH;
            case "LOW_PRESSURE", "HIGH_PRESSURE" -> Severity.MEDIUM;
            default -> {
                unknown("tyre", value);
                yield Severity.LOW;
            }
        };
    }

    private static Severity fluidSeverity(String value, Severity whenLow) {
        if (value == null || value.equals("NO_WARNING")) {
            return null;
        }
        return value.equals("TOO_LOW") ? whenLow : Severity.LOW;
    }

    private static void count(Map<Severity, Integer> counts, Severity severity) {
        if (severity != null) {
            counts.merge(severity, 1, Integer::sum);
        }
    }

    // ---- vehicle state ---------------------------------------------------------------------------

    private VehicleState state(JsonNode engineStatus, JsonNode accessibility, ChargingState charging,
                               boolean energyKnown) {
        String engine = VolvoField.text(engineStatus, "engineStatus");
        if ("RUNNING".equals(engine)) {
            return VehicleState.DRIVING;
        }
        if (charging == ChargingState.CHARGING) {
            return VehicleState.CHARGING;
        }
        JsonNode availability = VolvoField.entry(accessibility, "availabilityStatus");
        String available = VolvoField.text(accessibility, "availabilityStatus");
        if ("UNAVAILABLE".equals(available)) {
            String reason = availability.path("unavailableReason").asText("").toUpperCase(java.util.Locale.ROOT);
            switch (reason) {
                case "POWER_SAVING_MODE" -> {
                    return VehicleState.ASLEEP;
                }
                case "NO_INTERNET" -> {
                    return VehicleState.OFFLINE;
                }
                case "CAR_IN_USE" -> {
                    return VehicleState.ONLINE;
                }
                default -> {
                }
            }
        }
        boolean known = engine != null || available != null || energyKnown;
        return known ? VehicleState.PARKED : null;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Double km(JsonNode payload, String field) {
        JsonNode entry = VolvoField.entry(payload, field);
        return VolvoUnits.km(VolvoField.number(entry), unitOf(entry, field));
    }

    private Double percent(JsonNode payload, String field) {
        JsonNode entry = VolvoField.entry(payload, field);
        return VolvoUnits.percent(VolvoField.number(entry), unitOf(entry, field));
    }

    private static Double totalRange(Drivetrain drivetrain, Double battery, Double tank) {
        return switch (drivetrain) {
            case ELECTRIC -> null; // the electric range is the range
            case COMBUSTION -> tank;
            case PLUG_IN_HYBRID -> battery != null && tank != null ? battery + tank : null;
            case UNKNOWN -> tank == null ? null : battery == null ? tank : battery + tank;
        };
    }

    /** The entry's unit; an unknown one is logged once (the conversion then drops the reading). */
    private String unitOf(JsonNode entry, String field) {
        String unit = VolvoField.unit(entry);
        if (unit != null && !KNOWN_UNITS.contains(unit)) {
            unknown(field + " unit", unit);
        }
        return unit;
    }

    private static final Set<String> KNOWN_UNITS = Set.of("km", "kilometers", "kilometres", "kilometer", "kilometre",
            "mi", "mile", "miles", "m", "meters", "metres", "l", "liter", "liters", "litre", "litres", "gal", "gallon",
            "gallons", "usgal", "ukgal", "impgal", "imperialgallons", "%", "percentage", "percent", "w", "watt",
            "watts", "kw", "kilowatt", "kilowatts", "s", "sec", "second", "seconds", "min", "minute", "minutes", "h",
            "hour", "hours", "d", "day", "days", "week", "weeks", "month", "months");

    private void unknown(String field, String value) {
        if (unknownSeen.size() < MAX_UNKNOWN_LOGGED && unknownSeen.add(field + "=" + value)) {
            LOG.info(() -> "volvo: unknown " + field + " value '" + value + "'; mapped to unknown or no reading"
                    + " (please report it)");
        }
    }

    /** Distinct unknown values seen so far (for tests). */
    Set<String> unknownSeen() {
        return Set.copyOf(unknownSeen);
    }
}
