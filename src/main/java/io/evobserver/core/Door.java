package io.evobserver.core;

/** Openings reported by {@code vehicle.door.open}; a frunk counts as the hood. */
public enum Door implements StateValue {
    FRONT_LEFT, FRONT_RIGHT, REAR_LEFT, REAR_RIGHT, HOOD, TRUNK;
}
