package io.evobserver.core;

/**
 * Readings of a home energy site (Powerwall, solar, grid meter), canonical units: powers in kW,
 * energies in kWh, state of charge in %. Like {@link Signal}, each has a sane range.
 */
public enum EnergyReading {
    /** Solar generation, kW. */
    SOLAR_POWER(-10, 1_000),
    /** Home battery power, kW: positive while discharging into the home, negative while charging. */
    BATTERY_POWER(-1_000, 1_000),
    /** Home consumption, kW. */
    LOAD_POWER(-10, 1_000),
    /** Grid power, kW: positive while importing, negative while exporting. */
    GRID_POWER(-1_000, 1_000),
    /** Home battery state of charge, %. */
    BATTERY_LEVEL(0, 100),
    /** Energy stored in the home battery, kWh. */
    BATTERY_REMAINING(0, 10_000),
    /** Usable capacity of the home battery, kWh. */
    BATTERY_CAPACITY(0, 10_000);

    private final double min;
    private final double max;

    EnergyReading(double min, double max) {
        this.min = min;
        this.max = max;
    }

    public boolean accepts(double value) {
        return Double.isFinite(value) && value >= min && value <= max;
    }
}
