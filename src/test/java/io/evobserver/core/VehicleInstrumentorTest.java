package io.evobserver.core;

import io.evobserver.testing.RecordingSelfMetrics;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VehicleInstrumentorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    /** Answers refreshes from a script: a snapshot, or an exception to throw. */
    private static final class ScriptedFetcher extends AbstractVehicleFetcher {
        final Deque<Object> script = new ArrayDeque<>();

        ScriptedFetcher() {
            super("scripted");
        }

        @Override
        public EVMetricData refresh() throws FetchException {
            Object next = script.removeFirst();
            if (next instanceof FetchException e) {
                throw e;
            }
            if (next instanceof RuntimeException e) {
                throw e;
            }
            return (EVMetricData) next;
        }
    }

    private static EVMetricData snapshot(VehicleState state) {
        return EVMetricData.ofVehicles("scripted", CLOCK.instant(),
                List.of(Vehicle.builder(VehicleId.of("V", "demo")).state(state).build()));
    }

    @Test
    void aFailedRefreshKeepsTheLastGoodSnapshotAndIsCounted() throws Exception {
        ScriptedFetcher f = new ScriptedFetcher();
        RecordingSelfMetrics metrics = new RecordingSelfMetrics();
        EVMetricData good = snapshot(VehicleState.PARKED);
        f.script.add(good);
        f.script.add(new FetchException(FetchException.Reason.UNAVAILABLE, "503"));
        f.script.add(new IllegalStateException("mapper bug"));
        VehicleInstrumentor i = new VehicleInstrumentor(f, PollingPolicy.DEFAULT, metrics, CLOCK);

        assertThat(i.refreshOnce()).isTrue();
        assertThat(i.refreshOnce()).isFalse();
        assertThat(i.refreshOnce()).isFalse();

        assertThat(i.latest()).containsSame(good);
        assertThat(i.consecutiveFailures()).isEqualTo(2);
        assertThat(metrics.refreshErrors()).containsExactly(FetchException.Reason.UNAVAILABLE, FetchException.Reason.PARSE);
    }

    @Test
    void theNextDelayFollowsActivityThenBacksOffOnFailureAndRecovers() throws Exception {
        ScriptedFetcher f = new ScriptedFetcher();
        f.script.add(snapshot(VehicleState.DRIVING));
        f.script.add(new FetchException(FetchException.Reason.NETWORK, "refused"));
        f.script.add(new FetchException(FetchException.Reason.NETWORK, "refused"));
        f.script.add(snapshot(VehicleState.ASLEEP));
        VehicleInstrumentor i = new VehicleInstrumentor(f, PollingPolicy.DEFAULT, SelfMetrics.NOOP, CLOCK);

        i.refreshOnce();
        assertThat(i.nextDelay()).isEqualTo(PollingPolicy.DEFAULT.active());
        i.refreshOnce();
        Duration first = i.nextDelay();
        i.refreshOnce();
        Duration second = i.nextDelay();
        assertThat(first).isBetween(Duration.ofSeconds(12), Duration.ofSeconds(18));
        assertThat(second).isBetween(Duration.ofSeconds(24), Duration.ofSeconds(36));
        i.refreshOnce();
        assertThat(i.nextDelay()).isEqualTo(PollingPolicy.DEFAULT.asleep());
    }

    @Test
    void backoffHonoursRetryAfterAndIsCapped() {
        assertThat(VehicleInstrumentor.backoff(1, Optional.of(Duration.ofMinutes(3)))).isEqualTo(Duration.ofMinutes(3));
        for (int n = 1; n < 40; n++) {
            assertThat(VehicleInstrumentor.backoff(n, Optional.empty()))
                    .isLessThanOrEqualTo(VehicleInstrumentor.MAX_BACKOFF.multipliedBy(6).dividedBy(5));
        }
    }

    @Test
    void loginRequiredIsNotSwallowed() {
        ScriptedFetcher f = new ScriptedFetcher();
        f.script.add(new LoginRequiredException("tesla", "refresh token rejected"));
        VehicleInstrumentor i = new VehicleInstrumentor(f, PollingPolicy.DEFAULT, SelfMetrics.NOOP, CLOCK);
        assertThatThrownBy(i::refreshOnce).isInstanceOf(LoginRequiredException.class)
                .hasMessageContaining("ev-observer login tesla");
    }

    /** Runs what is due now inline and remembers every delay asked for (later ones never run). */
    private static final class RecordingExecutor extends java.util.concurrent.ScheduledThreadPoolExecutor {
        final List<Duration> delays = new java.util.concurrent.CopyOnWriteArrayList<>();

        RecordingExecutor() {
            super(1);
        }

        @Override
        public java.util.concurrent.ScheduledFuture<?> schedule(Runnable command, long delay,
                                                                java.util.concurrent.TimeUnit unit) {
            delays.add(Duration.ofMillis(unit.toMillis(delay)));
            if (delay == 0) {
                command.run();
            }
            return super.schedule(() -> { }, 1, java.util.concurrent.TimeUnit.DAYS);
        }
    }

    @Test
    void aFailureInTheLoopNamesTheTimeOfTheNextTryAndTheLoopKeepsToIt() throws Exception {
        ScriptedFetcher f = new ScriptedFetcher();
        f.script.add(new FetchException(FetchException.Reason.NETWORK, "connect to data.public.lu:443 refused"));
        VehicleInstrumentor i = new VehicleInstrumentor(f, PollingPolicy.DEFAULT, SelfMetrics.NOOP, CLOCK);
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(VehicleInstrumentor.class.getName());
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(h);
        RecordingExecutor executor = new RecordingExecutor();
        try {
            i.start(executor, e -> { });
        } finally {
            log.removeHandler(h);
            executor.shutdownNow();
        }
        assertThat(executor.delays).hasSize(2);
        Duration planned = executor.delays.get(1);
        assertThat(planned).isBetween(Duration.ofSeconds(12), Duration.ofSeconds(18));
        String expected = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                .format(CLOCK.instant().plus(planned).atZone(java.time.ZoneId.systemDefault()));
        assertThat(lines).containsExactly("scripted: refresh failed (network): connect to data.public.lu:443 refused"
                + "; next try at " + expected);
        assertThat(i.firstRefresh().toCompletableFuture()).isCompletedWithValue(false);
    }

    @Test
    void theNextTryShowsItsDateWhenItIsNotToday() {
        Instant now = Instant.parse("2026-11-23T23:59:00Z");
        assertThat(VehicleInstrumentor.clockTime(now.plusSeconds(30), now, ZoneOffset.UTC)).isEqualTo("23:59:30");
        assertThat(VehicleInstrumentor.clockTime(now.plusSeconds(120), now, ZoneOffset.UTC))
                .isEqualTo("2026-11-24 00:01:00");
    }

    @Test
    void theFirstRefreshIsReportedOnceWhateverFollows() throws Exception {
        ScriptedFetcher f = new ScriptedFetcher();
        f.script.add(snapshot(VehicleState.PARKED));
        f.script.add(new FetchException(FetchException.Reason.NETWORK, "refused"));
        VehicleInstrumentor i = new VehicleInstrumentor(f, PollingPolicy.DEFAULT, SelfMetrics.NOOP, CLOCK);
        assertThat(i.firstRefresh().toCompletableFuture()).isNotDone();
        i.refreshOnce();
        i.refreshOnce();
        assertThat(i.firstRefresh().toCompletableFuture()).isCompletedWithValue(true);

        ScriptedFetcher login = new ScriptedFetcher();
        login.script.add(new LoginRequiredException("tesla", "no token"));
        VehicleInstrumentor j = new VehicleInstrumentor(login, PollingPolicy.DEFAULT, SelfMetrics.NOOP, CLOCK);
        assertThatThrownBy(j::refreshOnce).isInstanceOf(LoginRequiredException.class);
        assertThat(j.firstRefresh().toCompletableFuture()).isCompletedExceptionally();
    }
}
