package io.evobserver.cost;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One ordinary commuter day for one car, on a fake clock: asleep overnight, a half-hour drive to
 * work, parked all day, a half-hour drive home, parked, charging 18:00-21:00, parked again.
 * {@link #activity} says what the car itself is doing; whether a parked Tesla is awake also depends
 * on who polls it (see {@link #teslaAwake}).
 */
final class DayScript {

    enum Activity {
        PARKED, DRIVING, CHARGING;

        boolean active() {
            return this != PARKED;
        }
    }

    /** A parked Tesla powers down after this long without activity (vendor reference 6.1). */
    static final Duration TESLA_SLEEP_AFTER = Duration.ofMinutes(15);

    final Instant start;
    final Instant end;
    private final NavigableMap<Instant, Activity> phases = new TreeMap<>();

    DayScript(Instant midnight) {
        this.start = midnight;
        this.end = midnight.plus(Duration.ofDays(1));
        at("00:00", Activity.PARKED); // asleep since the evening before
        at("07:30", Activity.DRIVING);
        at("08:00", Activity.PARKED);
        at("17:00", Activity.DRIVING);
        at("17:30", Activity.PARKED);
        at("18:00", Activity.CHARGING);
        at("21:00", Activity.PARKED);
    }

    private void at(String hhmm, Activity activity) {
        String[] parts = hhmm.split(":");
        phases.put(start.plus(Duration.ofHours(Integer.parseInt(parts[0])).plusMinutes(Integer.parseInt(parts[1]))),
                activity);
    }

    Activity activity(Instant t) {
        var entry = phases.floorEntry(t);
        return entry == null ? Activity.PARKED : entry.getValue();
    }

    /** The charging window, for the data-age measurement. */
    List<Instant> chargingMinutes() {
        return minutes().stream().filter(t -> activity(t) == Activity.CHARGING).toList();
    }

    List<Instant> minutes() {
        return java.util.stream.Stream.iterate(start, t -> t.isBefore(end), t -> t.plus(Duration.ofMinutes(1)))
                .toList();
    }

    /** When the car last drove or charged (its own activity), at or before t; long ago if never today. */
    Instant lastActiveAt(Instant t) {
        if (activity(t).active()) {
            return t;
        }
        Instant phaseStart = phases.floorKey(t);
        Instant previous = phaseStart == null ? null : phases.lowerKey(phaseStart);
        while (previous != null && !phases.get(previous).active()) {
            previous = phases.lowerKey(previous);
        }
        return previous == null ? start.minus(Duration.ofDays(1)) : phaseStart;
    }

    /**
     * Tesla's "kept awake" rule: driving or charging, or less than 15 minutes since the last activity,
     * where every vehicle_data answer counts as activity (it restarts the sleep countdown).
     *
     * @param lastDataAnswer the latest vehicle_data that returned data at or before t, or null
     */
    boolean teslaAwake(Instant t, Instant lastDataAnswer) {
        Instant last = lastActiveAt(t);
        if (lastDataAnswer != null && lastDataAnswer.isAfter(last)) {
            last = lastDataAnswer;
        }
        return activity(t).active() || t.isBefore(last.plus(TESLA_SLEEP_AFTER));
    }
}
