package io.evobserver.cli;

import io.evobserver.telemetry.BufferSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** How OTLP exports are delivered: request size, and where they wait on disk while the backend is unreachable. */
final class BufferOptions {

    @Option(names = "--buffer-dir", paramLabel = "PATH", defaultValue = "${env:EV_OBSERVER_BUFFER_DIR}",
            description = "Folder where OTLP exports are kept until the backend accepts them (survives restarts). "
                    + "Env: EV_OBSERVER_BUFFER_DIR. Default: $XDG_STATE_HOME/ev-observer/buffer "
                    + "(~/.local/state/ev-observer/buffer).")
    Path dir;

    @Option(names = "--no-buffer", description = "Send OTLP exports directly; an export the backend does not take "
            + "is lost.")
    boolean disabled;

    @Option(names = "--buffer-max-size", paramLabel = "SIZE", defaultValue = "50MB",
            description = "Disk space the buffer may use; when full, the oldest exports are dropped first. "
                    + "Default: ${DEFAULT-VALUE}.")
    String maxSize;

    @Option(names = "--buffer-max-age", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "24h", description = "Exports older than this are dropped unsent. Default: 24h.")
    Duration maxAge;

    @Option(names = "--otlp-max-request-size", paramLabel = "SIZE",
            defaultValue = "${env:EV_OBSERVER_OTLP_MAX_REQUEST_SIZE:-4MB}",
            description = "Largest OTLP request sent (uncompressed); bigger exports are split, a metric's points "
                    + "across requests if needed. Default 4MB = a default Collector's gRPC limit. "
                    + "Env: EV_OBSERVER_OTLP_MAX_REQUEST_SIZE.")
    String maxRequestSize;

    BufferSettings settings() {
        long bytes = size("--buffer-max-size", maxSize);
        long requestBytes = size("--otlp-max-request-size", maxRequestSize);
        BufferSettings s = new BufferSettings(disabled ? null : dir != null ? dir : BufferSettings.defaultDir(),
                bytes, maxAge, requestBytes);
        String problem = s.problem();
        if (problem != null) {
            throw new UsageException(problem);
        }
        return s;
    }

    private static long size(String option, String value) {
        try {
            return BufferSettings.parseSize(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }
}
