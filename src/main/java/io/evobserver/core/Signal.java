package io.evobserver.core;

/**
 * Every scalar vehicle reading the model knows, in its canonical unit, with the range
 * a sane reading must fall in. Mappers set signals through {@link Vehicle.Builder}, which
 * drops values outside the range, so a vendor glitch can never export 250 % or NaN.
 */
public enum Signal {
    BATTERY_LEVEL(0, 100),
    BATTERY_USABLE_LEVEL(0, 100),
    BATTERY_CAPACITY(0, 1_000),
    RANGE_ELECTRIC(0, 5_000),
    RANGE_FUEL(0, 5_000),
    RANGE_TOTAL(0, 10_000),
    FUEL_LEVEL(0, 100),
    FUEL_REMAINING(0, 1_000),
    ODOMETER(0, 10_000_000),
    CHARGING_CONNECTED(0, 1),
    CHARGING_POWER(-1_000, 1_000),
    CHARGING_VOLTAGE(0, 1_500),
    CHARGING_CURRENT(-1_000, 1_000),
    CHARGING_LIMIT(0, 100),
    CHARGING_ENERGY_ADDED(0, 1_000),
    CHARGING_TIME_REMAINING(0, 7 * 24 * 3600),
    CHARGING_FAST_CHARGER(0, 1),
    LATITUDE(-90, 90),
    LONGITUDE(-180, 180),
    HEADING(0, 360),
    SPEED(0, 500),
    POWER(-2_000, 2_000),
    INSIDE_TEMPERATURE(-60, 100),
    OUTSIDE_TEMPERATURE(-70, 70),
    CLIMATE_ACTIVE(0, 1),
    LOCKED(0, 1),
    SERVICE_DISTANCE_REMAINING(-1_000_000, 1_000_000),
    SERVICE_TIME_REMAINING(-100_000_000, 100_000_000),
    SENTRY_MODE(0, 1);

    private final double min;
    private final double max;

    Signal(double min, double max) {
        this.min = min;
        this.max = max;
    }

    /** True when the value is finite and inside this signal's sane range. */
    public boolean accepts(double value) {
        return Double.isFinite(value) && value >= min && value <= max;
    }
}
