package io.evobserver.core;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * How long to wait before the next refresh, from what the vehicles are doing: short while
 * driving or charging, longer while parked, longest while asleep (polling a sleeping car
 * only costs money). A fixed interval ({@code --interval}) overrides it.
 */
public record PollingPolicy(Duration active, Duration online, Duration parked, Duration asleep,
                            Optional<Duration> fixed) {

    public static final PollingPolicy DEFAULT = new PollingPolicy(
            Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Optional.empty());

    public PollingPolicy {
        Objects.requireNonNull(active);
        Objects.requireNonNull(online);
        Objects.requireNonNull(parked);
        Objects.requireNonNull(asleep);
        fixed = Objects.requireNonNullElse(fixed, Optional.empty());
    }

    public PollingPolicy withFixed(Duration interval) {
        return new PollingPolicy(active, online, parked, asleep, Optional.ofNullable(interval));
    }

    /** The interval for the busiest vehicle among these states (no states: the parked interval). */
    public Duration intervalFor(Collection<VehicleState> states) {
        if (fixed.isPresent()) {
            return fixed.get();
        }
        Duration best = null;
        for (VehicleState s : states) {
            Duration d = switch (s) {
                case DRIVING, CHARGING -> active;
                case ONLINE -> online;
                case PARKED -> parked;
                case ASLEEP, OFFLINE -> asleep;
            };
            if (best == null || d.compareTo(best) < 0) {
                best = d;
            }
        }
        return best == null ? parked : best;
    }
}
