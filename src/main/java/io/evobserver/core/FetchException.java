package io.evobserver.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A refresh that failed, classified so the instrumentor can count it and pick a backoff.
 * Messages are one line for the log and never contain secrets.
 */
public class FetchException extends Exception {

    /** The {@code reason} attribute of {@code ev_observer.refresh.errors}. */
    public enum Reason {
        AUTH, RATE_LIMITED, UNAVAILABLE, PARSE, NETWORK;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;
    private final Duration retryAfter;

    public FetchException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public FetchException(Reason reason, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** How long the vendor asked us to wait, when it said so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
