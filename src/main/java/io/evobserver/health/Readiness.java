package io.evobserver.health;

import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.telemetry.ExportStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Whether the daemon is doing its job: at least one source has refreshed, and the backend
 * took the last export, or has been refusing them for less than the grace (the time the
 * disk buffer keeps what it could not deliver).
 */
public final class Readiness {

    /** The answer and a one-line reason, for the probe's body. */
    public record Verdict(boolean ready, String reason) {
    }

    private final List<VehicleInstrumentor> sources;
    private final Supplier<ExportStatus> exports;
    private final Duration grace;
    private final Clock clock;
    private final Instant startedAt;

    public Readiness(List<VehicleInstrumentor> sources, Supplier<ExportStatus> exports, Duration grace, Clock clock) {
        this.sources = List.copyOf(sources);
        this.exports = Objects.requireNonNull(exports, "exports");
        this.grace = Objects.requireNonNull(grace, "grace");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startedAt = clock.instant();
    }

    public Verdict check() {
        Instant now = clock.instant();
        Instant newest = null;
        String which = null;
        for (VehicleInstrumentor s : sources) {
            Instant at = s.lastSuccess().orElse(null);
            if (at != null && (newest == null || at.isAfter(newest))) {
                newest = at;
                which = s.source();
            }
        }
        if (newest == null) {
            return new Verdict(false, "no source has refreshed yet");
        }
        ExportStatus status = exports.get();
        if (!status.delivering(now, grace, startedAt)) {
            return new Verdict(false, "the backend has refused exports since "
                    + status.lastSuccess().map(Instant::toString).orElse("start-up")
                    + " (longer than the grace of " + grace + ")");
        }
        String export = !status.pushing() ? "no push exporter"
                : status.lastFailure().isPresent() && status.lastSuccess().map(ok -> ok.isBefore(
                        status.lastFailure().get())).orElse(true)
                ? "exports failing, within the grace of " + grace
                : status.lastSuccess().map(ok -> "last export accepted " + ago(ok, now)).orElse("no export yet");
        return new Verdict(true, which + " refreshed " + ago(newest, now) + "; " + export);
    }

    private static String ago(Instant then, Instant now) {
        return Math.max(0, Duration.between(then, now).toSeconds()) + " s ago";
    }
}
