package io.evobserver.testing;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.EVMetricData;

/** A fetcher whose refresh returns whatever snapshot the test last put in {@link #next}. */
public final class FixedFetcher extends AbstractVehicleFetcher {
    public EVMetricData next;

    public FixedFetcher(String source) {
        super(source);
    }

    public FixedFetcher(String source, EVMetricData next) {
        super(source);
        this.next = next;
    }

    @Override
    public EVMetricData refresh() {
        return next;
    }
}
