package io.evobserver.source.bmw;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.core.ChargingState;
import io.evobserver.core.Door;
import io.evobserver.core.Signal;
import io.evobserver.core.Tire;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleId;
import io.evobserver.core.VehicleState;
import io.evobserver.core.Window;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The MyBMW app's vehicle state document ({@code GET /eadrax-vcs/v4/vehicles/state}, as
 * bimmer_connected saved it and the older Prometheus exporters read it) to a {@link Vehicle}.
 * Distances are km and volumes litres (the app asked for metric units). Any block may be missing.
 *
 * <p>The document does not say the drive train, so it is inferred: an {@code electricChargingState}
 * block means electrified; fuel litres or a fuel range mean a tank. For a plug-in hybrid
 * {@code combustionFuelLevel.range} is the total range, so the fuel range is it minus the electric
 * range. A BEV's stray {@code combustionFuelLevel} (empty or a lone percentage) is ignored.
 */
final class BmwStateFileMapper {

    private static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

    private BmwStateFileMapper() {
    }

    /** The {@code state} object of a state document, or the document itself when it is a bare state. */
    static JsonNode stateOf(JsonNode root) {
        if (root != null && root.path("state").isObject()) {
            return root.get("state");
        }
        return root;
    }

    /** True when this looks like a MyBMW state (so a wrong file is reported, not exported as nothing). */
    static boolean looksLikeState(JsonNode state) {
        if (state == null || !state.isObject()) {
            return false;
        }
        for (String field : new String[] {"electricChargingState", "combustionFuelLevel", "doorsState",
                "currentMileage", "checkControlMessages", "requiredServices", "lastUpdatedAt", "lastFetched",
                "location", "range"}) {
            if (state.has(field)) {
                return true;
            }
        }
        return false;
    }

    static Vehicle toVehicle(VehicleId id, JsonNode root, Instant now) {
        JsonNode s = stateOf(root);
        Vehicle.Builder b = Vehicle.builder(id);
        JsonNode ev = s.path("electricChargingState");
        boolean electrified = ev.isObject() && ev.size() > 0;
        Double electric = electrified ? number(ev, "range") : null;
        boolean chargingNow = electrified && mapBattery(b, s, ev) == ChargingState.CHARGING;
        mapFuel(b, s, electric);
        b.set(Signal.ODOMETER, number(s, "currentMileage"));
        mapLocation(b, s.path("location"));
        mapBody(b, s);
        JsonNode tires = s.path("tireState");
        tire(b, tires.path("frontLeft"), Tire.FRONT_LEFT);
        tire(b, tires.path("frontRight"), Tire.FRONT_RIGHT);
        tire(b, tires.path("rearLeft"), Tire.REAR_LEFT);
        tire(b, tires.path("rearRight"), Tire.REAR_RIGHT);
        BmwMapper.countWarnings(b, s.get("checkControlMessages"));
        services(b, s.path("requiredServices"), now);
        mapClimate(b, s.path("climateControlState"));
        // the app gives no motion signal: a car that reports and is not charging counts as parked
        b.state(chargingNow ? VehicleState.CHARGING : VehicleState.PARKED);

        Instant updated = instant(text(s, "lastUpdatedAt"));
        b.reportedAt(updated != null && updated.isAfter(NEVER) ? updated : instant(text(s, "lastFetched")));
        b.softwareVersion(BmwSoftwareVersion.of(s.get("vehicleSoftwareVersion")));
        return b.build();
    }

    /** Battery, electric range and charging of an electrified car; returns the charging state. */
    private static ChargingState mapBattery(Vehicle.Builder b, JsonNode s, JsonNode ev) {
        b.set(Signal.BATTERY_LEVEL, number(ev, "chargingLevelPercent"));
        b.set(Signal.RANGE_ELECTRIC, number(ev, "range"));
        Boolean connected = ev.path("isChargerConnected").isBoolean() ? ev.get("isChargerConnected").asBoolean() : null;
        b.flag(Signal.CHARGING_CONNECTED, connected);
        ChargingState charging = BmwMapper.chargingState(text(ev, "chargingStatus"), connected);
        b.chargingState(charging);
        Double target = number(ev, "chargingTarget");
        if (target == null) {
            target = positive(number(s.path("chargingProfile").path("chargingSettings"), "targetSoc"));
        }
        b.set(Signal.CHARGING_LIMIT, target);
        if (charging == ChargingState.CHARGING) {
            Double minutes = number(ev, "remainingChargingMinutes");
            b.set(Signal.CHARGING_TIME_REMAINING, minutes == null ? null : minutes * 60);
        }
        return charging;
    }

    /** The tank, when the car has one; {@code electric} is the electric range of a PHEV, else null. */
    private static void mapFuel(Vehicle.Builder b, JsonNode s, Double electric) {
        JsonNode fuel = s.path("combustionFuelLevel");
        boolean tank = fuel.isObject() && (number(fuel, "remainingFuelLiters") != null || number(fuel, "range") != null);
        if (!tank) {
            return;
        }
        b.set(Signal.FUEL_LEVEL, number(fuel, "remainingFuelPercent"));
        b.set(Signal.FUEL_REMAINING, number(fuel, "remainingFuelLiters"));
        Double fuelRange = number(fuel, "range");
        if (fuelRange != null && electric != null) {
            fuelRange = Math.max(0, fuelRange - electric); // PHEV: that field is the total
        }
        b.set(Signal.RANGE_FUEL, fuelRange);
        b.set(Signal.RANGE_TOTAL, number(s, "range"));
    }

    private static void mapLocation(Vehicle.Builder b, JsonNode location) {
        b.set(Signal.LATITUDE, number(location.path("coordinates"), "latitude"));
        b.set(Signal.LONGITUDE, number(location.path("coordinates"), "longitude"));
        b.set(Signal.HEADING, number(location, "heading"));
    }

    /** Lock, doors, windows and roof. */
    private static void mapBody(Vehicle.Builder b, JsonNode s) {
        JsonNode doors = s.path("doorsState");
        b.flag(Signal.LOCKED, BmwMapper.locked(text(doors, "combinedSecurityState")));
        b.door(Door.FRONT_LEFT, BmwMapper.opening(text(doors, "leftFront")));
        b.door(Door.FRONT_RIGHT, BmwMapper.opening(text(doors, "rightFront")));
        b.door(Door.REAR_LEFT, BmwMapper.opening(text(doors, "leftRear")));
        b.door(Door.REAR_RIGHT, BmwMapper.opening(text(doors, "rightRear")));
        b.door(Door.HOOD, BmwMapper.opening(text(doors, "hood")));
        b.door(Door.TRUNK, BmwMapper.opening(text(doors, "trunk")));
        JsonNode windows = s.path("windowsState");
        b.window(Window.FRONT_LEFT, BmwMapper.opening(text(windows, "leftFront")));
        b.window(Window.FRONT_RIGHT, BmwMapper.opening(text(windows, "rightFront")));
        b.window(Window.REAR_LEFT, BmwMapper.opening(text(windows, "leftRear")));
        b.window(Window.REAR_RIGHT, BmwMapper.opening(text(windows, "rightRear")));
        b.window(Window.SUNROOF, BmwMapper.opening(text(s.path("roofState"), "roofState")));
    }

    private static void mapClimate(Vehicle.Builder b, JsonNode climateState) {
        String climate = text(climateState, "activity");
        if (climate != null && !climate.equalsIgnoreCase("UNKNOWN")) {
            String c = climate.toUpperCase(Locale.ROOT);
            b.flag(Signal.CLIMATE_ACTIVE, c.equals("COOLING") || c.equals("HEATING") || c.equals("VENTILATION"));
        }
    }

    private static void tire(Vehicle.Builder b, JsonNode wheel, Tire tire) {
        JsonNode status = wheel.path("status");
        b.tirePressure(tire, positive(number(status, "currentPressure")));
        b.tirePressureTarget(tire, positive(number(status, "targetPressure")));
    }

    /** Distance: the smallest {@code mileage} of any service; time: the earliest due date. */
    private static void services(Vehicle.Builder b, JsonNode services, Instant now) {
        if (!services.isArray()) {
            return;
        }
        Double distance = null;
        Instant due = null;
        for (JsonNode service : services) {
            Double km = number(service, "mileage");
            if (km != null && (distance == null || km < distance)) {
                distance = km;
            }
            Instant at = instant(text(service, "dateTime"));
            if (at != null && (due == null || at.isBefore(due))) {
                due = at;
            }
        }
        b.set(Signal.SERVICE_DISTANCE_REMAINING, distance);
        if (due != null) {
            b.set(Signal.SERVICE_TIME_REMAINING, Duration.between(now, due).toSeconds());
        }
    }

    private static Double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Double positive(Double v) {
        return v == null || v <= 0 ? null : v;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            return null;
        }
        String t = v.asText().trim();
        return t.equalsIgnoreCase("INVALID") ? null : t;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
