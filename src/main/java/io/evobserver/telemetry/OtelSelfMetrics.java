package io.evobserver.telemetry;

import io.evobserver.core.FetchException;
import io.evobserver.core.SelfMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.Meter;

import java.time.Duration;
import java.util.List;

/** The {@code ev_observer.*} counters and histogram, fed by fetchers and the HTTP client. */
public final class OtelSelfMetrics implements SelfMetrics {

    private static final AttributeKey<String> VENDOR = AttributeKey.stringKey("vendor");
    private static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("endpoint");
    private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
    private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
    private static final AttributeKey<String> CURRENCY = AttributeKey.stringKey("currency");
    /** Vendor calls take 50 ms to 30 s; the SDK's default buckets are in milliseconds. */
    private static final List<Double> DURATION_BUCKETS = List.of(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);

    private final LongCounter requests;
    private final DoubleHistogram duration;
    private final DoubleCounter cost;
    private final LongCounter refreshErrors;
    private final LongCounter wakeups;
    private final LongGauge budgetRemaining;
    private final LongCounter duplicates;

    public OtelSelfMetrics(Meter meter) {
        MetricDefinition r = MetricCatalogue.byName("ev_observer.api.requests");
        requests = meter.counterBuilder(r.name()).setUnit(r.unit()).setDescription(r.description()).build();
        MetricDefinition d = MetricCatalogue.byName("ev_observer.api.duration");
        duration = meter.histogramBuilder(d.name()).setUnit(d.unit()).setDescription(d.description())
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
        MetricDefinition c = MetricCatalogue.byName("ev_observer.api.cost");
        cost = meter.counterBuilder(c.name()).ofDoubles().setUnit(c.unit()).setDescription(c.description()).build();
        MetricDefinition e = MetricCatalogue.byName("ev_observer.refresh.errors");
        refreshErrors = meter.counterBuilder(e.name()).setUnit(e.unit()).setDescription(e.description()).build();
        MetricDefinition w = MetricCatalogue.byName("ev_observer.vehicle.wakeups");
        wakeups = meter.counterBuilder(w.name()).setUnit(w.unit()).setDescription(w.description()).build();
        MetricDefinition b = MetricCatalogue.byName("ev_observer.api.budget_remaining");
        budgetRemaining = meter.gaugeBuilder(b.name()).ofLongs().setUnit(b.unit()).setDescription(b.description())
                .build();
        MetricDefinition u = MetricCatalogue.byName("ev_observer.snapshot.duplicates");
        duplicates = meter.counterBuilder(u.name()).setUnit(u.unit()).setDescription(u.description()).build();
    }

    @Override
    public void apiRequest(String vendor, String endpoint, String status, Duration took) {
        requests.add(1, Attributes.of(VENDOR, vendor, ENDPOINT, endpoint, STATUS, status));
        duration.record(took.toNanos() / 1e9, Attributes.of(VENDOR, vendor, ENDPOINT, endpoint));
    }

    @Override
    public void refreshError(String vendor, FetchException.Reason reason) {
        refreshErrors.add(1, Attributes.of(VENDOR, vendor, REASON, reason.label()));
    }

    @Override
    public void wakeup(String vendor) {
        wakeups.add(1, Attributes.of(VENDOR, vendor));
    }

    @Override
    public void budgetRemaining(String vendor, long remaining) {
        budgetRemaining.set(remaining, Attributes.of(VENDOR, vendor));
    }

    @Override
    public void snapshotDuplicates(String vendor, long count) {
        duplicates.add(count, Attributes.of(VENDOR, vendor));
    }

    @Override
    public void apiCost(String vendor, String endpoint, double usd) {
        if (Double.isFinite(usd) && usd > 0) {
            cost.add(usd, Attributes.of(VENDOR, vendor, ENDPOINT, endpoint, CURRENCY, "USD"));
        }
    }
}
