package io.evobserver.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How the push exports have gone: whether there is a push exporter at all, and when the
 * backend last accepted and last refused an export.
 */
public record ExportStatus(boolean pushing, Optional<Instant> lastSuccess, Optional<Instant> lastFailure) {

    /**
     * True while the metrics are reaching the backend, or may still reach it: no push exporter,
     * nothing tried yet, the last export accepted, or the failures started less than
     * {@code grace} ago (the disk buffer keeps what they did not deliver).
     */
    public boolean delivering(Instant now, Duration grace, Instant startedAt) {
        if (!pushing || lastFailure.isEmpty()) {
            return true;
        }
        Instant failure = lastFailure.get();
        if (lastSuccess.isPresent() && !lastSuccess.get().isBefore(failure)) {
            return true;
        }
        // failing since the last success (or since start-up, when none ever got through)
        Instant since = lastSuccess.orElse(startedAt);
        return Duration.between(since, now).compareTo(grace) < 0;
    }
}
