package io.evobserver.derive;

import io.evobserver.core.ChargingState;
import io.evobserver.core.Signal;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleState;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * The few facts of one snapshot of one vehicle that trip, session and drain detection use.
 * Absent readings are null.
 *
 * @param moving   driving now (vehicle state, or a speed of 1 km/h or more)
 * @param charging energy flowing in now (charging state or vehicle state)
 * @param plugged  cable connected; null when the vendor does not say
 * @param fast     DC fast charging; null when the vendor does not say
 * @param softwareVersion the vendor's software version; null when it gives none
 */
record Reading(Instant at, Double odometerKm, Double socPercent, Double energyCounterKwh, Double chargingPowerKw,
               Double capacityKwh, boolean moving, boolean charging, Boolean plugged, Boolean fast, boolean asleep,
               String softwareVersion) {

    static Reading of(Vehicle v, Instant at) {
        VehicleState state = v.state().orElse(null);
        ChargingState cs = v.chargingState().orElse(null);
        double speed = v.get(Signal.SPEED).orElse(0);
        boolean moving = state == VehicleState.DRIVING || speed >= 1;
        boolean charging = !moving && (cs == ChargingState.CHARGING || state == VehicleState.CHARGING);
        Boolean plugged = null;
        if (v.get(Signal.CHARGING_CONNECTED).isPresent()) {
            plugged = v.get(Signal.CHARGING_CONNECTED).getAsDouble() > 0;
        } else if (cs == ChargingState.DISCONNECTED) {
            plugged = Boolean.FALSE;
        } else if (cs != null && cs != ChargingState.UNKNOWN) {
            plugged = Boolean.TRUE;
        }
        Boolean fast = null;
        if (v.get(Signal.CHARGING_FAST_CHARGER).isPresent()) {
            fast = v.get(Signal.CHARGING_FAST_CHARGER).getAsDouble() > 0;
        }
        return new Reading(at, boxed(v.get(Signal.ODOMETER)), boxed(v.get(Signal.BATTERY_LEVEL)),
                boxed(v.get(Signal.CHARGING_ENERGY_ADDED)), boxed(v.get(Signal.CHARGING_POWER)),
                boxed(v.get(Signal.BATTERY_CAPACITY)), moving, charging, plugged, fast,
                state == VehicleState.ASLEEP, v.softwareVersion().orElse(null));
    }

    private static Double boxed(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }
}
