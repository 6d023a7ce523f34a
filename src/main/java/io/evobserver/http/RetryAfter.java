package io.evobserver.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one {@code Retry-After} rule every source follows (RFC 9110 section 10.2.3): delay-seconds
 * or an HTTP-date; a past date or negative delay means now; more than {@link #MAX} counts as
 * {@code MAX}, so a misconfigured server cannot park a source for days.
 */
public final class RetryAfter {

    public static final Duration MAX = Duration.ofDays(1);

    private RetryAfter() {
    }

    /**
     * @return the wait, between zero and {@link #MAX}; empty when absent or unparsable
     */
    public static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        try {
            long seconds = Long.parseLong(trimmed);
            return Optional.of(bounded(Duration.ofSeconds(Math.max(0, seconds))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : bounded(wait));
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private static Duration bounded(Duration wait) {
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
