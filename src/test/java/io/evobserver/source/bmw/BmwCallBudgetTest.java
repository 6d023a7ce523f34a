package io.evobserver.source.bmw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evobserver.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BmwCallBudgetTest {

    private static final Instant T0 = Instant.parse("2025-06-14T15:17:00Z");

    @TempDir
    Path dir;

    /** Every 24-hour window that starts at a call holds at most {@code limit} calls, and so does every UTC day. */
    static void assertNeverOver(List<Instant> calls, int limit) {
        for (int i = 0; i < calls.size(); i++) {
            Instant end = calls.get(i).plus(BmwCallBudget.WINDOW);
            int inWindow = 0;
            for (int j = i; j < calls.size() && calls.get(j).isBefore(end); j++) {
                inWindow++;
            }
            assertThat(inWindow).as("calls in the 24 h from " + calls.get(i)).isLessThanOrEqualTo(limit);
        }
        Map<Object, Integer> perDay = new TreeMap<>();
        calls.forEach(c -> perDay.merge(c.atOffset(ZoneOffset.UTC).toLocalDate(), 1, Integer::sum));
        assertThat(perDay.values()).as("calls per UTC day " + perDay).allMatch(n -> n <= limit);
    }

    @Test
    void greedyCallerGetsAtMostTheLimitInAnyWindowAndTheBurstUpFront() {
        MutableClock clock = new MutableClock(T0);
        BmwCallBudget budget = new BmwCallBudget(50, clock, null);
        int first = 0;
        while (budget.tryAcquire()) {
            first++;
        }
        assertThat(first).as("the burst").isEqualTo(BmwCallBudget.DEFAULT_BURST);
        for (int minute = 0; minute < 3 * 24 * 60; minute++) {
            clock.advance(Duration.ofMinutes(1));
            budget.tryAcquire();
        }
        List<Instant> calls = budget.calls();
        assertNeverOver(calls, 50);
        assertThat(calls.size()).as("but it does spend the quota").isGreaterThanOrEqualTo(40);
    }

    @Test
    void nextAvailableIsExactlyWhenTheBucketHasRefilled() {
        MutableClock clock = new MutableClock(T0);
        BmwCallBudget budget = new BmwCallBudget(50, clock, null);
        while (budget.tryAcquire()) {
            // drain
        }
        Instant next = budget.nextAvailable(1);
        assertThat(Duration.between(T0, next)).isEqualTo(Duration.ofMillis((long) Math.ceil(
                BmwCallBudget.WINDOW.toMillis() / 40.0)));
        clock.set(next.minusMillis(1));
        assertThat(budget.tryAcquire()).isFalse();
        clock.set(next);
        assertThat(budget.tryAcquire()).isTrue();
    }

    @Test
    void aQuotaHitBlocksUntilTheGivenTime() {
        MutableClock clock = new MutableClock(T0);
        BmwCallBudget budget = new BmwCallBudget(50, clock, null);
        Instant midnight = BmwCallBudget.nextUtcMidnight(T0);
        assertThat(midnight).isEqualTo(Instant.parse("2025-06-15T00:00:00Z"));
        budget.exhaustedUntil(midnight);
        assertThat(budget.remaining()).isZero();
        assertThat(budget.tryAcquire()).isFalse();
        assertThat(budget.nextAvailable(1)).isEqualTo(midnight);
        clock.set(midnight);
        assertThat(budget.remaining()).isEqualTo(50);
        assertThat(budget.tryAcquire()).isTrue();
    }

    @Test
    void theCallLogSurvivesARestartSoACrashLoopCannotSpendTheDayTwice() throws Exception {
        MutableClock clock = new MutableClock(T0);
        Path log = dir.resolve("bmw-token.json.calls");
        for (int restart = 0; restart < 20; restart++) {
            BmwCallBudget budget = new BmwCallBudget(50, clock, log);
            while (budget.tryAcquire()) {
                // each "process" spends what it may
            }
            clock.advance(Duration.ofMinutes(30));
        }
        BmwCallBudget last = new BmwCallBudget(50, clock, log);
        assertNeverOver(last.calls(), 50);
        assertThat(last.calls()).hasSizeLessThanOrEqualTo(50);
        assertThat(Files.readString(log)).doesNotContain("token");
    }

    @Test
    void aDamagedLogIsIgnoredNotFatal() throws Exception {
        Path log = dir.resolve("bmw.calls");
        Files.writeString(log, "{not json");
        assertThat(new BmwCallBudget(50, new MutableClock(T0), log).remaining()).isEqualTo(50);
    }

    @Test
    void aLowerLimitForASharedQuotaIsHonouredAndAboveFiftyRefused() {
        MutableClock clock = new MutableClock(T0);
        BmwCallBudget budget = new BmwCallBudget(20, clock, null);
        for (int minute = 0; minute < 2 * 24 * 60; minute += 5) {
            budget.tryAcquire();
            clock.advance(Duration.ofMinutes(5));
        }
        assertNeverOver(budget.calls(), 20);
        assertThatThrownBy(() -> new BmwCallBudget(51, clock, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
