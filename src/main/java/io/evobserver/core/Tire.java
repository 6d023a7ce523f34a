package io.evobserver.core;

/** Wheel positions for {@code vehicle.tire.*}. */
public enum Tire implements StateValue {
    FRONT_LEFT, FRONT_RIGHT, REAR_LEFT, REAR_RIGHT;
}
