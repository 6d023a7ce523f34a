package io.evobserver.source.chargy;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.ChargeStation;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.SelfMetrics;
import io.evobserver.http.ApiRequest;
import io.evobserver.http.JsonHttpClient;
import io.evobserver.http.RetryAfter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Polls the Chargy KML feed (Luxembourg's public charging network) and maps it to stations.
 *
 * <p>The feed is one ~0.7 MB document regenerated about every 5 minutes, so this fetcher is built
 * around not downloading it more than needed: at most one download per {@code minInterval}
 * (failures included, because retrying a broken 5-minute snapshot sooner returns the same
 * document), conditional requests when the server sends an ETag or Last-Modified, and gzip.
 * The body is parsed as it arrives instead of being buffered.
 *
 * <p>It uses the shared client's streaming {@link JsonHttpClient#exchange} (request metric, debug
 * log, timeouts) for that conditional, gzip download. The feed URL carries its key as a query parameter;
 * it is masked ({@link ChargyRedaction}) in everything this class logs or throws, and the
 * request metric uses a fixed endpoint template, never the URL.
 */
public final class ChargyFetcher extends AbstractVehicleFetcher {

    private static final Logger LOG = Logger.getLogger(ChargyFetcher.class.getName());
    static final String SOURCE = "chargy";
    /** The {@code endpoint} attribute of the request metrics: a template, never the URL. */
    static final String ENDPOINT = "/kml";
    /** The endpoint answers 406 to a JSON-preferring Accept; ask for KML/XML explicitly. */
    static final String ACCEPT = "application/vnd.google-earth.kml+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1";
    static final String USER_AGENT = "ev-observer (chargy)";
    /** The real document is under 1 MB; anything 64 times that is not the feed (or is a gzip bomb). */
    static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

    private final ChargyConfig config;
    private final SelfMetrics selfMetrics;
    private final Clock clock;
    private final JsonHttpClient client;
    private final ChargyStatusMapper statuses = new ChargyStatusMapper();
    private final ChargyKmlParser parser = new ChargyKmlParser(statuses);

    // Only refresh() writes these, from one thread at a time (the fetcher contract); the
    // getters may be called from elsewhere, hence volatile.
    private volatile Instant lastAttempt;
    private volatile boolean lastAttemptOk;
    private volatile EVMetricData lastSnapshot;
    private volatile List<ChargeStation> cachedStations;
    private volatile String etag;
    private volatile String lastModified;
    private volatile int unknownStatusCount;
    private volatile int downloads;
    private volatile boolean filterWarned;

    /** The production constructor. */
    public ChargyFetcher(ChargyConfig config, SelfMetrics selfMetrics, Clock clock) {
        super(SOURCE);
        this.config = Objects.requireNonNull(config, "config");
        this.selfMetrics = Objects.requireNonNull(selfMetrics, "selfMetrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = client(config, selfMetrics, clock);
    }

    /**
     * The shared client with the feed's settings: the configured timeout, following redirects (the
     * portal permalink redirects to the feed; the feed request carries no credential header, its
     * key is in the URL it was given).
     */
    static JsonHttpClient client(ChargyConfig config, SelfMetrics selfMetrics, Clock clock) {
        Duration connect = config.timeout().compareTo(Duration.ofSeconds(20)) < 0 ? config.timeout()
                : Duration.ofSeconds(20);
        return JsonHttpClient.builder(SOURCE, config.feedUrl())
                .connectTimeout(connect)
                .requestTimeout(config.timeout())
                .followRedirects(true)
                .selfMetrics(selfMetrics)
                .clock(clock)
                .build();
    }

    public ChargyConfig config() {
        return config;
    }

    /** Connectors whose status word was not recognised in the latest downloaded document (mapped to unknown). */
    public int unknownStatusCount() {
        return unknownStatusCount;
    }

    /** The distinct unrecognised status words seen since start (bounded; each was logged once). */
    public Set<String> unknownStatusValues() {
        return statuses.unknownSeen();
    }

    /** Downloads attempted so far (200, 304 and failures alike); the 5-minute budget is about these. */
    public int downloads() {
        return downloads;
    }

    @Override
    public Duration nextInterval(EVMetricData latest, PollingPolicy policy) {
        Duration min = config.minInterval();
        Duration wanted = policy.fixed().orElse(min.isZero() ? policy.intervalFor(List.of()) : min);
        // A faster --interval would only fetch the same document again; the budget wins.
        return wanted.compareTo(min) < 0 ? min : wanted;
    }

    @Override
    public EVMetricData refresh() throws FetchException, InterruptedException {
        Instant now = clock.instant();
        Instant previous = lastAttempt;
        if (previous != null) {
            Duration since = Duration.between(previous, now);
            if (since.compareTo(config.minInterval()) < 0) {
                Duration wait = config.minInterval().minus(since);
                EVMetricData snapshot = lastSnapshot;
                if (lastAttemptOk && snapshot != null) {
                    // Called early (e.g. a second snapshot command): nothing new can be known yet.
                    return snapshot;
                }
                // Called early after a failure (the instrumentor's first backoff step is 15 s):
                // do not spend another download on it, tell the caller when it may try again.
                throw new FetchException(Reason.RATE_LIMITED, "next download allowed in "
                        + Math.max(1, wait.toSeconds()) + " s (one per " + config.minInterval().toSeconds() + " s)",
                        wait, null);
            }
        }
        lastAttempt = now;
        lastAttemptOk = false;
        downloads++;
        EVMetricData data = download();
        lastSnapshot = data;
        lastAttemptOk = true;
        return data;
    }

    private EVMetricData download() throws FetchException, InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", ACCEPT);
        headers.put("Accept-Encoding", "gzip");
        headers.put("User-Agent", USER_AGENT);
        List<ChargeStation> cached = cachedStations;
        if (cached != null) {
            if (etag != null) {
                headers.put("If-None-Match", etag);
            }
            if (lastModified != null) {
                headers.put("If-Modified-Since", lastModified);
            }
        }
        long started = System.nanoTime();
        AtomicBoolean answered = new AtomicBoolean();
        try {
            return client.exchange(ApiRequest.get(ENDPOINT, config.feedUrl().toString()).withHeaders(headers),
                    (status, responseHeaders, body) -> {
                        answered.set(true);
                        return answer(status, responseHeaders, body, cached, started);
                    });
        } catch (FetchException e) {
            if (answered.get()) {
                throw e;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("chargy download interrupted");
            }
            // no answer at all (timeout, refused, broken connection): the budget still applies
            throw fail(Reason.NETWORK, e.getMessage(), null, e.getCause());
        }
    }

    private EVMetricData answer(int status, HttpHeaders headers, InputStream body, List<ChargeStation> cached,
                                long started) throws FetchException {
        switch (status) {
            case 200 -> {
                return readFeed(headers, body, started);
            }
            case 304 -> {
                if (cached == null) {
                    throw fail(Reason.UNAVAILABLE, "HTTP 304 without a previous document", null, null);
                }
                LOG.fine("chargy: feed not modified, reusing the last document");
                return EVMetricData.ofStations(SOURCE, clock.instant(), cached);
            }
            case 401, 403 -> throw fail(Reason.AUTH, "HTTP " + status + ": the feed refused the API key; the open-data"
                    + " portal may have rotated it (set --chargy-url / EV_OBSERVER_CHARGY_URL)", null, null);
            case 429 -> throw fail(Reason.RATE_LIMITED, "HTTP 429", retryAfter(headers), null);
            default -> throw fail(Reason.UNAVAILABLE, "HTTP " + status + (status == 406
                    ? " (the server refused our Accept header)" : ""), retryAfter(headers), null);
        }
    }

    /** Reads and parses a 200 body; {@code started} is when the request began, the timeout covers both. */
    private EVMetricData readFeed(HttpHeaders headers, InputStream raw, long started)
            throws FetchException {
        // We only asked for gzip; any other coding would be unreadable, so it is refused clearly.
        String coding = headers.firstValue("Content-Encoding").orElse("identity").strip()
                .toLowerCase(Locale.ROOT);
        boolean gzip = coding.equals("gzip") || coding.equals("x-gzip");
        if (!gzip && !coding.equals("identity") && !coding.isEmpty()) {
            throw fail(Reason.PARSE, "unsupported Content-Encoding '" + ChargyStatusMapper.unknownKey(coding) + "'",
                    null, null);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        long deadlineNanos = started + config.timeout().toNanos();
        long remainingMillis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        // The HTTP client's timeout ends when the headers arrive; a server that then stalls would
        // block the read forever. Closing the stream from outside unblocks it.
        CompletableFuture.delayedExecutor(remainingMillis, TimeUnit.MILLISECONDS).execute(() -> {
            timedOut.set(true);
            closeQuietly(raw);
        });
        ChargyFeed feed;
        try {
            PushbackInputStream peek = new PushbackInputStream(raw, 1);
            int first = peek.read();
            if (first < 0) {
                throw fail(Reason.UNAVAILABLE, "empty response body", null, null);
            }
            peek.unread(first);
            InputStream in = new BoundedInputStream(gzip ? new GZIPInputStream(peek, 16 * 1024) : peek,
                    MAX_BODY_BYTES, deadlineNanos);
            feed = parser.parse(in, this::selected); // unselected stations are never retained
        } catch (ChargyParseException e) {
            throw classify(e, timedOut.get());
        } catch (ZipException e) {
            // thrown by the gzip header check, before the parser sees a byte
            invalidateValidators();
            throw fail(Reason.PARSE, "corrupt gzip body", null, null);
        } catch (IOException e) {
            if (timedOut.get() || e instanceof BoundedInputStream.DeadlineException) {
                throw fail(Reason.NETWORK, "download not finished within " + config.timeout().toSeconds() + " s",
                        null, null);
            }
            throw fail(Reason.NETWORK, "reading the response failed: " + describe(e), null, e);
        }
        if (feed.placemarks() == 0) {
            // The publisher occasionally serves an empty document; the network has not vanished.
            invalidateValidators();
            throw fail(Reason.UNAVAILABLE, "feed has no Placemark (treated as a failed poll)", null, null);
        }
        unknownStatusCount = feed.unknownStatusCount();
        List<ChargeStation> stations = exported(feed);
        cachedStations = stations;
        etag = headers.firstValue("ETag").orElse(null);
        lastModified = headers.firstValue("Last-Modified").orElse(null);
        logSummary(feed, stations.size());
        return EVMetricData.ofStations(SOURCE, clock.instant(), stations);
    }

    /** A parse failure is a network failure when the stream broke underneath the parser. */
    private FetchException classify(ChargyParseException e, boolean timedOut) {
        invalidateValidators();
        if (timedOut) {
            return fail(Reason.NETWORK, "download not finished within " + config.timeout().toSeconds() + " s", null,
                    null);
        }
        for (Throwable t = e.getCause(); t != null; t = nextCause(t)) {
            if (t instanceof BoundedInputStream.DeadlineException) {
                return fail(Reason.NETWORK, "download not finished within " + config.timeout().toSeconds() + " s",
                        null, null);
            }
            if (t instanceof BoundedInputStream.TooLargeException) {
                return fail(Reason.PARSE, "document larger than " + MAX_BODY_BYTES / (1024 * 1024) + " MB", null,
                        null);
            }
            if (t instanceof ZipException) {
                return fail(Reason.PARSE, "corrupt gzip body", null, null);
            }
            if (t instanceof java.nio.charset.CharacterCodingException || t instanceof java.io.CharConversionException) {
                return fail(Reason.PARSE, "document is not valid UTF-8", null, null);
            }
            if (t instanceof IOException) {
                return fail(Reason.NETWORK, "reading the response failed: " + describe((IOException) t), null, null);
            }
        }
        return fail(Reason.PARSE, e.getMessage(), null, null);
    }

    private static Throwable nextCause(Throwable t) {
        if (t instanceof javax.xml.stream.XMLStreamException x && x.getNestedException() != null
                && x.getNestedException() != t) {
            return x.getNestedException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    /** Whether {@code --chargy-station} selects this station (none given: all are). */
    private boolean selected(ChargyStation s) {
        List<String> filters = config.stationFilters();
        if (filters.isEmpty()) {
            return true;
        }
        for (String f : filters) {
            if (s.matches(f)) {
                return true;
            }
        }
        return false;
    }

    private List<ChargeStation> exported(ChargyFeed feed) {
        List<ChargeStation> out = new ArrayList<>(feed.stations().size());
        for (ChargyStation s : feed.stations()) {
            out.add(s.station());
        }
        if (!config.stationFilters().isEmpty() && out.isEmpty() && !filterWarned) {
            filterWarned = true;
            LOG.warning("chargy: no station matches --chargy-station " + config.stationFilters() + " (of "
                    + feed.stationsRead() + " stations); exporting none");
        }
        return out;
    }

    private void logSummary(ChargyFeed feed, int kept) {
        String msg = "chargy: " + feed.stationsRead() + " stations"
                + (kept != feed.stationsRead() ? " (" + kept + " kept by --chargy-station)" : "")
                + ", " + feed.connectors() + " connectors" + (kept != feed.stationsRead() ? " kept" : "")
                + (feed.unknownStatusCount() > 0 ? ", " + feed.unknownStatusCount() + " with an unknown status" : "")
                + (feed.skippedDevices() > 0 ? ", " + feed.skippedDevices() + " unreadable devices skipped" : "")
                + (feed.badCoordinates() > 0 ? ", " + feed.badCoordinates() + " without valid coordinates" : "")
                + (feed.countMismatches() > 0 ? ", " + feed.countMismatches() + " with a CPnum mismatch" : "");
        if (lastSnapshot == null) {
            LOG.info(msg); // first document: worth one line at start-up
        } else {
            LOG.fine(msg);
        }
    }

    /** After a bad document, ask for the full body next time rather than a 304 for what we could not read. */
    private void invalidateValidators() {
        etag = null;
        lastModified = null;
    }

    /**
     * A failure that also tells the instrumentor when the next download is allowed: never sooner
     * than the budget, later if the server asked.
     */
    private FetchException fail(Reason reason, String message, Duration serverRetryAfter, Throwable cause) {
        Duration retry = config.minInterval();
        if (serverRetryAfter != null && serverRetryAfter.compareTo(retry) > 0) {
            retry = serverRetryAfter;
        }
        // No "chargy:" prefix: the instrumentor already puts the source in front of it. The host
        // is always named, so a failure says which server to check.
        String located = message.contains(target()) ? message : message + " (" + target() + ")";
        String safe = ChargyRedaction.scrub(located, config.feedUrl());
        // The cause is kept for its stack trace only when its messages cannot leak the key.
        Throwable keep = cause != null && mentionsSecret(cause) ? null : cause;
        return new FetchException(reason, safe, retry.isZero() ? null : retry, keep);
    }

    /** host:port of the feed (never its path or query, which carry the API key). */
    private String target() {
        java.net.URI uri = config.feedUrl();
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    private boolean mentionsSecret(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (!m.equals(ChargyRedaction.scrub(m, config.feedUrl()))) {
                return true;
            }
        }
        return false;
    }

    private String describe(IOException e) {
        String m = e.getMessage();
        String text = e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m.replaceAll("\\s+", " "));
        return ChargyRedaction.scrub(text, config.feedUrl());
    }

    /** The server's Retry-After, by the one rule every source uses; null when absent or unreadable. */
    private Duration retryAfter(HttpHeaders headers) {
        return RetryAfter.parse(headers.firstValue("Retry-After").orElse(null), clock).orElse(null);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the stream is being abandoned anyway
        }
    }
}
