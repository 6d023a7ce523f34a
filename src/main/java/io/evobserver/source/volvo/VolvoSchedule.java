package io.evobserver.source.volvo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Decides how often each endpoint is polled and keeps every rolling minute under the request cap.
 *
 * <p>Two layers. The cadence: each endpoint's active or idle interval ({@link VolvoEndpoint}),
 * stretched by one common factor when the worst case (every car active) would average more than
 * {@value #AVERAGE_SHARE_PERCENT} % of the cap; so with a dozen or more cars every interval grows
 * instead of some cars starving. The guard: a sliding one-minute window of the calls actually
 * made, refusing calls once the cap is reached (a start-up with many cars, retries); a refused
 * call simply stays due and is made on a later refresh.
 */
final class VolvoSchedule {

    static final int AVERAGE_SHARE_PERCENT = 80;
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Clock clock;
    private final int cap;
    private volatile Optional<Duration> fixed;
    private final Deque<Instant> window = new ArrayDeque<>();

    /**
     * @param cap   calls allowed in any rolling minute
     * @param fixed {@code --interval}: replaces the activity-based choice; every endpoint is polled at
     *              this interval or its own active interval, whichever is longer
     */
    VolvoSchedule(Clock clock, int cap, Optional<Duration> fixed) {
        this.clock = clock;
        this.cap = cap;
        this.fixed = fixed;
    }

    /** Takes {@code --interval} as the instrumentor's policy reports it. */
    void fixed(Optional<Duration> interval) {
        this.fixed = interval;
    }

    /** The interval of one endpoint of one car, given the car's activity and how many cars share the budget. */
    Duration interval(VolvoEndpoint endpoint, boolean active, int vehicles, boolean locationEnabled) {
        Duration base = fixed.isPresent() ? max(fixed.get(), endpoint.activeInterval())
                : active ? endpoint.activeInterval() : endpoint.idleInterval();
        double factor = stretch(vehicles, locationEnabled);
        return factor <= 1 ? base : Duration.ofMillis((long) Math.ceil(base.toMillis() * factor));
    }

    /** How much every interval is stretched so that all cars active average within the share of the cap. */
    double stretch(int vehicles, boolean locationEnabled) {
        double perMinute = 0;
        for (VolvoEndpoint e : VolvoEndpoint.values()) {
            if (e == VolvoEndpoint.LOCATION && !locationEnabled) {
                continue;
            }
            Duration d = fixed.isPresent() ? max(fixed.get(), e.activeInterval()) : e.activeInterval();
            perMinute += 60_000.0 / d.toMillis();
        }
        double worst = perMinute * Math.max(1, vehicles);
        double allowed = cap * AVERAGE_SHARE_PERCENT / 100.0;
        return worst <= allowed ? 1 : worst / allowed;
    }

    /** Takes one call from the rolling window; false when the cap is reached (the call must wait). */
    synchronized boolean tryAcquire() {
        Instant now = clock.instant();
        expire(now);
        if (window.size() >= cap) {
            return false;
        }
        window.addLast(now);
        return true;
    }

    /** When the next call will be allowed (now when the window has room). */
    synchronized Instant windowFreeAt() {
        Instant now = clock.instant();
        expire(now);
        return window.size() < cap ? now : window.peekFirst().plus(WINDOW);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void expire(Instant now) {
        while (!window.isEmpty() && !window.peekFirst().plus(WINDOW).isAfter(now)) {
            window.removeFirst();
        }
    }
}
