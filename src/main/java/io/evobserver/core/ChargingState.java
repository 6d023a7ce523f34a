package io.evobserver.core;

/** Vendor-neutral charging state; the {@code state} attribute of {@code vehicle.charging.state}. */
public enum ChargingState implements StateValue {
    CHARGING, COMPLETE, STOPPED, SCHEDULED, DISCONNECTED, FAULT, UNKNOWN;
}
