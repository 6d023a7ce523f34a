package io.evobserver.source.chargy;

import io.evobserver.core.FetchException;
import io.evobserver.core.SelfMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Small fakes shared by the Chargy tests. */
final class TestSupport {

    private TestSupport() {
    }

    static byte[] fixture(String name) {
        try (InputStream in = TestSupport.class.getResourceAsStream("/chargy/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    record ApiCall(String vendor, String endpoint, String status, Duration duration) {
    }

    /** Records what the fetcher reports about its own requests. */
    static final class RecordingMetrics implements SelfMetrics {
        final List<ApiCall> calls = new ArrayList<>();
        final List<String> other = new ArrayList<>();

        @Override
        public synchronized void apiRequest(String vendor, String endpoint, String status, Duration duration) {
            calls.add(new ApiCall(vendor, endpoint, status, duration));
        }

        @Override
        public synchronized void refreshError(String vendor, FetchException.Reason reason) {
            other.add("refreshError " + vendor + " " + reason);
        }

        @Override
        public synchronized void wakeup(String vendor) {
            other.add("wakeup " + vendor);
        }

        @Override
        public synchronized void apiCost(String vendor, String endpoint, double usd) {
            other.add("apiCost " + vendor + " " + endpoint);
        }
    }

    /** Captures everything the chargy package logs, FINE included, while open. */
    static final class LogCapture extends Handler implements AutoCloseable {
        private final Logger logger;
        private final Level previous;
        private final boolean parentHandlers;
        final List<LogRecord> records = new ArrayList<>();

        LogCapture() {
            this("io.evobserver.source.chargy");
        }

        LogCapture(String loggerName) {
            logger = Logger.getLogger(loggerName);
            previous = logger.getLevel();
            parentHandlers = logger.getUseParentHandlers();
            logger.setUseParentHandlers(false); // keep the build output readable
            logger.setLevel(Level.FINE);
            setLevel(Level.ALL);
            logger.addHandler(this);
        }

        @Override
        public synchronized void publish(LogRecord r) {
            records.add(r);
        }

        synchronized List<String> messages() {
            return records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
        }

        synchronized List<String> messagesAt(Level level) {
            return records.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage).toList();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(previous);
            logger.setUseParentHandlers(parentHandlers);
        }
    }
}
