package io.evobserver.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers whether push exports succeeded. The SDK's forceFlush reports success even when
 * the exporter failed, and {@code --once} must exit 1 when the backend did not take the data.
 */
final class ExportOutcome {
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger successes = new AtomicInteger();
    private final java.time.Clock clock;
    private volatile java.time.Instant lastSuccess;
    private volatile java.time.Instant lastFailure;
    private volatile boolean tracking;

    ExportOutcome() {
        this(java.time.Clock.systemUTC());
    }

    ExportOutcome(java.time.Clock clock) {
        this.clock = clock;
    }

    /** The push exports' record so far (no push exporter: nothing attempted, ever). */
    ExportStatus status() {
        return new ExportStatus(tracking, java.util.Optional.ofNullable(lastSuccess),
                java.util.Optional.ofNullable(lastFailure));
    }

    /**
     * Exports that failed, plus those that never finished: an exporter shut down while it was
     * still retrying (connection refused) leaves its result incomplete, which is no success.
     */
    int failures() {
        return started.get() - successes.get();
    }

    int successes() {
        return successes.get();
    }

    MetricExporter track(MetricExporter delegate) {
        tracking = true;
        return new Tracking(delegate);
    }

    private final class Tracking extends ForwardingMetricExporter {

        Tracking(MetricExporter delegate) {
            super(delegate);
        }

        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            started.incrementAndGet();
            CompletableResultCode result = delegate.export(metrics);
            result.whenComplete(() -> {
                if (result.isSuccess()) {
                    successes.incrementAndGet();
                    lastSuccess = clock.instant();
                } else {
                    lastFailure = clock.instant();
                }
            });
            return result;
        }
    }
}
