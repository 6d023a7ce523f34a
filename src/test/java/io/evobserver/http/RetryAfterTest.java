package io.evobserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void parsesSecondsAndHttpDates() {
        assertThat(RetryAfter.parse(" 3600 ", clock)).contains(Duration.ofHours(1));
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 10:02:30 GMT", clock)).contains(Duration.ofSeconds(150));
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 09:00:00 GMT", clock)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("-5", clock)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", clock)).isEmpty();
        assertThat(RetryAfter.parse(null, clock)).isEmpty();
    }

    @Test
    void aWaitLongerThanADayCountsAsADay() {
        assertThat(RetryAfter.parse("999999999999", clock)).contains(RetryAfter.MAX);
        assertThat(RetryAfter.parse("Tue, 01 Mar 2033 10:00:00 GMT", clock)).contains(Duration.ofDays(1));
        assertThat(RetryAfter.parse("86400", clock)).contains(Duration.ofDays(1));
        assertThat(RetryAfter.parse("86399", clock)).contains(Duration.ofSeconds(86_399));
    }
}
