package io.evobserver.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What consecutive snapshots of one vehicle revealed: running totals (exported as cumulative
 * counters that start at {@code countingSince}, kept across restarts) and the last completed
 * trip, charging session and parked period.
 *
 * @param countingSince when the totals started (the first time this vehicle was seen); the counters' start time
 * @param energyAddedAcKwh energy added by AC sessions
 * @param energyAddedDcKwh energy added by DC (fast) sessions
 * @param costTotal      what all sessions cost under the tariff, in {@code currency} (0 without a tariff)
 * @param currency       the tariff's currency, empty without a tariff
 * @param capacityEstimateKwh usable capacity estimated from large sessions (energy added / ΔSoC), smoothed
 * @param softwareUpdates changes of the software version seen; empty while no version was ever seen
 */
public record DerivedReadings(Instant countingSince, long trips, double tripKm, double tripKwh, long sessions,
                              double energyAddedAcKwh, double energyAddedDcKwh, double costTotal,
                              Optional<String> currency, Optional<Trip> lastTrip, Optional<Session> lastSession,
                              Optional<Parked> lastParked, OptionalDouble capacityEstimateKwh,
                              OptionalLong softwareUpdates) {

    public DerivedReadings {
        Objects.requireNonNull(countingSince, "countingSince");
        currency = Objects.requireNonNullElse(currency, Optional.empty());
        lastTrip = Objects.requireNonNullElse(lastTrip, Optional.empty());
        lastSession = Objects.requireNonNullElse(lastSession, Optional.empty());
        lastParked = Objects.requireNonNullElse(lastParked, Optional.empty());
        capacityEstimateKwh = Objects.requireNonNullElse(capacityEstimateKwh, OptionalDouble.empty());
        softwareUpdates = Objects.requireNonNullElse(softwareUpdates, OptionalLong.empty());
    }

    /** AC or DC, the {@code charging.type} attribute. */
    public enum ChargingType implements StateValue { AC, DC }

    /** A free-text attribute value (a currency code, a software version) carried like a state. */
    public record Label(String name) implements StateValue {
        public Label {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String label() {
            return name;
        }
    }

    /**
     * A completed trip.
     *
     * @param energyKwh battery energy used (ΔSoC × capacity), empty when SoC or capacity is unknown
     */
    public record Trip(Instant start, Instant end, double distanceKm, OptionalDouble energyKwh) {
        public Duration duration() {
            return Duration.between(start, end);
        }

        /** Wh per km, when the energy is known and the trip was long enough to say. */
        public OptionalDouble efficiencyWhPerKm() {
            return energyKwh.isPresent() && distanceKm >= 1
                    ? OptionalDouble.of(energyKwh.getAsDouble() * 1000 / distanceKm) : OptionalDouble.empty();
        }
    }

    /**
     * A completed charging session.
     *
     * @param energySource where the energy figure came from: {@code counter} (the vendor's), {@code power}
     *                     (integrated), {@code soc} (ΔSoC × capacity)
     * @param cost         under the tariff, empty without one
     */
    public record Session(Instant start, Instant end, double energyKwh, String energySource, ChargingType type,
                          OptionalDouble socFrom, OptionalDouble socTo, OptionalDouble peakPowerKw,
                          OptionalDouble cost) {
        public Duration duration() {
            return Duration.between(start, end);
        }

        public OptionalDouble averagePowerKw() {
            double hours = duration().toMillis() / 3_600_000.0;
            return hours > 0 ? OptionalDouble.of(energyKwh / hours) : OptionalDouble.empty();
        }
    }

    /**
     * A completed parked period's drain (charging excluded).
     *
     * @param idleHours hours of the period that were neither driving nor charging
     * @param socLost   percentage points of SoC lost over those hours
     * @param capacityKwh the capacity used to turn points into kWh, when known
     */
    public record Parked(Instant start, Instant end, double idleHours, double socLost, OptionalDouble capacityKwh) {
        public double percentPerDay() {
            return socLost / idleHours * 24;
        }

        public OptionalDouble kwhPerDay() {
            return capacityKwh.isPresent() ? OptionalDouble.of(percentPerDay() / 100 * capacityKwh.getAsDouble())
                    : OptionalDouble.empty();
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "DerivedReadings[trips=%d %.1f km, sessions=%d %.2f+%.2f kWh]", trips,
                tripKm, sessions, energyAddedAcKwh, energyAddedDcKwh);
    }
}
