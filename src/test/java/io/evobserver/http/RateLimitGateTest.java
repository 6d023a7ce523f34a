package io.evobserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitGateTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final RateLimitGate gate = new RateLimitGate("acme", Duration.ofMinutes(5));

    @Test
    void staysOpenUntilARateLimitedAnswer() throws Exception {
        gate.check(T0);
        assertThat(gate.record(new FetchException(Reason.UNAVAILABLE, "HTTP 503"), T0)).isEmpty();
        gate.check(T0);
        assertThat(gate.blockedUntil()).isEmpty();
    }

    @Test
    void closesForTheServersRetryAfterThenOpens() throws Exception {
        assertThat(gate.record(new FetchException(Reason.RATE_LIMITED, "HTTP 429", Duration.ofSeconds(90), null), T0))
                .contains(Duration.ofSeconds(90));

        FetchException early = catchThrowableOfType(() -> gate.check(T0.plusSeconds(30)), FetchException.class);
        assertThat(early.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(early.retryAfter()).contains(Duration.ofSeconds(60));
        assertThat(early.getMessage()).isEqualTo("acme: rate limited; next call allowed in 60 s");
        gate.check(T0.plusSeconds(90));
        assertThat(gate.blockedUntil()).contains(T0.plusSeconds(90));
    }

    @Test
    void withoutRetryAfterWaitsTheDefault() {
        assertThat(gate.record(new FetchException(Reason.RATE_LIMITED, "HTTP 429"), T0)).contains(Duration.ofMinutes(5));
        FetchException last = catchThrowableOfType(() -> gate.check(T0.plusSeconds(299).plusMillis(500)),
                FetchException.class);
        assertThat(last.getMessage()).endsWith("in 1 s"); // never "0 s" while still closed
    }
}
