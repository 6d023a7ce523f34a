package io.evobserver.core;

/** Conversion factors to the canonical units of METRICS.md (km, kPa, litres), exact by definition. */
public final class Units {

    /** International mile. */
    public static final double KM_PER_MILE = 1.609344;
    public static final double KPA_PER_BAR = 100.0;
    public static final double KPA_PER_PSI = 6.894757293168;
    public static final double LITRES_PER_US_GALLON = 3.785411784;
    public static final double LITRES_PER_UK_GALLON = 4.54609;

    private Units() {
    }
}
