package io.evobserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.http.AccessTokenSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * The access token of one vendor account, backed by its {@link TokenStore}. Thread-safe; at most one
 * refresh runs at a time per provider (refresh tokens are single-use at Tesla and Volvo, so two
 * parallel refreshes would kill the grant).
 *
 * <p>Every refresh result is saved to the token file <em>before</em> its access token is handed
 * out, so a crash can never lose a rotated refresh token that was already used. Should saving fail,
 * the new tokens stay in memory, the call fails (UNAVAILABLE), and the next call saves first.
 *
 * <p>Before refreshing, the file is read again: when another process (or {@code ev-observer login})
 * has written newer tokens, those are used instead of refreshing.
 */
public final class TokenProvider implements AccessTokenSource {

    private static final Logger LOG = Logger.getLogger(TokenProvider.class.getName());

    /** Access tokens expiring within this are refreshed before use (CLI.md). */
    public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofMinutes(1);

    /** Obtains new tokens for the current ones; {@link OAuthClient#refresh(OAuthTokens)} fits. */
    @FunctionalInterface
    public interface Refresher {
        OAuthTokens refresh(OAuthTokens current) throws FetchException;
    }

    private final TokenStore store;
    private final Refresher refresher;
    private final Clock clock;
    private final Duration margin;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile OAuthTokens current;
    private volatile boolean unsaved;

    public TokenProvider(TokenStore store, Refresher refresher, Clock clock) {
        this(store, refresher, clock, DEFAULT_REFRESH_MARGIN);
    }

    /** @param margin refresh when the access token expires within this (BMW suggests 5 minutes) */
    public TokenProvider(TokenStore store, Refresher refresher, Clock clock, Duration margin) {
        this.store = Objects.requireNonNull(store, "store");
        this.refresher = Objects.requireNonNull(refresher, "refresher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.margin = Objects.requireNonNull(margin, "margin");
    }

    public String vendor() {
        return store.vendor();
    }

    /**
     * The stored access token, refreshed first when it expires within the margin (or is missing).
     *
     * @throws LoginRequiredException no token file, a corrupt one, or a rejected refresh
     */
    @Override
    public String accessToken() throws FetchException {
        return tokens().accessToken();
    }

    /**
     * The whole current token set (for {@code id_token}, {@code gcid}, ...), refreshed first like
     * {@link #accessToken()}.
     */
    public OAuthTokens tokens() throws FetchException {
        OAuthTokens known = current;
        if (known != null && !unsaved && !expiring(known)) {
            return known;
        }
        lock.lock();
        try {
            OAuthTokens tokens = loadedAndSaved();
            return expiring(tokens) ? refreshLocked(tokens, t -> !expiring(t)) : tokens;
        } finally {
            lock.unlock();
        }
    }

    /**
     * After the API rejected {@code rejectedToken}: refreshes once and returns the new access token,
     * or returns the current one without refreshing when another caller already replaced it.
     */
    @Override
    public String refreshAfterUnauthorized(String rejectedToken) throws FetchException {
        lock.lock();
        try {
            OAuthTokens tokens = loadedAndSaved();
            Predicate<OAuthTokens> replaced = t -> t.hasAccessToken() && !t.accessToken().equals(rejectedToken)
                    && !expiring(t);
            if (replaced.test(tokens)) {
                return tokens.accessToken();
            }
            return refreshLocked(tokens, replaced).accessToken();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refreshes when the tokens were last obtained longer than {@code maxAge} ago (or when that is
     * unknown). For refresh tokens that lapse when unused: Volvo's after 7 days, BMW's after 14;
     * call it every poll with, e.g., 1 day.
     *
     * @return true when the tokens changed (refreshed here, or newer ones found in the file)
     */
    public boolean refreshIfOlderThan(Duration maxAge) throws FetchException {
        lock.lock();
        try {
            OAuthTokens tokens = loadedAndSaved();
            Predicate<OAuthTokens> recent = t -> t.refreshedAt().map(at -> at.plus(maxAge).isAfter(clock.instant()))
                    .orElse(false);
            if (recent.test(tokens)) {
                return false;
            }
            return refreshLocked(tokens, recent) != tokens;
        } finally {
            lock.unlock();
        }
    }

    /** When the tokens were last obtained from the token endpoint, if recorded. */
    public Optional<Instant> lastRefreshedAt() throws FetchException {
        lock.lock();
        try {
            return loaded().refreshedAt();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stores one extra field in the token file (e.g. Tesla's region base URL after a 421), keeping
     * everything else.
     */
    public void saveExtra(String name, JsonNode value) throws FetchException {
        lock.lock();
        try {
            current = loaded().withExtra(name, value);
            unsaved = true;
            persist(current);
        } finally {
            lock.unlock();
        }
    }

    // ---- internals, all called with the lock held -----------------------------------------------

    private boolean expiring(OAuthTokens tokens) {
        return tokens.expiresWithin(margin, clock);
    }

    private OAuthTokens loaded() throws FetchException {
        if (current == null) {
            current = store.load().orElseThrow(() ->
                    new LoginRequiredException(store.vendor(), "no token file at " + store.path()));
        }
        return current;
    }

    private OAuthTokens loadedAndSaved() throws FetchException {
        OAuthTokens tokens = loaded();
        if (unsaved) {
            persist(tokens);
        }
        return tokens;
    }

    /**
     * Refreshes unless the file now holds tokens that are {@code goodEnough} (written by another
     * process since we read it). Returns the tokens to use, already saved.
     */
    private OAuthTokens refreshLocked(OAuthTokens known, Predicate<OAuthTokens> goodEnough) throws FetchException {
        Optional<OAuthTokens> onDisk = reread();
        if (onDisk.isPresent() && !sameGrant(onDisk.get(), known)) {
            known = onDisk.get();
            current = known;
            if (goodEnough.test(known)) {
                LOG.fine(() -> store.vendor() + " token file was updated elsewhere; using it instead of refreshing");
                return known;
            }
        }
        if (!known.hasRefreshToken()) {
            throw new LoginRequiredException(store.vendor(), "the access token expired and " + store.path()
                    + " holds no refresh token");
        }
        OAuthTokens fresh = refresher.refresh(known)
                .withExtra(OAuthTokens.REFRESHED_AT, TextNode.valueOf(clock.instant().toString()));
        current = fresh;
        unsaved = true;
        persist(fresh);
        LOG.fine(() -> store.vendor() + " access token refreshed; expires at " + fresh.expiresAt());
        return fresh;
    }

    private Optional<OAuthTokens> reread() {
        try {
            return store.load();
        } catch (LoginRequiredException e) {
            // a damaged file is overwritten by the save that follows; the tokens in memory are good
            return Optional.empty();
        }
    }

    private void persist(OAuthTokens tokens) throws FetchException {
        try {
            store.save(tokens);
            unsaved = false;
        } catch (IOException e) {
            throw new FetchException(Reason.UNAVAILABLE, "could not save the " + store.vendor() + " token file "
                    + store.path() + " (" + e.getClass().getSimpleName() + "); new tokens are kept in memory"
                    + " and saved on the next attempt", null, e);
        }
    }

    private static boolean sameGrant(OAuthTokens a, OAuthTokens b) {
        return Objects.equals(a.accessToken(), b.accessToken()) && Objects.equals(a.refreshToken(), b.refreshToken());
    }

    @Override
    public String toString() {
        return "TokenProvider[" + store.vendor() + ", " + store.path() + "]";
    }
}
