package io.evobserver.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Holds one fetcher and its latest good snapshot. Schedules refreshes (adaptive interval,
 * exponential backoff with jitter on failure), swaps each new snapshot in atomically, and
 * registers with the snapshot gauges once. They only ever read {@link #latest()}; a failed
 * refresh keeps the previous snapshot, so data ages rather than vanishes.
 */
public final class VehicleInstrumentor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(VehicleInstrumentor.class.getName());
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(15);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(30);

    private final AbstractVehicleFetcher fetcher;
    private final PollingPolicy policy;
    private final SelfMetrics selfMetrics;
    private final Clock clock;
    private final ShardFilter shard;
    private final AtomicReference<EVMetricData> latest = new AtomicReference<>();
    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
    private volatile int consecutiveFailures;
    private volatile FetchException lastError;
    private final java.util.concurrent.CompletableFuture<Boolean> firstRefresh =
            new java.util.concurrent.CompletableFuture<>();
    private volatile SnapshotEnricher enricher = SnapshotEnricher.NONE;
    private AutoCloseable registration;
    private ScheduledFuture<?> next;
    private volatile boolean closed;
    private volatile DoubleSupplier jitter = VehicleInstrumentor::randomJitter;

    public VehicleInstrumentor(AbstractVehicleFetcher fetcher, PollingPolicy policy, SelfMetrics selfMetrics,
                               Clock clock) {
        this(fetcher, policy, selfMetrics, clock, ShardFilter.ALL);
    }

    /**
     * With {@code shard}, the fetcher calls the vendor only for the vehicles this instance owns,
     * and only those (and the stations it owns) enter the snapshot.
     */
    public VehicleInstrumentor(AbstractVehicleFetcher fetcher, PollingPolicy policy, SelfMetrics selfMetrics,
                               Clock clock, ShardFilter shard) {
        this.shard = Objects.requireNonNull(shard, "shard");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        if (!shard.isAll()) {
            fetcher.restrictTo(shard);
        }
        this.policy = Objects.requireNonNull(policy, "policy");
        this.selfMetrics = Objects.requireNonNull(selfMetrics, "selfMetrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String source() {
        return fetcher.source();
    }

    public Clock clock() {
        return clock;
    }

    /** The latest good snapshot, empty until the first refresh succeeds. */
    public Optional<EVMetricData> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** Counts entries of this source's snapshot that a collection dropped because another source listed them. */
    public void droppedAsDuplicates(int count) {
        selfMetrics.snapshotDuplicates(source(), count);
    }

    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess.get());
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public Optional<FetchException> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** Has each new snapshot enriched (trips, sessions...) before it is published. */
    public void enrichWith(SnapshotEnricher e) {
        this.enricher = Objects.requireNonNull(e, "enricher");
    }

    /** Registers the instruments (once; later calls do nothing). */
    public synchronized void registerInstruments(SnapshotRegistrar registrar) {
        if (registration == null) {
            registration = registrar.register(this);
        }
    }

    /**
     * Runs one refresh now. On success the new snapshot replaces the old one; on failure
     * the failure is logged on one line, counted, and the old snapshot stays.
     *
     * @return true when the refresh succeeded
     * @throws LoginRequiredException when only a new login can help
     */
    public boolean refreshOnce() throws LoginRequiredException, InterruptedException {
        return refresh(null);
    }

    /**
     * Completes after the first refresh attempt, with whether it succeeded (exceptionally
     * when it needed a login); the daemon exports right after every source's first attempt.
     */
    public java.util.concurrent.CompletionStage<Boolean> firstRefresh() {
        return firstRefresh;
    }

    /**
     * One refresh; with {@code planned} (the refresh loop), a failure also works out the wait
     * before the next attempt, stores it there and names its time in the log line.
     */
    private boolean refresh(AtomicReference<Duration> planned) throws LoginRequiredException, InterruptedException {
        boolean ok = false;
        try {
            ok = attempt(planned);
            return ok;
        } catch (LoginRequiredException e) {
            firstRefresh.completeExceptionally(e);
            throw e;
        } finally {
            firstRefresh.complete(ok);
        }
    }

    private boolean attempt(AtomicReference<Duration> planned) throws LoginRequiredException, InterruptedException {
        try {
            SnapshotIdentities.Result unique = SnapshotIdentities.dedupe(shard.apply(fetcher.refresh()));
            if (unique.duplicates() > 0) {
                selfMetrics.snapshotDuplicates(source(), unique.duplicates());
            }
            EVMetricData data = enrich(unique.data());
            latest.set(data);
            lastSuccess.set(clock.instant());
            if (consecutiveFailures > 0) {
                LOG.info(() -> source() + ": refresh recovered after " + consecutiveFailures + " failure(s)");
            }
            consecutiveFailures = 0;
            lastError = null;
            return true;
        } catch (LoginRequiredException e) {
            selfMetrics.refreshError(source(), e.reason());
            lastError = e;
            throw e;
        } catch (FetchException e) {
            consecutiveFailures++;
            lastError = e;
            selfMetrics.refreshError(source(), e.reason());
            String next = plan(planned);
            LOG.warning(() -> source() + ": refresh failed (" + e.reason().label() + "): " + e.getMessage() + next);
            return false;
        } catch (RuntimeException e) {
            // A mapper bug must not kill the daemon: count it as a parse failure and keep going.
            consecutiveFailures++;
            lastError = new FetchException(FetchException.Reason.PARSE, "unexpected " + e.getClass().getSimpleName(),
                    null, e);
            selfMetrics.refreshError(source(), FetchException.Reason.PARSE);
            LOG.log(Level.WARNING, source() + ": refresh failed unexpectedly: " + e + plan(planned), e);
            return false;
        }
    }

    /** Fixes the wait before the next attempt (into {@code planned}); "; next try at HH:MM:SS", or "". */
    private String plan(AtomicReference<Duration> planned) {
        if (planned == null) {
            return "";
        }
        Duration delay = nextDelay();
        planned.set(delay);
        return "; next try at " + clockTime(clock.instant().plus(delay), clock.instant(),
                java.time.ZoneId.systemDefault());
    }

    /** Local wall-clock time, with the date when it is not today. */
    static String clockTime(Instant at, Instant now, java.time.ZoneId zone) {
        java.time.ZonedDateTime when = at.atZone(zone);
        boolean today = when.toLocalDate().equals(now.atZone(zone).toLocalDate());
        return java.time.format.DateTimeFormatter.ofPattern(today ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss").format(when);
    }

    private EVMetricData enrich(EVMetricData data) {
        try {
            return enricher.enrich(data);
        } catch (RuntimeException e) {
            // derived metrics are extras: a bug there must not cost the live readings
            LOG.log(Level.WARNING, source() + ": deriving trips and sessions failed: " + e, e);
            return data;
        }
    }

    /** The wait before the next refresh, given how the last one went. */
    public Duration nextDelay() {
        if (consecutiveFailures == 0) {
            EVMetricData data = latest.get();
            return data == null ? policy.intervalFor(java.util.List.of()) : fetcher.nextInterval(data, policy);
        }
        return backoff(consecutiveFailures, lastError == null ? Optional.empty() : lastError.retryAfter(),
                jitter.getAsDouble());
    }

    /**
     * Replaces the backoff's random factor (default: uniform in [0.8, 1.2)), so tests can pin it.
     * Values are clamped to that range.
     */
    public void jitter(DoubleSupplier factor) {
        this.jitter = Objects.requireNonNull(factor, "factor");
    }

    private static double randomJitter() {
        return ThreadLocalRandom.current().nextDouble(0.8, 1.2);
    }

    /** Exponential backoff with +-20 % jitter, never shorter than what the vendor asked for. */
    static Duration backoff(int failures, Optional<Duration> retryAfter) {
        return backoff(failures, retryAfter, randomJitter());
    }

    static Duration backoff(int failures, Optional<Duration> retryAfter, double jitterFactor) {
        long base = FIRST_BACKOFF.toMillis() << Math.min(failures - 1, 16);
        long capped = Math.min(base, MAX_BACKOFF.toMillis());
        long jittered = (long) (capped * Math.max(0.8, Math.min(1.2, jitterFactor)));
        long wait = Math.max(jittered, retryAfter.map(Duration::toMillis).orElse(0L));
        return Duration.ofMillis(wait);
    }

    /**
     * Starts the refresh loop on the executor: first refresh now, then after each
     * {@link #nextDelay()}. {@code onLoginRequired} is told when the loop had to stop.
     */
    public void start(ScheduledExecutorService executor, Consumer<LoginRequiredException> onLoginRequired) {
        schedule(executor, Duration.ZERO, onLoginRequired);
    }

    private synchronized void schedule(ScheduledExecutorService executor, Duration delay,
                                       Consumer<LoginRequiredException> onLoginRequired) {
        if (closed) {
            return;
        }
        next = executor.schedule(() -> {
            try {
                AtomicReference<Duration> planned = new AtomicReference<>();
                refresh(planned);
                schedule(executor, planned.get() != null ? planned.get() : nextDelay(), onLoginRequired);
            } catch (LoginRequiredException e) {
                onLoginRequired.accept(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                // last line of defence: log, back off, keep polling
                LOG.log(Level.SEVERE, source() + ": refresh loop error", t);
                schedule(executor, MAX_BACKOFF, onLoginRequired);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops scheduling refreshes but keeps the instruments registered, so a final export at
     * shutdown still carries the latest snapshot.
     */
    public synchronized void stop() {
        closed = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (registration != null) {
            try {
                registration.close();
            } catch (Exception e) {
                LOG.fine(() -> "closing instruments: " + e);
            }
        }
        fetcher.close();
        if (enricher instanceof AutoCloseable c) {
            try {
                c.close(); // the derive layer saves what it has not saved yet
            } catch (Exception e) {
                LOG.fine(() -> "closing the enricher: " + e);
            }
        }
    }
}
