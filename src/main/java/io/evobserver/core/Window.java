package io.evobserver.core;

/** Windows reported by {@code vehicle.window.open}. */
public enum Window implements StateValue {
    FRONT_LEFT, FRONT_RIGHT, REAR_LEFT, REAR_RIGHT, SUNROOF;
}
