package io.evobserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.testing.MutableClock;
import io.evobserver.testing.RecordingSelfMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefreshGuardTest {

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final RecordingSelfMetrics metrics = new RecordingSelfMetrics();
    private final RefreshGuard guard = new RefreshGuard("acme", Duration.ofMinutes(5), metrics, clock);

    @Test
    void aRefreshBeginsNowUnlessARateLimitClosedTheGate() throws Exception {
        assertThat(guard.begin()).isEqualTo(clock.instant());
        guard.record(new FetchException(Reason.RATE_LIMITED, "HTTP 429"), guard.now());

        clock.advance(Duration.ofMinutes(1));
        FetchException early = catchThrowableOfType(guard::begin, FetchException.class);
        assertThat(early.retryAfter()).contains(Duration.ofMinutes(4));
        assertThat(guard.blockedUntil()).contains(clock.instant().plus(Duration.ofMinutes(4)));

        clock.advance(Duration.ofMinutes(4));
        assertThat(guard.begin()).isEqualTo(clock.instant());
    }

    @Test
    void survivedFailuresCountAsRefreshErrorsOfTheSource() {
        guard.survived(new FetchException(Reason.UNAVAILABLE, "one car: HTTP 503"));
        guard.survived(new FetchException(Reason.PARSE, "one endpoint: bad JSON"));
        assertThat(metrics.refreshErrors()).containsExactly(Reason.UNAVAILABLE, Reason.PARSE);
    }
}
