package io.evobserver.source.chargy;

import static io.evobserver.source.chargy.TestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.evobserver.core.ChargeStation;
import io.evobserver.core.ConnectorState;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.source.chargy.ChargyStub.Response;
import io.evobserver.source.chargy.TestSupport.ApiCall;
import io.evobserver.source.chargy.TestSupport.RecordingMetrics;
import io.evobserver.testing.LogCapture;
import io.evobserver.testing.MutableClock;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The fetcher end to end over real HTTP against {@link ChargyStub}. */
class ChargyFetcherTest {

    private static final String KEY = "k3y-6f1e-SECRET-0042";
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @AutoClose
    private final ChargyStub stub = new ChargyStub();
    private final MutableClock clock = new MutableClock(T0);
    private final RecordingMetrics metrics = new RecordingMetrics();

    private ChargyConfig config() {
        return ChargyConfig.defaults().withFeedUrl(stub.feedUrl(KEY));
    }

    private ChargyFetcher fetcher(ChargyConfig config) {
        return new ChargyFetcher(config, metrics, clock);
    }

    private static int connectors(EVMetricData d) {
        return d.stations().stream().mapToInt(s -> s.connectors().size()).sum();
    }

    @Test
    void downloadsAFullSizeNetworkGzippedAndMapsEveryConnector() throws Exception {
        ChargyFeedGenerator.Generated g = ChargyFeedGenerator.generate(1_000, 7);
        stub.enqueue(Response.ok(g.kml()).gzipped());

        EVMetricData data = fetcher(config()).refresh();

        assertThat(data.source()).isEqualTo("chargy");
        assertThat(data.fetchedAt()).isEqualTo(T0);
        assertThat(data.vehicles()).isEmpty();
        assertThat(data.stations()).hasSize(1_000);
        assertThat(connectors(data)).isEqualTo(g.connectors()).isGreaterThan(3_000);
        Map<ConnectorState, Integer> states = new EnumMap<>(ConnectorState.class);
        data.stations().forEach(s -> s.connectors().forEach(c -> states.merge(c.state(), 1, Integer::sum)));
        assertThat(states).isEqualTo(g.states());

        ChargyStub.Request req = stub.requests().get(0);
        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.path()).isEqualTo("/b2bev-external-services/resources/kml");
        assertThat(req.rawQuery()).isEqualTo("API-KEY=" + KEY);
        assertThat(req.header("Accept")).startsWith("application/vnd.google-earth.kml+xml");
        assertThat(req.header("Accept-Encoding")).isEqualTo("gzip");
        assertThat(req.header("If-None-Match")).isNull();
        assertThat(req.header("If-Modified-Since")).isNull();
        assertThat(metrics.calls).extracting(ApiCall::vendor, ApiCall::endpoint, ApiCall::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("chargy", "/kml", "200"));
    }

    @Test
    void notModifiedReusesTheLastStationsWithANewFetchTime() throws Exception {
        String lastModified = "Mon, 23 Nov 2026 09:55:00 GMT";
        stub.enqueue(Response.ok(fixture("feed_three_stations.kml")).withHeader("ETag", "\"v1\"")
                .withHeader("Last-Modified", lastModified));
        stub.enqueue(Response.status(304));
        ChargyFetcher f = fetcher(config());

        EVMetricData first = f.refresh();
        clock.advance(Duration.ofMinutes(5));
        EVMetricData second = f.refresh();

        assertThat(second.fetchedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(second.stations()).isEqualTo(first.stations()).hasSize(3);
        ChargyStub.Request conditional = stub.requests().get(1);
        assertThat(conditional.header("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(conditional.header("If-Modified-Since")).isEqualTo(lastModified);
        assertThat(metrics.calls).extracting(ApiCall::status).containsExactly("200", "304");
    }

    @Test
    void noConditionalHeadersWhenTheServerOffersNoValidators() throws Exception {
        stub.enqueue(Response.ok(fixture("feed_three_stations.kml")));
        stub.enqueue(Response.ok(fixture("feed_three_stations.kml")));
        ChargyFetcher f = fetcher(config());
        f.refresh();
        clock.advance(Duration.ofMinutes(5));
        f.refresh();
        assertThat(stub.requests().get(1).header("If-None-Match")).isNull();
        assertThat(stub.requests().get(1).header("If-Modified-Since")).isNull();
    }

    @Test
    void neverDownloadsTwiceWithinFiveMinutes() throws Exception {
        stub.enqueue(Response.ok(fixture("feed_three_stations.kml")));
        stub.enqueue(Response.ok(fixture("feed_unknown_status.kml")));
        ChargyFetcher f = fetcher(config());

        EVMetricData first = f.refresh();
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        EVMetricData early = f.refresh();
        assertThat(early).isSameAs(first);
        assertThat(stub.requests()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        EVMetricData later = f.refresh();
        assertThat(later.stations()).hasSize(2);
        assertThat(stub.requests()).hasSize(2);
        assertThat(f.downloads()).isEqualTo(2);
    }

    @Test
    void aFailureIsNotRetriedBeforeTheBudgetAllows() throws Exception {
        stub.enqueue(Response.status(503).withHeader("Retry-After", "60"));
        ChargyFetcher f = fetcher(config());

        FetchException first = failure(f::refresh);
        assertThat(first.reason()).isEqualTo(Reason.UNAVAILABLE);
        // the server asked for 60 s, the budget says 5 min: the longer wins
        assertThat(first.retryAfter()).contains(Duration.ofMinutes(5));

        clock.advance(Duration.ofSeconds(15)); // the instrumentor's first backoff step
        FetchException early = failure(f::refresh);
        assertThat(early.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(early.retryAfter()).contains(Duration.ofMinutes(5).minusSeconds(15));
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void nextIntervalIsNeverShorterThanTheBudget() {
        ChargyFetcher f = fetcher(config());
        EVMetricData any = EVMetricData.empty("chargy", T0);
        assertThat(f.nextInterval(any, PollingPolicy.DEFAULT)).isEqualTo(Duration.ofMinutes(5));
        assertThat(f.nextInterval(any, PollingPolicy.DEFAULT.withFixed(Duration.ofSeconds(30))))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(f.nextInterval(any, PollingPolicy.DEFAULT.withFixed(Duration.ofMinutes(15))))
                .isEqualTo(Duration.ofMinutes(15));
        ChargyFetcher fast = fetcher(new ChargyConfig(stub.feedUrl(KEY), List.of(), Duration.ofMinutes(1), null));
        assertThat(fast.nextInterval(any, PollingPolicy.DEFAULT)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void invalidUtf8IsAParseErrorWithoutAStrayLineOnStderr() throws Exception {
        byte[] good = fixture("feed_three_stations.kml");
        String text = new String(good, java.nio.charset.StandardCharsets.UTF_8);
        int at = text.indexOf("<name>") + "<name>".length();
        byte[] bad = new byte[good.length + 1];
        int cut = text.substring(0, at).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        System.arraycopy(good, 0, bad, 0, cut);
        bad[cut] = (byte) 0xff; // never valid in UTF-8
        System.arraycopy(good, cut, bad, cut + 1, good.length - cut);
        stub.enqueue(Response.ok(bad));
        java.io.PrintStream realErr = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        FetchException e;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            e = failure(fetcher(config())::refresh);
        } finally {
            System.setErr(realErr);
        }
        assertThat(e.reason()).isEqualTo(Reason.PARSE);
        assertThat(e.getMessage()).contains("UTF-8");
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("[Fatal Error]");
    }

    @Test
    void malformedDocumentIsAParseErrorAndForgetsTheValidators() throws Exception {
        stub.enqueue(Response.ok(fixture("feed_three_stations.kml")).withHeader("ETag", "\"v1\""));
        stub.enqueue(Response.ok(fixture("feed_malformed.kml")).withHeader("ETag", "\"v2\""));
        stub.enqueue(Response.ok(fixture("feed_three_stations.kml")));
        ChargyFetcher f = fetcher(config());
        f.refresh();
        clock.advance(Duration.ofMinutes(5));

        FetchException e = failure(f::refresh);
        assertThat(e.reason()).isEqualTo(Reason.PARSE);
        assertThat(e.getMessage()).startsWith("malformed KML at line 11, column ").doesNotContain("\n");
        assertThat(metrics.calls).extracting(ApiCall::status).containsExactly("200", "200");

        clock.advance(Duration.ofMinutes(5));
        f.refresh();
        // after a bad document the next request asks for the whole body, not a 304 for "v2"
        assertThat(stub.requests().get(2).header("If-None-Match")).isNull();
    }

    @Test
    void theInstrumentorKeepsTheLastGoodDataWhenADocumentIsBroken() throws Exception {
        stub.enqueue(Response.ok(fixture("feed_three_stations.kml")));
        stub.enqueue(Response.ok(fixture("feed_malformed.kml")));
        VehicleInstrumentor inst = new VehicleInstrumentor(fetcher(config()), PollingPolicy.DEFAULT, metrics, clock);

        assertThat(inst.refreshOnce()).isTrue();
        EVMetricData good = inst.latest().orElseThrow();
        clock.advance(Duration.ofMinutes(5));
        try (LogCapture log = new LogCapture("io.evobserver.core")) {
            assertThat(inst.refreshOnce()).isFalse();
            // the caller logs the failure on one line, with the position
            assertThat(log.messagesAt(Level.WARNING)).singleElement().asString()
                    .contains("chargy: refresh failed (parse): malformed KML at line 11, column").doesNotContain("\n");
        }

        assertThat(inst.latest()).containsSame(good);
        assertThat(inst.lastError().orElseThrow().reason()).isEqualTo(Reason.PARSE);
        assertThat(metrics.other).contains("refreshError chargy PARSE");
        // the backoff honours the budget rather than retrying after 15 s
        assertThat(inst.nextDelay()).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void emptyFeedIsAFailedPollNotAnEmptyNetwork() {
        stub.enqueue(Response.ok(fixture("feed_empty.kml")));
        assertThatThrownBy(() -> fetcher(config()).refresh()).isInstanceOf(FetchException.class)
                .hasMessageContaining("no Placemark")
                .satisfies(e -> assertThat(((FetchException) e).reason()).isEqualTo(Reason.UNAVAILABLE));
    }

    @Test
    void emptyBodyIsAFailedPoll() {
        stub.enqueue(Response.ok(new byte[0]));
        assertThatThrownBy(() -> fetcher(config()).refresh()).isInstanceOf(FetchException.class)
                .hasMessageContaining("empty response body")
                .satisfies(e -> assertThat(((FetchException) e).reason()).isEqualTo(Reason.UNAVAILABLE));
    }

    @Test
    void xxeAndBillionLaughsAreRejectedSafely() {
        stub.enqueue(Response.ok(fixture("feed_xxe.kml")));
        stub.enqueue(Response.ok(fixture("feed_billion_laughs.kml")).gzipped());
        ChargyFetcher f = fetcher(config());

        FetchException xxe = failure(f::refresh);
        clock.advance(Duration.ofMinutes(5));
        FetchException lol = failure(f::refresh);

        assertThat(xxe.reason()).isEqualTo(Reason.PARSE);
        assertThat(xxe.getMessage()).contains("DOCTYPE").doesNotContain(hostname());
        assertThat(lol.reason()).isEqualTo(Reason.PARSE);
        assertThat(lol.getMessage()).contains("DOCTYPE");
    }

    @Test
    void anExternalDtdIsNeverFetched() {
        String evil = "<?xml version=\"1.0\"?><!DOCTYPE kml SYSTEM \"" + stub.base().resolve("/evil.dtd")
                + "\"><kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><Placemark><name>&x;</name>"
                + "</Placemark></Document></kml>";
        stub.enqueue(Response.ok(evil.getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> fetcher(config()).refresh()).isInstanceOf(FetchException.class)
                .satisfies(e -> assertThat(((FetchException) e).reason()).isEqualTo(Reason.PARSE));
        assertThat(stub.requestsTo("/evil.dtd")).isEmpty();
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void anHtmlPageIsNotTheFeed() {
        stub.enqueue(Response.ok(fixture("feed_html_error_page.html")));
        assertThatThrownBy(() -> fetcher(config()).refresh()).isInstanceOf(FetchException.class)
                .hasMessageContaining("not <kml>");
    }

    @Test
    void unknownStatusesAreCountedAndLoggedOncePerValueAcrossPolls() throws Exception {
        stub.enqueue(Response.ok(fixture("feed_unknown_status.kml")));
        stub.enqueue(Response.ok(fixture("feed_unknown_status.kml")));
        ChargyFetcher f = fetcher(config());
        try (LogCapture log = new LogCapture(TestSupport.PACKAGE_LOGGER)) {
            EVMetricData d = f.refresh();
            clock.advance(Duration.ofMinutes(5));
            f.refresh();

            assertThat(connectors(d)).isEqualTo(7);
            assertThat(f.unknownStatusCount()).isEqualTo(5);
            assertThat(f.unknownStatusValues()).containsExactlyInAnyOrder("PLUGGED_IN", "OUT OF ORDER", "(missing)");
            assertThat(log.messagesAt(Level.INFO).stream().filter(m -> m.contains("'PLUGGED_IN'"))).hasSize(1);
        }
    }

    @Test
    void corruptGzipAndUnaskedEncodingsAreParseErrors() {
        stub.enqueue(Response.ok(fixture("feed_three_stations.kml")).withHeader("Content-Encoding", "gzip"));
        stub.enqueue(Response.ok(fixture("feed_three_stations.kml")).withHeader("Content-Encoding", "br"));
        ChargyFetcher f = fetcher(config());

        FetchException gz = failure(f::refresh);
        clock.advance(Duration.ofMinutes(5));
        FetchException br = failure(f::refresh);

        assertThat(gz.reason()).isEqualTo(Reason.PARSE);
        assertThat(br.reason()).isEqualTo(Reason.PARSE);
        assertThat(br.getMessage()).contains("'BR'");
    }

    @Test
    void httpErrorsAreClassified() {
        stub.enqueue(Response.status(401));
        stub.enqueue(Response.status(429).withHeader("Retry-After", "900"));
        stub.enqueue(Response.status(406));
        stub.enqueue(Response.status(500));
        ChargyFetcher f = fetcher(config());

        List<FetchException> errors = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            errors.add(failure(f::refresh));
            clock.advance(Duration.ofMinutes(5));
        }

        assertThat(errors).extracting(FetchException::reason)
                .containsExactly(Reason.AUTH, Reason.RATE_LIMITED, Reason.UNAVAILABLE, Reason.UNAVAILABLE);
        assertThat(errors.get(0).getMessage()).contains("API key").contains("--chargy-url");
        assertThat(errors.get(1).retryAfter()).contains(Duration.ofSeconds(900));
        assertThat(errors.get(2).getMessage()).contains("Accept");
        assertThat(metrics.calls).extracting(ApiCall::status).containsExactly("401", "429", "406", "500");
    }

    @Test
    void refusedConnectionIsANetworkError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ChargyConfig cfg = config().withFeedUrl(URI.create("http://127.0.0.1:" + port + "/kml?API-KEY=" + KEY));
        FetchException e = failure(() -> fetcher(cfg).refresh());
        assertThat(e.reason()).isEqualTo(Reason.NETWORK);
        assertThat(e.getMessage()).contains("could not connect").contains("127.0.0.1:" + port);
        assertThat(metrics.calls).extracting(ApiCall::status).containsExactly("error");
    }

    @Test
    void aBodyThatStallsEndsAtTheTimeout() {
        stub.enqueue(Response.ok(ChargyFeedGenerator.generate(50, 1).kml()).stalling());
        ChargyConfig cfg = new ChargyConfig(stub.feedUrl(KEY), List.of(), null, Duration.ofMillis(700));

        FetchException e = failure(() -> fetcher(cfg).refresh());

        assertThat(e.reason()).isEqualTo(Reason.NETWORK);
        assertThat(e.getMessage()).contains("not finished within").contains("(127.0.0.1:")
                .doesNotContain(KEY);
        assertThat(metrics.calls).extracting(ApiCall::status).containsExactly("error");
    }

    @Test
    void stationFiltersMatchIdCpNumberOrPartOfTheName() throws Exception {
        stub.enqueue(Response.ok(fixture("feed_three_stations.kml")));
        ChargyConfig cfg = config().withStationFilters(List.of("CAPELLEN", "61009", "cp6001", "  "));
        EVMetricData d = fetcher(cfg).refresh();
        assertThat(d.stations()).extracting(ChargeStation::id).containsExactly("61009", "530001", "442100");

        stub.enqueue(Response.ok(fixture("feed_three_stations.kml")));
        EVMetricData one = fetcher(config().withStationFilters(List.of("cp7702"))).refresh();
        assertThat(one.stations()).extracting(ChargeStation::id).containsExactly("530001");

        stub.enqueue(Response.ok(fixture("feed_three_stations.kml")));
        try (LogCapture log = new LogCapture(TestSupport.PACKAGE_LOGGER)) {
            // "CP4" is not a CP number and not in any name: exact matching keeps it from selecting posts
            EVMetricData none = fetcher(config().withStationFilters(List.of("CP4", "6100"))).refresh();
            assertThat(none.stations()).isEmpty();
            assertThat(log.messagesAt(Level.WARNING)).singleElement().asString().contains("no station matches");
        }
    }

    @Test
    void aFeedAboveTheStationLimitIsExportedWhenTheFilterKeepsFewerAndRefusedWithout() throws Exception {
        ChargyFeedGenerator.Generated g = ChargyFeedGenerator.generate(ChargyKmlParser.MAX_STATIONS + 1, 11);
        stub.enqueue(Response.ok(g.kml()).gzipped());
        try (LogCapture log = new LogCapture(TestSupport.PACKAGE_LOGGER)) {
            EVMetricData d = fetcher(config().withStationFilters(List.of("cp0001"))).refresh(); // the first post
            assertThat(d.stations()).extracting(ChargeStation::id).containsExactly(g.firstStationId());
            assertThat(log.messagesAt(Level.INFO)).anySatisfy(m -> assertThat(m)
                    .contains(g.stations() + " stations (1 kept by --chargy-station)"));
        }

        stub.enqueue(Response.ok(g.kml()).gzipped());
        FetchException e = catchThrowableOfType(FetchException.class, () -> fetcher(config()).refresh());
        assertThat(e.reason()).isEqualTo(Reason.PARSE);
        assertThat(e.getMessage()).contains("more than 20000 stations").doesNotContain("\n");
    }

    @Test
    void theDownloadIsInTheSharedDebugRequestLogWithTheKeyMasked() throws Exception {
        stub.enqueue(Response.ok(fixture("feed_three_stations.kml")));
        try (LogCapture log = new LogCapture("io.evobserver.http")) {
            fetcher(config()).refresh();
            assertThat(log.messagesAt(Level.FINE)).anySatisfy(m -> assertThat(m)
                    .contains("chargy GET http://", "[/kml] -> 200").doesNotContain(KEY));
        }
    }

    @Test
    void doesNotFollowARedirectToAnotherScheme() throws Exception {
        stub.enqueue(Response.status(302).withHeader("Location", "ftp://127.0.0.1/kml"));
        ChargyConfig cfg = config().withFeedUrl(stub.base().resolve("/en/datasets/r/22f9d77a"));

        FetchException e = failure(fetcher(cfg)::refresh);

        assertThat(e.reason()).isEqualTo(FetchException.Reason.UNAVAILABLE);
        assertThat(e.getMessage()).contains("HTTP 302");
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void followsTheOpenDataPortalRedirect() throws Exception {
        stub.enqueue(Response.status(302).withHeader("Location", stub.feedUrl(KEY).toString()));
        stub.enqueue(Response.ok(fixture("feed_three_stations.kml")));
        ChargyConfig cfg = config().withFeedUrl(stub.base().resolve("/en/datasets/r/22f9d77a"));

        EVMetricData d = fetcher(cfg).refresh();

        assertThat(d.stations()).hasSize(3);
        assertThat(stub.requests()).extracting(ChargyStub.Request::path)
                .containsExactly("/en/datasets/r/22f9d77a", "/b2bev-external-services/resources/kml");
    }

    @Test
    void theKeyNeverAppearsInLogsExceptionsOrMetrics() throws Exception {
        stub.enqueue(Response.ok(fixture("feed_three_stations.kml")));
        stub.enqueue(Response.status(401));
        stub.enqueue(Response.ok(fixture("feed_malformed.kml")));
        stub.enqueue(Response.ok(fixture("feed_unknown_status.kml")));
        stub.enqueue(Response.ok(ChargyFeedGenerator.generate(20, 3).kml()).stalling());
        List<String> texts = new ArrayList<>();
        // the whole tree: the fetcher's own lines and the instrumentor's failure lines
        try (LogCapture log = new LogCapture("io.evobserver")) {
            ChargyFetcher f = new ChargyFetcher(config(), metrics, clock);
            VehicleInstrumentor inst = new VehicleInstrumentor(f, PollingPolicy.DEFAULT, metrics, clock);
            for (int i = 0; i < 4; i++) {
                try {
                    inst.refreshOnce();
                } catch (io.evobserver.core.LoginRequiredException e) {
                    texts.add(String.valueOf(e));
                }
                inst.lastError().ifPresent(e -> collect(e, texts));
                clock.advance(Duration.ofMinutes(5));
            }
            ChargyFetcher slow = new ChargyFetcher(
                    new ChargyConfig(stub.feedUrl(KEY), List.of(), null, Duration.ofMillis(500)), metrics, clock);
            collect(failure(slow::refresh), texts);
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            ChargyFetcher refused = new ChargyFetcher(config().withFeedUrl(
                    URI.create("http://127.0.0.1:" + port + "/kml?API-KEY=" + KEY)), metrics, clock);
            collect(failure(refused::refresh), texts);
            texts.add(f.config().toString());
            for (LogRecord r : log.records()) {
                texts.add(r.getMessage());
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        texts.add(String.valueOf(p));
                    }
                }
                if (r.getThrown() != null) {
                    collect(r.getThrown(), texts);
                }
            }
        }
        metrics.calls.forEach(c -> texts.add(c.toString()));
        texts.addAll(metrics.other);

        assertThat(texts).hasSizeGreaterThan(10);
        assertThat(texts).noneSatisfy(t -> assertThat(t).contains(KEY));
        assertThat(metrics.calls).extracting(ApiCall::endpoint).containsOnly("/kml");
    }

    /** The FetchException a call threw; fails the test when it threw nothing or something else. */
    private static FetchException failure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(FetchException.class);
        return (FetchException) t;
    }

    private static void collect(Throwable t, List<String> out) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            out.add(c.toString());
            for (StackTraceElement e : c.getStackTrace()) {
                out.add(e.toString());
            }
        }
    }

    private static String hostname() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/etc/hostname")).strip();
        } catch (java.io.IOException e) {
            return "no-hostname-file-" + System.nanoTime();
        }
    }
}
