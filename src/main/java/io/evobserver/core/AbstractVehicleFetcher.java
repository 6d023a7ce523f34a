package io.evobserver.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One source of vehicle or charger data: knows one vendor's auth, endpoints, quirks and
 * units, and turns them into a complete {@link EVMetricData} on each {@link #refresh()}.
 * A fetcher is called from one thread at a time.
 */
public abstract class AbstractVehicleFetcher implements AutoCloseable {

    private final String source;
    private volatile ShardFilter shard = ShardFilter.ALL;

    protected AbstractVehicleFetcher(String source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The source name: {@code tesla}, {@code bmw}, {@code volvo}, {@code chargy}, {@code demo}. */
    public final String source() {
        return source;
    }

    /**
     * Limits the vehicles this fetcher calls the vendor for to one shard of the fleet
     * ({@code --shard I/N}), so an instance never spends API calls, quota or wake-ups on cars
     * another instance exports. Set once, before the first refresh.
     */
    public final void restrictTo(ShardFilter shard) {
        this.shard = Objects.requireNonNull(shard, "shard");
    }

    /** True when this instance owns the vehicle: fetchers check it before any per-vehicle call. */
    protected final boolean owns(String vin) {
        return vin != null && shard.ownsVin(vin);
    }

    /**
     * Fetches and maps everything this source knows now. Throws, never returns partial
     * garbage: the caller keeps the previous snapshot when this fails.
     */
    public abstract EVMetricData refresh() throws FetchException, InterruptedException;

    /**
     * The wait before the next refresh. The default follows the policy for the vehicles'
     * states; fetchers with their own budget (quota, sleep) override it.
     */
    public Duration nextInterval(EVMetricData latest, PollingPolicy policy) {
        List<VehicleState> states = new ArrayList<>();
        for (Vehicle v : latest.vehicles()) {
            v.state().ifPresent(states::add);
        }
        return policy.intervalFor(states);
    }

    @Override
    public void close() {
    }
}
