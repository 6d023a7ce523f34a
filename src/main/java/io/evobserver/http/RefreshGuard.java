package io.evobserver.http;

import io.evobserver.core.FetchException;
import io.evobserver.core.SelfMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a cloud fetcher's refresh answers to besides its vendor's API: the clock, the account's
 * {@link RateLimitGate}, and the self metrics that count the failures a refresh survives (one car
 * or one endpoint failed, the rest answered). The instrumentor never sees those, because the
 * refresh as a whole succeeds. Used from the fetcher's refresh thread only.
 */
public final class RefreshGuard {

    private final String source;
    private final Clock clock;
    private final SelfMetrics selfMetrics;
    private final RateLimitGate gate;

    /** @param defaultRateLimitWait the wait when a rate-limited answer carried no {@code Retry-After} */
    public RefreshGuard(String source, Duration defaultRateLimitWait, SelfMetrics selfMetrics, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.selfMetrics = Objects.requireNonNull(selfMetrics, "selfMetrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.gate = new RateLimitGate(source, defaultRateLimitWait);
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * The start of a refresh: now, once the gate is open.
     *
     * @throws FetchException RATE_LIMITED with the remaining wait while the gate is closed
     */
    public Instant begin() throws FetchException {
        Instant now = clock.instant();
        gate.check(now);
        return now;
    }

    /** See {@link RateLimitGate#record}: closes the gate when {@code e} is rate limited, and returns the wait. */
    public Optional<Duration> record(FetchException e, Instant now) {
        return gate.record(e, now);
    }

    /** When the gate opens again, if it is (or was last) closed. */
    public Optional<Instant> blockedUntil() {
        return gate.blockedUntil();
    }

    /** Counts a failure the refresh survived as a refresh error of the source. */
    public void survived(FetchException e) {
        selfMetrics.refreshError(source, e.reason());
    }
}
