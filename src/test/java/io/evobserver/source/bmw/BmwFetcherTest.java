package io.evobserver.source.bmw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.ShardFilter;
import io.evobserver.core.Signal;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.testing.LogCapture;
import io.evobserver.testing.MutableClock;
import io.evobserver.testing.RecordingSelfMetrics;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.RecordedRequest;
import io.evobserver.testing.StubServer.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CarData fetcher end to end over real HTTP against {@link BmwStub}. */
class BmwFetcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2025-06-14T18:45:00Z");

    @TempDir
    Path dir;
    @AutoClose
    private final BmwStub stub = new BmwStub();
    private final MutableClock clock = new MutableClock(T0);
    private final RecordingSelfMetrics metrics = new RecordingSelfMetrics();

    private BmwFetcher fetcher(Map<String, String> extra, List<String> vins) throws Exception {
        Path tokens = BmwStub.tokenFile(dir, T0.plus(Duration.ofMinutes(50)), extra);
        return new BmwFetcher(stub.config(tokens, vins), metrics, clock);
    }

    private JsonNode tokenFile() throws Exception {
        return JSON.readTree(dir.resolve("bmw-token.json").toFile());
    }

    @Test
    void firstRefreshFindsTheCarCreatesTheContainerAndMapsTheData() throws Exception {
        stub.standard();
        EVMetricData data = fetcher(Map.of(), List.of()).refresh();

        assertThat(data.source()).isEqualTo("bmw");
        assertThat(data.vehicles()).hasSize(1);
        Vehicle v = data.vehicles().get(0);
        assertThat(v.id().vin()).isEqualTo(BmwStub.VIN);
        assertThat(v.get(Signal.BATTERY_LEVEL)).hasValue(58);
        assertThat(v.get(Signal.ODOMETER)).hasValue(18432);

        assertThat(stub.apiRequests()).extracting(RecordedRequest::toString).containsExactly(
                "GET " + BmwStub.MAPPINGS, "GET " + BmwStub.CONTAINERS, "POST " + BmwStub.CONTAINERS,
                "GET " + BmwStub.TELEMATIC + "?containerId=" + BmwStub.CONTAINER, "GET " + BmwStub.BASIC);
        for (RecordedRequest r : stub.apiRequests()) {
            assertThat(r.header("authorization")).contains("Bearer " + BmwStub.ACCESS);
            assertThat(r.header("x-version")).contains("v1");
            assertThat(r.header("accept")).contains("application/json");
        }
        JsonNode created = JSON.readTree(stub.server.lastRequest("POST", BmwStub.CONTAINERS).bodyText());
        assertThat(created.path("name").asText()).isEqualTo("ev-observer");
        assertThat(created.path("purpose").asText()).isEqualTo(BmwFetcher.purpose(BmwMapper.CONTAINER_KEYS));
        List<String> keys = new ArrayList<>();
        created.path("technicalDescriptors").forEach(k -> keys.add(k.asText()));
        assertThat(keys).containsExactlyElementsOf(BmwMapper.CONTAINER_KEYS);
        assertThat(stub.server.lastRequest("POST", BmwStub.CONTAINERS).header("content-type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));

        assertThat(tokenFile().path(BmwFetcher.EXTRA_CONTAINER).asText()).isEqualTo(BmwStub.CONTAINER);
        assertThat(tokenFile().path("refresh_token").asText()).as("kept").isEqualTo(BmwStub.REFRESH);
        assertThat(metrics.budgets()).containsEntry("bmw", 45L);
        assertThat(metrics.apiCalls()).extracting(RecordingSelfMetrics.ApiCall::endpoint)
                .contains(BmwApi.TELEMATIC_DATA.template(), BmwApi.MAPPINGS.template(),
                        BmwApi.CONTAINERS.template())
                .noneMatch(e -> e.contains(BmwStub.VIN));
    }

    @Test
    void aCarOfAnotherShardCostsNoneOfTheDailyQuota() throws Exception {
        stub.standard();
        int owner = ShardFilter.shardOf(BmwStub.VIN, 2);
        BmwFetcher notMine = fetcher(Map.of(), List.of());
        notMine.restrictTo(new ShardFilter(1 - owner, 2));

        assertThat(notMine.refresh().vehicles()).isEmpty();
        assertThat(stub.server.requests("GET", BmwStub.TELEMATIC)).isEmpty();
        assertThat(stub.server.requests("GET", BmwStub.BASIC)).isEmpty();

        BmwFetcher mine = fetcher(Map.of(), List.of());
        mine.restrictTo(new ShardFilter(owner, 2));
        assertThat(mine.refresh().vehicles()).extracting(v -> v.id().vin()).containsExactly(BmwStub.VIN);
        assertThat(stub.server.requests("GET", BmwStub.TELEMATIC)).hasSize(1);
    }

    @Test
    void aClockThatMovesOnEveryReadStillPollsAtOnce() throws Exception {
        // a real clock never returns the same instant twice; each read here is 1 ms later
        java.time.Clock ticking = new java.time.Clock() {
            private Instant t = T0;

            @Override
            public synchronized Instant instant() {
                t = t.plusMillis(1);
                return t;
            }

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        stub.standard();
        Path tokens = BmwStub.tokenFile(dir, T0.plus(Duration.ofMinutes(50)), Map.of());
        assertThat(new BmwFetcher(stub.config(tokens, List.of()), metrics, ticking).refresh().vehicles()).hasSize(1);
    }

    @Test
    void basicDataGivesModelBrandAndCapacity() throws Exception {
        stub.standard();
        BmwFetcher fetcher = fetcher(Map.of(), List.of());
        fetcher.refresh();
        clock.advance(Duration.ofHours(1));
        Vehicle v = fetcher.refresh().vehicles().get(0);
        assertThat(v.id().model()).contains("i4 eDrive40");
        assertThat(v.id().brand()).isEqualTo("bmw");
        assertThat(v.get(Signal.BATTERY_CAPACITY)).hasValue(83.9);
        assertThat(v.softwareVersion()).as("puStep of basicData").contains("24-03");
    }

    @Test
    void aContainerInTheTokenFileAndGivenVinsCostOnlyTheDataCall() throws Exception {
        stub.standard();
        BmwFetcher fetcher = fetcher(Map.of(BmwFetcher.EXTRA_CONTAINER, "Zz9stored0001",
                BmwFetcher.EXTRA_PURPOSE, BmwFetcher.purpose(BmwMapper.CONTAINER_KEYS)), List.of(BmwStub.VIN.toLowerCase()));
        fetcher.refresh();
        assertThat(stub.apiRequests()).extracting(RecordedRequest::toString).containsExactly(
                "GET " + BmwStub.TELEMATIC + "?containerId=Zz9stored0001", "GET " + BmwStub.BASIC);
    }

    @Test
    void anExistingContainerWithOurNameAndPurposeIsReused() throws Exception {
        stub.standard();
        String purpose = BmwFetcher.purpose(BmwMapper.CONTAINER_KEYS);
        stub.server.on("GET", BmwStub.CONTAINERS).respond(200, """
                {"containers": [
                  {"containerId": "Old0000000001", "name": "ev-observer", "purpose": "ev-observer metrics (keys 00000000)", "state": "ACTIVE"},
                  {"containerId": "Del0000000001", "name": "ev-observer", "purpose": "%s", "state": "DELETED"},
                  {"containerId": "Our0000000001", "name": "ev-observer", "purpose": "%s", "state": "ACTIVE"}
                ]}""".formatted(purpose, purpose));
        fetcher(Map.of(), List.of(BmwStub.VIN)).refresh();
        assertThat(stub.server.requests("POST", BmwStub.CONTAINERS)).isEmpty();
        assertThat(stub.server.lastRequest("GET", BmwStub.TELEMATIC).queryParams())
                .containsEntry("containerId", "Our0000000001");
    }

    @Test
    void quotaHitIsRateLimitedUntilUtcMidnightAndCallsNothingMeanwhile() throws Exception {
        stub.standard();
        stub.server.on("GET", BmwStub.TELEMATIC).respond(Response.fixture(403, "bmw/error_cu429_quota.json"));
        BmwFetcher fetcher = fetcher(Map.of(), List.of(BmwStub.VIN));

        FetchException e = catchThrowableOfType(fetcher::refresh, FetchException.class);
        assertThat(e.reason()).as("a 403 with CU-429 is the quota, not auth").isEqualTo(Reason.RATE_LIMITED);
        assertThat(e).isNotInstanceOf(LoginRequiredException.class);
        Instant midnight = Instant.parse("2025-06-15T00:00:00Z");
        assertThat(e.retryAfter()).contains(Duration.between(T0, midnight));
        assertThat(e.getMessage()).contains("CU-429");
        assertThat(metrics.budgets()).containsEntry("bmw", 0L);

        int before = stub.apiRequests().size();
        clock.advance(Duration.ofHours(2));
        assertThatThrownBy(fetcher::refresh).isInstanceOfSatisfying(FetchException.class,
                f -> assertThat(f.reason()).isEqualTo(Reason.RATE_LIMITED));
        assertThat(stub.apiRequests()).as("no call before the reset").hasSize(before);
        assertThat(fetcher.nextInterval(EVMetricData.empty("bmw", clock.instant()), PollingPolicy.DEFAULT))
                .isEqualTo(Duration.between(clock.instant(), midnight));

        clock.set(midnight.plusSeconds(1));
        assertThat(fetcher.refresh().vehicles()).hasSize(1);
        assertThat(stub.apiRequests()).hasSizeGreaterThan(before);
    }

    @Test
    void aPlain429WithRetryAfterIsHonoured() throws Exception {
        stub.standard();
        stub.server.on("GET", BmwStub.TELEMATIC).respond(Response.json(429, "{}").withHeader("Retry-After", "7200"));
        FetchException e = catchThrowableOfType(fetcher(Map.of(), List.of(BmwStub.VIN))::refresh, FetchException.class);
        assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofHours(2));
    }

    @Test
    void anExpiredAccessTokenIsRefreshedBeforeUseAndTheRotatedOneSaved() throws Exception {
        stub.standard();
        Path tokens = BmwStub.tokenFile(dir, T0.minusSeconds(10), Map.of());
        new BmwFetcher(stub.config(tokens, List.of(BmwStub.VIN)), metrics, clock).refresh();

        RecordedRequest refresh = stub.server.lastRequest("POST", BmwStub.TOKEN);
        assertThat(refresh.formParams()).containsEntry("grant_type", "refresh_token")
                .containsEntry("refresh_token", BmwStub.REFRESH).containsEntry("client_id", BmwStub.CLIENT_ID);
        assertThat(stub.server.lastRequest("GET", BmwStub.TELEMATIC).header("authorization"))
                .contains("Bearer " + BmwStub.NEW_ACCESS);
        JsonNode saved = tokenFile();
        assertThat(saved.path("refresh_token").asText()).isEqualTo(BmwStub.NEW_REFRESH);
        assertThat(saved.path("id_token").asText()).startsWith("eyJ");
        assertThat(saved.path("client_id").asText()).as("kept on rewrite").isEqualTo(BmwStub.CLIENT_ID);
        assertThat(Files.getPosixFilePermissions(tokens)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void a401RefreshesOnceRetriesOnceAndBothCallsArePaid() throws Exception {
        stub.standard();
        stub.server.on("GET", BmwStub.TELEMATIC).respond(Response.json(401,
                "{\"exveErrorId\":\"CU-102\",\"exveErrorMsg\":\"token expired\"}"));
        BmwFetcher fetcher = fetcher(Map.of(), List.of(BmwStub.VIN));
        assertThat(fetcher.refresh().vehicles()).hasSize(1);
        List<RecordedRequest> data = stub.server.requests("GET", BmwStub.TELEMATIC);
        assertThat(data).hasSize(2);
        assertThat(data.get(1).header("authorization")).contains("Bearer " + BmwStub.NEW_ACCESS);
        assertThat(fetcher.budget().calls()).hasSize(stub.apiRequests().size());
    }

    @Test
    void aRejectedRefreshMeansLoginAgain() throws Exception {
        stub.standard();
        stub.server.on("POST", BmwStub.TOKEN).respond(401, "{\"error\":\"invalid_grant\"}");
        Path tokens = BmwStub.tokenFile(dir, T0.minusSeconds(10), Map.of());
        BmwFetcher fetcher = new BmwFetcher(stub.config(tokens, List.of(BmwStub.VIN)), metrics, clock);
        assertThatThrownBy(fetcher::refresh).isInstanceOf(LoginRequiredException.class)
                .hasMessageContaining("ev-observer login bmw");
    }

    @Test
    void wrongScopeMeansLoginAgainWithAHint() throws Exception {
        stub.standard();
        stub.server.on("GET", BmwStub.TELEMATIC).respond(Response.fixture(403, "bmw/error_cu103_scope.json"));
        assertThatThrownBy(fetcher(Map.of(), List.of(BmwStub.VIN))::refresh)
                .isInstanceOf(LoginRequiredException.class).hasMessageContaining("CarData API");
    }

    @Test
    void anyOther403IsAnAuthFailure() throws Exception {
        stub.standard();
        stub.server.on("GET", BmwStub.TELEMATIC).respond(Response.json(403, "{\"exveErrorId\":\"CU-104\"}"));
        FetchException e = catchThrowableOfType(fetcher(Map.of(), List.of(BmwStub.VIN))::refresh, FetchException.class);
        assertThat(e.reason()).isEqualTo(Reason.AUTH);
        assertThat(e.getMessage()).contains("PRIMARY");
    }

    @Test
    void aServerErrorIsUnavailableAndNotRetriedForFiveMinutes() throws Exception {
        stub.standard();
        stub.server.on("GET", BmwStub.TELEMATIC).respond(Response.fixture(503, "bmw/error_cu503_unavailable.json"));
        BmwFetcher fetcher = fetcher(Map.of(), List.of(BmwStub.VIN));
        FetchException e = catchThrowableOfType(fetcher::refresh, FetchException.class);
        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(e.retryAfter()).contains(BmwFetcher.MIN_RETRY);
        int calls = stub.apiRequests().size();
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(fetcher::refresh).isInstanceOf(FetchException.class);
        assertThat(stub.apiRequests()).as("an outage must not eat the quota").hasSize(calls);
        clock.advance(Duration.ofMinutes(4));
        assertThat(fetcher.refresh().vehicles()).hasSize(1);
    }

    @Test
    void malformedJsonIsAParseErrorAndTheDaemonCarriesOn() throws Exception {
        stub.standard();
        stub.server.on("GET", BmwStub.TELEMATIC)
                .respond(Response.fixture(200, "bmw/telematic_data_truncated.json"))
                .respond(Response.json(200, "{\"something\": \"else\"}"));
        BmwFetcher fetcher = fetcher(Map.of(), List.of(BmwStub.VIN));
        VehicleInstrumentor instrumentor = new VehicleInstrumentor(fetcher, PollingPolicy.DEFAULT, metrics, clock);
        assertThat(instrumentor.refreshOnce()).isFalse();
        assertThat(instrumentor.lastError()).hasValueSatisfying(e -> assertThat(e.reason()).isEqualTo(Reason.PARSE));
        clock.advance(Duration.ofMinutes(6));
        assertThat(instrumentor.refreshOnce()).as("wrong shape").isFalse();
        assertThat(instrumentor.lastError()).hasValueSatisfying(e -> assertThat(e.reason()).isEqualTo(Reason.PARSE));
        clock.advance(Duration.ofMinutes(6));
        assertThat(instrumentor.refreshOnce()).isTrue();
        assertThat(metrics.refreshErrors()).containsExactly(Reason.PARSE, Reason.PARSE);
    }

    @Test
    void aVanishedContainerIsForgottenAndReplacedNextTime() throws Exception {
        stub.standard();
        stub.server.on("GET", BmwStub.TELEMATIC).respond(Response.fixture(403, "bmw/error_cu105_container.json"));
        BmwFetcher fetcher = fetcher(Map.of(BmwFetcher.EXTRA_CONTAINER, "Gone000000001",
                BmwFetcher.EXTRA_PURPOSE, BmwFetcher.purpose(BmwMapper.CONTAINER_KEYS)), List.of(BmwStub.VIN));
        FetchException e = catchThrowableOfType(fetcher::refresh, FetchException.class);
        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(tokenFile().path(BmwFetcher.EXTRA_CONTAINER).isNull()).isTrue();
        clock.advance(Duration.ofMinutes(5));
        fetcher.refresh();
        assertThat(stub.server.lastRequest("GET", BmwStub.TELEMATIC).queryParams())
                .containsEntry("containerId", BmwStub.CONTAINER);
    }

    @Test
    void noPrimaryVehicleIsExplained() throws Exception {
        stub.standard();
        stub.server.on("GET", BmwStub.MAPPINGS).respond(200,
                "{\"mappings\": [{\"vin\": \"WMW11DJ020TX55501\", \"mappingType\": \"SECONDARY\"}]}");
        assertThatThrownBy(fetcher(Map.of(), List.of())::refresh).isInstanceOfSatisfying(FetchException.class,
                f -> assertThat(f.getMessage()).contains("PRIMARY"));
    }

    @Test
    void noTokenFileMeansLogin() {
        assertThatThrownBy(() -> new BmwFetcher(stub.config(dir.resolve("missing.json"), List.of()), metrics, clock))
                .isInstanceOf(LoginRequiredException.class).hasMessageContaining("ev-observer login bmw");
    }

    @Test
    void noSecretReachesTheLogsEvenAtFinest() throws Exception {
        stub.standard();
        stub.server.on("GET", BmwStub.TELEMATIC).respond(Response.json(401, "{\"exveErrorId\":\"CU-102\"}"))
                .respond(Response.fixture(403, "bmw/error_cu429_quota.json"));
        List<String> messages = new ArrayList<>();
        List<LogRecord> records;
        try (LogCapture log = new LogCapture("io.evobserver")) {
            Path tokens = BmwStub.tokenFile(dir, T0.minusSeconds(1), Map.of());
            VehicleInstrumentor instrumentor = new VehicleInstrumentor(
                    new BmwFetcher(stub.config(tokens, List.of()), metrics, clock), PollingPolicy.DEFAULT, metrics, clock);
            instrumentor.refreshOnce(); // refresh, 401 + refresh + quota
            instrumentor.lastError().ifPresent(e -> messages.add(e.getMessage()));
            records = log.records();
        }
        for (LogRecord r : records) {
            messages.add(new java.util.logging.SimpleFormatter().format(r));
        }
        assertThat(records).isNotEmpty();
        String all = String.join("\n", messages);
        String idToken = JSON.readTree(StubServer.fixture("bmw/token.json")).path("id_token").asText();
        for (String secret : List.of(BmwStub.ACCESS, BmwStub.REFRESH, BmwStub.ID_TOKEN, BmwStub.NEW_ACCESS,
                BmwStub.NEW_REFRESH, idToken)) {
            assertThat(all).doesNotContain(secret);
        }
    }
}
