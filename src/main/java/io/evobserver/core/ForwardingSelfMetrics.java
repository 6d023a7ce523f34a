package io.evobserver.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The self-metrics handed to sources built before the telemetry starts (they are built first so
 * that a usage or login error stops the process before any export, replay or log line). Calls
 * are dropped until {@link #forwardTo} names the real instruments; sources make none while being
 * built.
 */
public final class ForwardingSelfMetrics implements SelfMetrics {

    private volatile SelfMetrics target = SelfMetrics.NOOP;

    /** From now on, every call goes to {@code target}. */
    public void forwardTo(SelfMetrics target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    @Override
    public void apiRequest(String vendor, String endpoint, String status, Duration duration) {
        target.apiRequest(vendor, endpoint, status, duration);
    }

    @Override
    public void refreshError(String vendor, FetchException.Reason reason) {
        target.refreshError(vendor, reason);
    }

    @Override
    public void wakeup(String vendor) {
        target.wakeup(vendor);
    }

    @Override
    public void apiCost(String vendor, String endpoint, double usd) {
        target.apiCost(vendor, endpoint, usd);
    }

    @Override
    public void snapshotDuplicates(String vendor, long count) {
        target.snapshotDuplicates(vendor, count);
    }

    @Override
    public void budgetRemaining(String vendor, long remaining) {
        target.budgetRemaining(vendor, remaining);
    }
}
