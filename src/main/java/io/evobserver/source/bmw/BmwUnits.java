package io.evobserver.source.bmw;

import static io.evobserver.core.Units.KM_PER_MILE;
import static io.evobserver.core.Units.KPA_PER_PSI;
import static io.evobserver.core.Units.LITRES_PER_US_GALLON;

import java.util.OptionalDouble;
import java.util.logging.Logger;

/**
 * Converts CarData values to the canonical units of METRICS.md. BMW does not normalise unit
 * names ({@code km} and {@code kilometers}, {@code %} and {@code percent}, {@code celsius} and
 * {@code Celsius} all occur), so each conversion accepts the spellings seen and drops a value
 * whose unit it does not know rather than export it wrongly scaled.
 */
final class BmwUnits {

    private static final Logger LOG = Logger.getLogger(BmwUnits.class.getName());

    private BmwUnits() {
    }

    /** km; a null unit counts as km (the odometer is sometimes sent without one). */
    static OptionalDouble km(BmwReading r) {
        return convert(r, switch (r.normalizedUnit()) {
            case "", "km", "kilometers", "kilometres", "kilometer", "kilometre" -> 1;
            case "mi", "miles", "mile" -> KM_PER_MILE;
            case "m", "meters", "metres" -> 0.001;
            default -> Double.NaN;
        });
    }

    /** %, from % / percent (a null unit counts as %). */
    static OptionalDouble percent(BmwReading r) {
        return convert(r, switch (r.normalizedUnit()) {
            case "", "%", "percent", "pct" -> 1;
            default -> Double.NaN;
        });
    }

    /** L, from litres or US gallons. */
    static OptionalDouble litres(BmwReading r) {
        return convert(r, switch (r.normalizedUnit()) {
            case "", "l", "liter", "liters", "litre", "litres" -> 1;
            case "gal", "gallon", "gallons" -> LITRES_PER_US_GALLON;
            default -> Double.NaN;
        });
    }

    /** kW, from W (the catalogue's unit for charging power) or kW. */
    static OptionalDouble kw(BmwReading r) {
        return convert(r, switch (r.normalizedUnit()) {
            case "w", "watt", "watts" -> 0.001;
            case "kw", "kilowatt", "kilowatts" -> 1;
            default -> Double.NaN; // no unit: W or kW cannot be told apart, so no reading
        });
    }

    /** kWh, from kWh or Wh. */
    static OptionalDouble kwh(BmwReading r) {
        return convert(r, switch (r.normalizedUnit()) {
            case "", "kwh" -> 1;
            case "wh" -> 0.001;
            default -> Double.NaN;
        });
    }

    /** kPa, from kPa, bar or psi. */
    static OptionalDouble kpa(BmwReading r) {
        return convert(r, switch (r.normalizedUnit()) {
            case "", "kpa" -> 1;
            case "bar" -> 100;
            case "psi" -> KPA_PER_PSI;
            default -> Double.NaN;
        });
    }

    /** s, from minutes (the catalogue's unit for charging times), hours or seconds. */
    static OptionalDouble seconds(BmwReading r) {
        return convert(r, switch (r.normalizedUnit()) {
            case "", "min", "mins", "minute", "minutes" -> 60;
            case "s", "sec", "seconds" -> 1;
            case "h", "hours" -> 3600;
            default -> Double.NaN;
        });
    }

    /** V and A, which BMW writes only one way. */
    static OptionalDouble volts(BmwReading r) {
        return convert(r, switch (r.normalizedUnit()) {
            case "", "v", "volt", "volts" -> 1;
            default -> Double.NaN;
        });
    }

    static OptionalDouble amperes(BmwReading r) {
        return convert(r, switch (r.normalizedUnit()) {
            case "", "a", "amp", "ampere", "amperes" -> 1;
            default -> Double.NaN;
        });
    }

    /** Degrees of latitude, longitude or heading. */
    static OptionalDouble degrees(BmwReading r) {
        return convert(r, switch (r.normalizedUnit()) {
            case "", "degrees", "degree", "deg", "°" -> 1;
            default -> Double.NaN;
        });
    }

    private static OptionalDouble convert(BmwReading r, double factor) {
        OptionalDouble n = r.number();
        if (n.isEmpty()) {
            return n;
        }
        if (Double.isNaN(factor)) {
            LOG.fine(() -> "bmw: dropping a value with unknown unit '" + r.unit() + "'");
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(n.getAsDouble() * factor);
    }
}
