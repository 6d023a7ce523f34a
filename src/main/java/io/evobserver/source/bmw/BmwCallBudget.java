package io.evobserver.source.bmw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evobserver.core.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The CarData REST quota as a hard budget: BMW allows 50 requests per day and answers
 * {@code CU-429} after that, until the reset (observed at 00:00 UTC, not documented).
 *
 * <p>Three rules, all checked before every call:
 * <ol>
 *   <li>never more than {@code limit} calls in any rolling 24 hours, which also caps every UTC day
 *       (a UTC day is one such window), whatever the actual reset rule is;</li>
 *   <li>a token bucket spreads the calls over the day: it holds at most {@code burst} calls and
 *       refills at {@code (limit - burst)} per 24 hours, so even a day spent charging, when the
 *       fetcher asks for data more often, cannot exceed {@code limit};</li>
 *   <li>after BMW said {@code CU-429}, no call until the time it gave (or the next UTC midnight).</li>
 * </ol>
 *
 * <p>The call log is kept in a small file next to the token file, so a restarting daemon (or a
 * crash loop) cannot spend the day's quota again. Thread-safe.
 */
final class BmwCallBudget {

    private static final Logger LOG = Logger.getLogger(BmwCallBudget.class.getName());
    /** BMW's documented CarData REST limit per day. */
    static final int DAILY_LIMIT = 50;
    static final int DEFAULT_BURST = 10;
    static final Duration WINDOW = Duration.ofHours(24);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int limit;
    private final int burst;
    private final double refillPerMilli;
    private final Clock clock;
    private final Path file;
    private final Deque<Instant> calls = new ArrayDeque<>();
    private double tokens;
    private Instant tokensAt;
    private Instant blockedUntil;

    /**
     * @param limit calls per 24 h, at most {@value #DAILY_LIMIT} (lower when the quota is shared with
     *              another tool)
     * @param file  where the call log is kept; null to keep it in memory only
     */
    BmwCallBudget(int limit, Clock clock, Path file) {
        if (limit < 2 || limit > DAILY_LIMIT) {
            throw new IllegalArgumentException("the BMW daily call budget must be 2 to " + DAILY_LIMIT);
        }
        this.limit = limit;
        this.burst = Math.max(1, Math.min(DEFAULT_BURST, limit / 5));
        this.refillPerMilli = (limit - burst) / (double) WINDOW.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.file = file;
        Instant now = clock.instant();
        load(now);
        // after a restart the bucket holds no more than what the rolling window still allows
        tokens = Math.min(burst, limit - usedInWindow(now));
        tokensAt = now;
    }

    int limit() {
        return limit;
    }

    /** Calls left in the rolling 24 hours; 0 while BMW has said the quota is used up. */
    synchronized int remaining() {
        Instant now = clock.instant();
        if (blockedUntil != null && now.isBefore(blockedUntil)) {
            return 0;
        }
        return Math.max(0, limit - usedInWindow(now));
    }

    /** Records one call if all three rules allow it now. */
    synchronized boolean tryAcquire() {
        Instant now = clock.instant();
        if (nextAvailable(1, now).isAfter(now)) {
            return false;
        }
        refill(now);
        tokens -= 1;
        calls.addLast(now);
        save();
        return true;
    }

    /** The earliest instant at which {@code n} calls in a row are allowed (now when they are). */
    synchronized Instant nextAvailable(int n) {
        return nextAvailable(n, clock.instant());
    }

    /** BMW answered {@code CU-429}: spend nothing until {@code until}. */
    synchronized void exhaustedUntil(Instant until) {
        if (blockedUntil == null || until.isAfter(blockedUntil)) {
            blockedUntil = until;
            tokens = 0;
            tokensAt = clock.instant();
            save();
        }
    }

    /** The next 00:00 UTC after {@code now}: when BMW's daily quota is observed to reset. */
    static Instant nextUtcMidnight(Instant now) {
        return now.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The recorded calls, oldest first (for tests). */
    synchronized List<Instant> calls() {
        return new ArrayList<>(calls);
    }

    // ---- internals (lock held) ------------------------------------------------------------------

    /** As {@link #nextAvailable(int)}, seen from {@code now} (a caller's one consistent instant). */
    synchronized Instant nextAvailable(int n, Instant now) {
        n = Math.max(1, Math.min(n, burst));
        Instant at = now;
        if (blockedUntil != null && blockedUntil.isAfter(at)) {
            at = blockedUntil;
        }
        // rolling window: the n-th call from now needs (used + n - limit) old calls to have expired
        List<Instant> inWindow = new ArrayList<>();
        Instant windowStart = now.minus(WINDOW);
        for (Instant c : calls) {
            if (c.isAfter(windowStart)) {
                inWindow.add(c);
            }
        }
        int excess = inWindow.size() + n - limit;
        if (excess > 0) {
            Instant free = inWindow.get(excess - 1).plus(WINDOW).plusMillis(1);
            at = later(at, free);
        }
        // token bucket
        double have = Math.min(burst, tokens + (now.toEpochMilli() - tokensAt.toEpochMilli()) * refillPerMilli);
        if (have < n) {
            long wait = (long) Math.ceil((n - have) / refillPerMilli);
            at = later(at, now.plusMillis(wait));
        }
        return at;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void refill(Instant now) {
        long elapsed = Math.max(0, now.toEpochMilli() - tokensAt.toEpochMilli());
        tokens = Math.min(burst, tokens + elapsed * refillPerMilli);
        tokensAt = now;
        Instant windowStart = now.minus(WINDOW);
        while (!calls.isEmpty() && !calls.peekFirst().isAfter(windowStart)) {
            calls.removeFirst();
        }
    }

    private int usedInWindow(Instant now) {
        Instant windowStart = now.minus(WINDOW);
        int n = 0;
        for (Instant c : calls) {
            if (c.isAfter(windowStart)) {
                n++;
            }
        }
        return n;
    }

    private void load(Instant now) {
        if (file == null || !Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(io.evobserver.core.RegularFileReader.read(file, 1 << 20)); // a day of calls is ~1 KB
            for (JsonNode c : root.path("calls")) {
                Instant at = Instant.ofEpochMilli(c.asLong());
                // a call "from the future" (clock jumped back) still counts: keep it in the window
                calls.addLast(at.isAfter(now) ? now : at);
            }
            if (root.hasNonNull("blocked_until")) {
                blockedUntil = Instant.parse(root.get("blocked_until").asText());
            }
        } catch (IOException | RuntimeException e) {
            // a damaged log must not stop polling; the rolling window rebuilds within a day
            LOG.warning("bmw: ignoring unreadable call log " + file + " (" + e.getClass().getSimpleName() + ")");
            calls.clear();
        }
    }

    private void save() {
        if (file == null) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("calls");
        calls.forEach(c -> list.add(c.toEpochMilli()));
        if (blockedUntil != null) {
            root.put("blocked_until", blockedUntil.truncatedTo(ChronoUnit.MILLIS).toString());
        }
        try {
            AtomicFile.replace(file, JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            // the in-memory log still enforces the budget for this process
            LOG.warning("bmw: could not save the call log " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public synchronized String toString() {
        return "BmwCallBudget[" + remaining() + "/" + limit + " left]";
    }
}
