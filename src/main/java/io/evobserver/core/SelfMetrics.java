package io.evobserver.core;

import java.time.Duration;

/**
 * The tool's own health counters, as the fetchers and HTTP client report them. The
 * telemetry package turns these calls into {@code ev_observer.*} instruments; tests use
 * {@link #NOOP} or a recording fake. Endpoints are templates ({@code /api/1/vehicles/{id}}),
 * never raw URLs.
 */
public interface SelfMetrics {

    void apiRequest(String vendor, String endpoint, String status, Duration duration);

    void refreshError(String vendor, FetchException.Reason reason);

    void wakeup(String vendor);

    /** What one call cost in US dollars (vendors that bill per request). */
    void apiCost(String vendor, String endpoint, double usd);

    /**
     * Calls left in a vendor's request quota (BMW CarData: 50 per day), after each refresh.
     * A default so that existing implementations need not care.
     */
    default void budgetRemaining(String vendor, long remaining) {
    }

    /** Entries dropped because their identity (VIN, station) was already in the snapshot or another source's. */
    default void snapshotDuplicates(String vendor, long count) {
    }

    SelfMetrics NOOP = new SelfMetrics() {
        @Override
        public void apiRequest(String vendor, String endpoint, String status, Duration duration) {
        }

        @Override
        public void refreshError(String vendor, FetchException.Reason reason) {
        }

        @Override
        public void wakeup(String vendor) {
        }

        @Override
        public void apiCost(String vendor, String endpoint, double usd) {
        }
    };
}
