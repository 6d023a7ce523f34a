package io.evobserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.evobserver.testing.MutableClock;
import io.evobserver.testing.RecordingSelfMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The instrumentor's refresh loop ({@link VehicleInstrumentor#start}) driven step by step: a
 * manual scheduler records every delay the loop asks for and runs the task when the test moves
 * the fake clock on by that delay.
 */
class RefreshLoopTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final RecordingSelfMetrics metrics = new RecordingSelfMetrics();
    private final List<LoginRequiredException> loginNeeded = new ArrayList<>();

    /** Answers refreshes from a script, stamped with the fake clock's time. */
    private class ScriptedFetcher extends AbstractVehicleFetcher {
        final Deque<Object> script = new ArrayDeque<>();
        int refreshes;

        ScriptedFetcher() {
            super("scripted");
        }

        @Override
        public EVMetricData refresh() throws FetchException {
            refreshes++;
            Object next = script.removeFirst();
            if (next instanceof FetchException e) {
                throw e;
            }
            return EVMetricData.ofVehicles("scripted", clock.instant(),
                    List.of(Vehicle.builder(VehicleId.of("V", "demo")).state((VehicleState) next).build()));
        }
    }

    private VehicleInstrumentor start(ScriptedFetcher f, double jitter) {
        VehicleInstrumentor i = new VehicleInstrumentor(f, PollingPolicy.DEFAULT, metrics, clock);
        i.jitter(() -> jitter);
        i.start(scheduler, loginNeeded::add);
        return i;
    }

    private static FetchException failure() {
        return new FetchException(FetchException.Reason.UNAVAILABLE, "HTTP 503");
    }

    @Test
    void firstRefreshRunsAtOnceThenTheIntervalFollowsTheCarsActivity() {
        ScriptedFetcher f = new ScriptedFetcher();
        f.script.add(VehicleState.DRIVING);
        f.script.add(VehicleState.PARKED);
        f.script.add(VehicleState.ASLEEP);
        VehicleInstrumentor i = start(f, 1.0);

        assertThat(scheduler.delays).containsExactly(Duration.ZERO);
        assertThat(f.refreshes).isZero(); // nothing runs before the scheduler does
        scheduler.runNext();
        assertThat(f.refreshes).isEqualTo(1);
        assertThat(i.latest()).isPresent();
        assertThat(i.lastSuccess()).contains(T0);
        scheduler.runNext();
        scheduler.runNext();

        assertThat(scheduler.delays).containsExactly(Duration.ZERO, PollingPolicy.DEFAULT.active(),
                PollingPolicy.DEFAULT.parked(), PollingPolicy.DEFAULT.asleep());
        assertThat(i.lastSuccess()).contains(T0.plus(PollingPolicy.DEFAULT.active()).plus(PollingPolicy.DEFAULT.parked()));
    }

    @Test
    void failuresBackOffExponentiallyWithTheInjectedJitterAndRecover() {
        ScriptedFetcher f = new ScriptedFetcher();
        f.script.add(failure());
        f.script.add(failure());
        f.script.add(failure());
        f.script.add(VehicleState.PARKED);
        VehicleInstrumentor i = start(f, 1.2);
        for (int n = 0; n < 4; n++) {
            scheduler.runNext();
        }

        // 15 s, 30 s, 60 s, each * 1.2; then back to the parked interval
        assertThat(scheduler.delays).containsExactly(Duration.ZERO, Duration.ofSeconds(18), Duration.ofSeconds(36),
                Duration.ofSeconds(72), PollingPolicy.DEFAULT.parked());
        assertThat(i.consecutiveFailures()).isZero();
        assertThat(metrics.refreshErrors()).hasSize(3);
    }

    @Test
    void theLowJitterEndShortensTheWaitAndTheCapHolds() {
        ScriptedFetcher f = new ScriptedFetcher();
        for (int n = 0; n < 12; n++) {
            f.script.add(failure());
        }
        start(f, 0.8);
        for (int n = 0; n < 12; n++) {
            scheduler.runNext();
        }
        assertThat(scheduler.delays.get(1)).isEqualTo(Duration.ofSeconds(12));
        assertThat(scheduler.delays.get(12)).isEqualTo(VehicleInstrumentor.MAX_BACKOFF.multipliedBy(4).dividedBy(5));
    }

    @Test
    void aRetryAfterIsAFloorUnderTheBackoff() {
        ScriptedFetcher f = new ScriptedFetcher();
        f.script.add(new FetchException(FetchException.Reason.RATE_LIMITED, "HTTP 429", Duration.ofMinutes(10), null));
        f.script.add(new FetchException(FetchException.Reason.RATE_LIMITED, "HTTP 429", Duration.ofSeconds(5), null));
        f.script.add(VehicleState.PARKED);
        start(f, 1.2);
        scheduler.runNext();
        scheduler.runNext();
        scheduler.runNext();

        // the vendor's 10 min beats 18 s of backoff; its 5 s does not shorten 36 s
        assertThat(scheduler.delays).containsExactly(Duration.ZERO, Duration.ofMinutes(10), Duration.ofSeconds(36),
                PollingPolicy.DEFAULT.parked());
    }

    @Test
    void stopCancelsThePendingRefreshAndSchedulesNoOther() {
        ScriptedFetcher f = new ScriptedFetcher();
        f.script.add(VehicleState.PARKED);
        f.script.add(VehicleState.PARKED);
        VehicleInstrumentor i = start(f, 1.0);
        scheduler.runNext();
        ManualScheduler.Task pending = scheduler.pending.peekFirst();

        i.stop();

        assertThat(pending.isCancelled()).isTrue();
        assertThat(scheduler.runNext()).isFalse();
        assertThat(f.refreshes).isEqualTo(1);
        assertThat(i.latest()).isPresent(); // the last snapshot stays for the final export
    }

    @Test
    void aStopDuringARefreshLetsItFinishButEndsTheLoop() {
        ScriptedFetcher f = new ScriptedFetcher() {
            @Override
            public EVMetricData refresh() throws FetchException {
                EVMetricData data = super.refresh();
                instrumentor.stop(); // as a shutdown hook would, while the refresh runs
                return data;
            }
        };
        f.script.add(VehicleState.PARKED);
        instrumentor = start(f, 1.0);
        scheduler.runNext();

        assertThat(instrumentor.latest()).isPresent();
        assertThat(scheduler.pending).isEmpty();
    }

    private VehicleInstrumentor instrumentor;

    @Test
    void loginRequiredEndsTheLoopAndTellsTheCaller() {
        ScriptedFetcher f = new ScriptedFetcher();
        f.script.add(new LoginRequiredException("scripted", "refresh token rejected"));
        start(f, 1.0);
        scheduler.runNext();

        assertThat(loginNeeded).singleElement().extracting(LoginRequiredException::vendor).isEqualTo("scripted");
        assertThat(scheduler.pending).isEmpty();
    }

    /** Runs scheduled tasks only when asked, moving the clock on by each task's delay first. */
    static final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
        final List<Duration> delays = new ArrayList<>();
        final Deque<Task> pending = new ArrayDeque<>();
        private final MutableClock clock;

        ManualScheduler(MutableClock clock) {
            this.clock = clock;
        }

        /** Runs the oldest pending task; false when there is none. */
        boolean runNext() {
            Task task = pending.pollFirst();
            while (task != null && task.isCancelled()) {
                task = pending.pollFirst();
            }
            if (task == null) {
                return false;
            }
            clock.advance(task.delay);
            task.command.run();
            task.done = true;
            return true;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            Duration d = Duration.ofNanos(unit.toNanos(delay));
            delays.add(d);
            Task task = new Task(command, d);
            pending.addLast(task);
            return task;
        }

        static final class Task implements ScheduledFuture<Object> {
            final Runnable command;
            final Duration delay;
            boolean cancelled;
            boolean done;

            Task(Runnable command, Duration delay) {
                this.command = command;
                this.delay = delay;
            }

            @Override
            public long getDelay(TimeUnit unit) {
                return unit.convert(delay.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public int compareTo(Delayed o) {
                return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
            }

            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                cancelled = !done;
                return cancelled;
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }

            @Override
            public boolean isDone() {
                return done || cancelled;
            }

            @Override
            public Object get() {
                return null;
            }

            @Override
            public Object get(long timeout, TimeUnit unit) {
                return null;
            }
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                         TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public void execute(Runnable command) {
            throw new UnsupportedOperationException();
        }
    }
}
