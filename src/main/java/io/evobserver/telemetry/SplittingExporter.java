package io.evobserver.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Without a disk buffer: sends each collection as requests of at most {@code maxRequestBytes},
 * in order, each on its own (a refused one does not stop the rest); fails when any failed.
 */
final class SplittingExporter extends ForwardingMetricExporter {

    private final long maxRequestBytes;

    SplittingExporter(MetricExporter delegate, long maxRequestBytes) {
        super(delegate);
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
        boolean ok = true;
        for (List<MetricData> request : OtlpRequests.split(metrics, maxRequestBytes)) {
            // one after the other: order kept, and the SDK's batch may be reused once export returns
            ok &= delegate.export(request).join(60, TimeUnit.SECONDS).isSuccess();
        }
        return ok ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
    }
}
