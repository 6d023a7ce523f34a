package io.evobserver.telemetry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How OTLP exports are delivered: the largest request sent ({@code maxRequestBytes}), and where
 * and how much is kept on disk while the backend is unreachable. {@code dir == null} means no
 * disk buffer (exports go straight to the network, still split into requests).
 */
public record BufferSettings(Path dir, long maxBytes, Duration maxAge, long maxRequestBytes) {

    public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;
    /** A default Collector's OTLP/gRPC message limit, the smallest default among receivers. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 4L * 1024 * 1024;
    static final long MIN_REQUEST_BYTES = 16 * 1024;
    /** A stored request is at most this share of the buffer, so a small buffer still holds several. */
    static final int REQUESTS_PER_BUFFER = 8;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
    /** A Java array (one request is read whole) holds at most this. */
    static final long LIMIT_BYTES = Integer.MAX_VALUE;
    static final long MIN_BYTES = 1024 * 1024;

    public BufferSettings {
        Objects.requireNonNull(maxAge, "maxAge");
    }

    public BufferSettings(Path dir, long maxBytes, Duration maxAge) {
        this(dir, maxBytes, maxAge, DEFAULT_MAX_REQUEST_BYTES);
    }

    public static BufferSettings disabled() {
        return new BufferSettings(null, DEFAULT_MAX_BYTES, DEFAULT_MAX_AGE);
    }

    /** The largest request actually sent: the option, or less so that the buffer holds several. */
    long requestLimit() {
        return enabled() ? Math.min(maxRequestBytes, maxBytes / REQUESTS_PER_BUFFER) : maxRequestBytes;
    }

    public boolean enabled() {
        return dir != null;
    }

    /** One-line problem naming the option, or null. */
    public String problem() {
        if (maxBytes < MIN_BYTES || maxBytes > LIMIT_BYTES) {
            return "--buffer-max-size: must be between 1MB and 2GB";
        }
        if (maxRequestBytes < MIN_REQUEST_BYTES || maxRequestBytes > LIMIT_BYTES) {
            return "--otlp-max-request-size: must be between 16KB and 2GB";
        }
        if (maxAge.isNegative() || maxAge.toSeconds() < 10) {
            return "--buffer-max-age: must be at least 10s";
        }
        return null;
    }

    /** {@code $XDG_STATE_HOME/ev-observer/buffer}, else {@code ~/.local/state/ev-observer/buffer}. */
    public static Path defaultDir() {
        return defaultDir(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultDir(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_STATE_HOME");
        // the XDG spec says to ignore a relative value
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(userHome, ".local", "state");
        return base.resolve("ev-observer").resolve("buffer");
    }

    /** Parses {@code 50MB}, {@code 512KB}, {@code 1GB} or a plain number of bytes. */
    public static long parseSize(String value) {
        String v = value.trim().toUpperCase(java.util.Locale.ROOT).replace(" ", "");
        long factor = 1;
        for (var unit : new Object[][] {{"GB", 1L << 30}, {"MB", 1L << 20}, {"KB", 1L << 10}, {"B", 1L}}) {
            if (v.endsWith((String) unit[0])) {
                factor = (Long) unit[1];
                v = v.substring(0, v.length() - ((String) unit[0]).length());
                break;
            }
        }
        try {
            double n = Double.parseDouble(v);
            if (n <= 0 || Double.isNaN(n) || Double.isInfinite(n)) {
                throw new NumberFormatException();
            }
            return (long) (n * factor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a size (use e.g. 50MB, 1GB)");
        }
    }
}
