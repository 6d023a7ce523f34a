package io.evobserver.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/** The probe endpoints of {@code run}: {@code /healthz} and {@code /readyz} on a small HTTP port. */
final class HealthOptions {

    @Option(names = "--health-port", paramLabel = "N", defaultValue = "${env:EV_OBSERVER_HEALTH_PORT}",
            description = "Serve /healthz (alive) and /readyz (a source refreshed and exports are delivered) on "
                    + "this port. Env: EV_OBSERVER_HEALTH_PORT. Default: off (the image uses 9465).")
    Integer port;

    @Option(names = "--health-host", paramLabel = "ADDR", defaultValue = "${env:EV_OBSERVER_HEALTH_HOST:-127.0.0.1}",
            description = "Address the health port binds to (0.0.0.0 for probes from outside, e.g. Kubernetes). "
                    + "Env: EV_OBSERVER_HEALTH_HOST. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--ready-export-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "/readyz stays ready this long while the backend refuses exports. "
                    + "Default: --buffer-max-age (what the disk buffer keeps), 0 with --no-buffer.")
    Duration exportGrace;

    /** Null when the health port is off; a usage error for a port out of range. */
    Integer port() {
        if (port != null && (port < 0 || port > 65_535)) {
            throw new UsageException("--health-port: " + port + " is not a TCP port");
        }
        return port;
    }

    Duration grace(io.evobserver.telemetry.BufferSettings buffer) {
        if (exportGrace != null) {
            if (exportGrace.isNegative()) {
                throw new UsageException("--ready-export-grace: must not be negative");
            }
            return exportGrace;
        }
        return buffer.enabled() ? buffer.maxAge() : Duration.ZERO;
    }
}
