package io.evobserver.http;

import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One account's rate-limit gate: after a rate-limited answer, no call until its {@code Retry-After}
 * (or the vendor's default wait) has passed, so a refresh that comes early fails fast without
 * spending a request. Used from the fetcher's refresh thread only.
 */
public final class RateLimitGate {

    private final String source;
    private final Duration defaultWait;
    private Instant blockedUntil;

    /**
     * @param source      names the source in the message
     * @param defaultWait the wait when a rate-limited answer carried no {@code Retry-After}
     */
    public RateLimitGate(String source, Duration defaultWait) {
        this.source = Objects.requireNonNull(source, "source");
        this.defaultWait = Objects.requireNonNull(defaultWait, "defaultWait");
    }

    /** @throws FetchException RATE_LIMITED with the remaining wait while the gate is closed */
    public void check(Instant now) throws FetchException {
        if (blockedUntil != null && now.isBefore(blockedUntil)) {
            Duration wait = Duration.between(now, blockedUntil);
            throw new FetchException(Reason.RATE_LIMITED, source + ": rate limited; next call allowed in "
                    + Math.max(1, wait.toSeconds()) + " s", wait, null);
        }
    }

    /**
     * Closes the gate when {@code e} is a rate-limited answer.
     *
     * @return the wait it closed for; empty when {@code e} is another failure
     */
    public Optional<Duration> record(FetchException e, Instant now) {
        if (e.reason() != Reason.RATE_LIMITED) {
            return Optional.empty();
        }
        Duration wait = e.retryAfter().orElse(defaultWait);
        blockedUntil = now.plus(wait);
        return Optional.of(wait);
    }

    /** When the gate opens again, if it is (or was last) closed. */
    public Optional<Instant> blockedUntil() {
        return Optional.ofNullable(blockedUntil);
    }
}
