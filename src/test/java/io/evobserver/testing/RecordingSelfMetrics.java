package io.evobserver.testing;

import io.evobserver.core.FetchException;
import io.evobserver.core.SelfMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link SelfMetrics} that remembers every API request, for assertions. */
public final class RecordingSelfMetrics implements SelfMetrics {

    /** One {@link #apiRequest} call. */
    public record ApiCall(String vendor, String endpoint, String status, Duration duration) {
    }

    private final List<ApiCall> apiCalls = new CopyOnWriteArrayList<>();
    private final List<FetchException.Reason> refreshErrors = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, Long> budgets = new java.util.concurrent.ConcurrentHashMap<>();

    /** The last {@link #budgetRemaining} value per vendor. */
    public java.util.Map<String, Long> budgets() {
        return java.util.Map.copyOf(budgets);
    }

    @Override
    public void budgetRemaining(String vendor, long remaining) {
        budgets.put(vendor, remaining);
    }

    public List<ApiCall> apiCalls() {
        return List.copyOf(apiCalls);
    }

    public List<FetchException.Reason> refreshErrors() {
        return List.copyOf(refreshErrors);
    }

    @Override
    public void apiRequest(String vendor, String endpoint, String status, Duration duration) {
        apiCalls.add(new ApiCall(vendor, endpoint, status, duration));
    }

    @Override
    public void refreshError(String vendor, FetchException.Reason reason) {
        refreshErrors.add(reason);
    }

    @Override
    public void wakeup(String vendor) {
    }

    @Override
    public void apiCost(String vendor, String endpoint, double usd) {
    }
}
