package io.evobserver.telemetry;

import io.evobserver.testing.MutableClock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExportOutcomeTest {

    /** Answers each export with the next scripted result. */
    private static final class Scripted implements MetricExporter {
        final Deque<Boolean> results = new ArrayDeque<>();

        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            return results.removeFirst() ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }
    }

    @Test
    void remembersWhenTheBackendLastAcceptedAndRefused() {
        MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
        ExportOutcome outcome = new ExportOutcome(clock);
        assertThat(outcome.status().pushing()).isFalse();
        Scripted backend = new Scripted();
        MetricExporter tracked = outcome.track(backend);
        ExportStatus none = outcome.status();
        assertThat(none.pushing()).isTrue();
        assertThat(none.delivering(clock.instant(), Duration.ZERO, clock.instant())).isTrue();

        backend.results.addAll(List.of(true, false));
        tracked.export(List.of());
        var accepted = clock.instant();
        clock.advance(Duration.ofSeconds(30));
        tracked.export(List.of());

        ExportStatus status = outcome.status();
        assertThat(status.lastSuccess()).contains(accepted);
        assertThat(status.lastFailure()).contains(clock.instant());
        assertThat(status.delivering(clock.instant(), Duration.ofMinutes(1), accepted)).isTrue();
        assertThat(status.delivering(clock.instant(), Duration.ofSeconds(30), accepted)).isFalse();
        assertThat(outcome.failures()).isEqualTo(1);
        assertThat(outcome.successes()).isEqualTo(1);
    }
}
