package io.evobserver.core;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One vehicle as one refresh saw it, every reading in canonical units (see METRICS.md).
 * Immutable; readings the vendor did not give are simply absent. Build with {@link #builder}.
 *
 * @param reportedAt when the vendor says the data was taken (drives {@code vehicle.data.age})
 * @param softwareVersion the vehicle's software release as the vendor names it, when it gives one; a
 *                        description, not part of the identity (an update must not start new series)
 */
public record Vehicle(
        VehicleId id,
        Map<Signal, Double> signals,
        Optional<VehicleState> state,
        Optional<ChargingState> chargingState,
        Map<Door, Boolean> doorsOpen,
        Map<Window, Boolean> windowsOpen,
        Map<Tire, Double> tirePressureKpa,
        Map<Tire, Double> tirePressureTargetKpa,
        Map<Severity, Integer> warnings,
        Optional<Instant> reportedAt,
        Optional<String> softwareVersion) {

    public Vehicle {
        Objects.requireNonNull(id, "id");
        signals = frozen(signals, Signal.class);
        doorsOpen = frozen(doorsOpen, Door.class);
        windowsOpen = frozen(windowsOpen, Window.class);
        tirePressureKpa = frozen(tirePressureKpa, Tire.class);
        tirePressureTargetKpa = frozen(tirePressureTargetKpa, Tire.class);
        warnings = frozen(warnings, Severity.class);
        state = Objects.requireNonNullElse(state, Optional.empty());
        chargingState = Objects.requireNonNullElse(chargingState, Optional.empty());
        reportedAt = Objects.requireNonNullElse(reportedAt, Optional.empty());
        softwareVersion = Objects.requireNonNullElse(softwareVersion, Optional.<String>empty())
                .map(String::strip).filter(v -> !v.isEmpty());
    }

    private static <K extends Enum<K>, V> Map<K, V> frozen(Map<K, V> m, Class<K> type) {
        if (m == null || m.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new EnumMap<>(m));
    }

    public OptionalDouble get(Signal signal) {
        Double v = signals.get(signal);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    public static Builder builder(VehicleId id) {
        return new Builder(id);
    }

    /** A builder that starts from this vehicle, e.g. to merge a partial update into it. */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.signals.putAll(signals);
        b.state = state.orElse(null);
        b.chargingState = chargingState.orElse(null);
        b.doors.putAll(doorsOpen);
        b.windows.putAll(windowsOpen);
        b.tires.putAll(tirePressureKpa);
        b.tireTargets.putAll(tirePressureTargetKpa);
        b.warnings.putAll(warnings);
        b.reportedAt = reportedAt.orElse(null);
        b.softwareVersion = softwareVersion.orElse(null);
        return b;
    }

    /**
     * Collects readings from a mapper. Setters take boxed values and ignore {@code null},
     * non-finite and out-of-range ones, so mappers can pass vendor fields straight through.
     * {@link #rejected()} counts what was dropped, for the mapper's logs and tests.
     */
    public static final class Builder {
        private VehicleId id;
        private final EnumMap<Signal, Double> signals = new EnumMap<>(Signal.class);
        private VehicleState state;
        private ChargingState chargingState;
        private final EnumMap<Door, Boolean> doors = new EnumMap<>(Door.class);
        private final EnumMap<Window, Boolean> windows = new EnumMap<>(Window.class);
        private final EnumMap<Tire, Double> tires = new EnumMap<>(Tire.class);
        private final EnumMap<Tire, Double> tireTargets = new EnumMap<>(Tire.class);
        private final EnumMap<Severity, Integer> warnings = new EnumMap<>(Severity.class);
        private Instant reportedAt;
        private String softwareVersion;
        private int rejected;

        private Builder(VehicleId id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        public Builder id(VehicleId newId) {
            this.id = Objects.requireNonNull(newId, "id");
            return this;
        }

        public Builder set(Signal signal, Number value) {
            if (value == null) {
                return this;
            }
            double v = value.doubleValue();
            if (signal == Signal.HEADING && Double.isFinite(v)) {
                v = ((v % 360) + 360) % 360; // vendors send -180..180 or 0..360
            }
            if (signal.accepts(v)) {
                signals.put(signal, v + 0.0); // + 0.0 turns a vendor's -0 into 0: no "-0 %" on a dashboard
            } else {
                rejected++;
            }
            return this;
        }

        public Builder flag(Signal signal, Boolean value) {
            return value == null ? this : set(signal, value ? 1 : 0);
        }

        public Builder state(VehicleState s) {
            if (s != null) {
                state = s;
            }
            return this;
        }

        public Builder chargingState(ChargingState s) {
            if (s != null) {
                chargingState = s;
            }
            return this;
        }

        public Builder door(Door door, Boolean open) {
            if (open != null) {
                doors.put(door, open);
            }
            return this;
        }

        public Builder window(Window window, Boolean open) {
            if (open != null) {
                windows.put(window, open);
            }
            return this;
        }

        public Builder tirePressure(Tire tire, Number kpa) {
            putPressure(tires, tire, kpa);
            return this;
        }

        public Builder tirePressureTarget(Tire tire, Number kpa) {
            putPressure(tireTargets, tire, kpa);
            return this;
        }

        private void putPressure(Map<Tire, Double> map, Tire tire, Number kpa) {
            if (kpa == null) {
                return;
            }
            double v = kpa.doubleValue();
            if (Double.isFinite(v) && v > 0 && v <= 1_000) {
                map.put(tire, v);
            } else {
                rejected++;
            }
        }

        public Builder warnings(Severity severity, int count) {
            if (count >= 0) {
                warnings.put(severity, count);
            }
            return this;
        }

        public Builder reportedAt(Instant at) {
            if (at != null) {
                reportedAt = at;
            }
            return this;
        }

        /** The vendor's software release; null or blank is ignored (a vendor that omits it keeps none). */
        public Builder softwareVersion(String version) {
            if (version != null && !version.isBlank()) {
                softwareVersion = version.strip();
            }
            return this;
        }

        /** How many readings were dropped as null-free but invalid (NaN, out of range). */
        public int rejected() {
            return rejected;
        }

        public Vehicle build() {
            return new Vehicle(id, signals, Optional.ofNullable(state), Optional.ofNullable(chargingState),
                    doors, windows, tires, tireTargets, warnings, Optional.ofNullable(reportedAt),
                    Optional.ofNullable(softwareVersion));
        }
    }
}
