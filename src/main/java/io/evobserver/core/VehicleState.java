package io.evobserver.core;

/**
 * What the vehicle is doing, as far as the vendor tells; drives the polling policy
 * and the {@code vehicle.state} state set.
 */
public enum VehicleState implements StateValue {
    ONLINE, ASLEEP, OFFLINE, DRIVING, CHARGING, PARKED;

    /** States in which the vehicle changes fast and is worth polling often. */
    public boolean isActive() {
        return this == DRIVING || this == CHARGING;
    }
}
