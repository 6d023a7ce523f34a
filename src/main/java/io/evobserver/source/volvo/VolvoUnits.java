package io.evobserver.source.volvo;

import static io.evobserver.core.Units.KM_PER_MILE;
import static io.evobserver.core.Units.KPA_PER_PSI;
import static io.evobserver.core.Units.LITRES_PER_UK_GALLON;
import static io.evobserver.core.Units.LITRES_PER_US_GALLON;

/**
 * Converts a Volvo value to the canonical unit from the unit string the field carries. A field
 * without a unit is taken in its documented unit; a unit string we do not know gives null, because
 * guessing would export a wrong number where no number is the honest answer.
 */
final class VolvoUnits {

    private VolvoUnits() {
    }

    /** Kilometres from km (documented default) or miles. */
    static Double km(Double value, String unit) {
        if (value == null) {
            return null;
        }
        if (unit == null) {
            return value;
        }
        return switch (unit) {
            case "km", "kilometers", "kilometres", "kilometer", "kilometre" -> value;
            case "mi", "mile", "miles" -> value * KM_PER_MILE;
            case "m", "meters", "metres" -> value / 1000;
            default -> null;
        };
    }

    /** Litres from l (documented default) or gallons (US unless marked imperial). */
    static Double litres(Double value, String unit) {
        if (value == null) {
            return null;
        }
        if (unit == null) {
            return value;
        }
        return switch (unit) {
            case "l", "liter", "liters", "litre", "litres" -> value;
            case "gal", "gallon", "gallons", "usgal" -> value * LITRES_PER_US_GALLON;
            case "ukgal", "impgal", "imperialgallons" -> value * LITRES_PER_UK_GALLON;
            default -> null;
        };
    }

    /** Percent (0-100) from {@code %}/{@code percentage} (default). */
    static Double percent(Double value, String unit) {
        if (value == null) {
            return null;
        }
        if (unit == null) {
            return value;
        }
        return switch (unit) {
            case "%", "percentage", "percent" -> value;
            default -> null;
        };
    }

    /** Kilowatts; Volvo's charging power is recorded in watts, which is also the default. */
    static Double kilowatts(Double value, String unit) {
        if (value == null) {
            return null;
        }
        if (unit == null) {
            return value / 1000;
        }
        return switch (unit) {
            case "w", "watt", "watts" -> value / 1000;
            case "kw", "kilowatt", "kilowatts" -> value;
            default -> null;
        };
    }

    /** Kilowatt-hours (battery capacity). */
    static Double kilowattHours(Double value, String unit) {
        if (value == null) {
            return null;
        }
        if (unit == null) {
            return value;
        }
        return switch (unit) {
            case "kwh", "kilowatthours" -> value;
            case "wh", "watthours" -> value / 1000;
            default -> null;
        };
    }

    /**
     * Seconds from a duration in {@code defaultUnit} when the field has none. A month counts 30 days,
     * as the Volvo app's service countdown does.
     */
    static Double seconds(Double value, String unit, String defaultUnit) {
        if (value == null) {
            return null;
        }
        String u = unit == null ? defaultUnit : unit;
        return switch (u) {
            case "s", "sec", "seconds", "second" -> value;
            case "min", "minute", "minutes" -> value * 60;
            case "h", "hour", "hours" -> value * 3600;
            case "d", "day", "days" -> value * 86_400;
            case "week", "weeks" -> value * 7 * 86_400;
            case "month", "months" -> value * 30 * 86_400;
            default -> null;
        };
    }

    /** Kilopascals from kPa, bar or psi (tyre pressures, should a car ever send them). */
    static Double kilopascals(Double value, String unit) {
        if (value == null || unit == null) {
            return null;
        }
        return switch (unit) {
            case "kpa" -> value;
            case "bar" -> value * 100;
            case "psi" -> value * KPA_PER_PSI;
            default -> null;
        };
    }
}
