package io.evobserver.source.chargy;

import io.evobserver.core.FetchException;
import io.evobserver.core.SelfMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Small fakes shared by the Chargy tests. */
final class TestSupport {

    /** What the chargy classes log to. */
    static final String PACKAGE_LOGGER = "io.evobserver.source.chargy";

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
}
