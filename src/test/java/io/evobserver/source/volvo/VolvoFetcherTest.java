package io.evobserver.source.volvo;

import static io.evobserver.source.volvo.VolvoMapperTest.EV;
import static io.evobserver.source.volvo.VolvoMapperTest.PHEV;
import static io.evobserver.source.volvo.VolvoRig.API_KEY;
import static io.evobserver.source.volvo.VolvoRig.TOKEN_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.Signal;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleState;
import io.evobserver.testing.LogCapture;
import io.evobserver.testing.Shards;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.RecordedRequest;
import io.evobserver.testing.StubServer.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher end to end over real HTTP against a stubbed Volvo cloud. */
class VolvoFetcherTest {

    @TempDir
    Path dir;
    @AutoClose
    VolvoRig rig;

    @BeforeEach
    void start() {
        rig = new VolvoRig(dir);
    }

    private void twoCars() {
        rig.tokens();
        rig.vehicles("vehicles_two.json");
        rig.car(EV, VolvoMapperTest.evFixtures());
        rig.car(PHEV, VolvoMapperTest.phevFixtures()); // other endpoints: 404, as for a car without them
    }

    private static Vehicle vehicle(EVMetricData data, String vin) {
        return data.vehicles().stream().filter(v -> v.id().vin().equals(vin)).findFirst().orElseThrow();
    }

    @Test
    void firstRefreshReadsEveryEndpointOfBothCarsWithBothCredentials() throws Exception {
        twoCars();

        EVMetricData data = rig.fetcher().refresh();

        assertThat(data.source()).isEqualTo("volvo");
        assertThat(data.vehicles()).extracting(v -> v.id().vin()).containsExactly(EV, PHEV);
        Vehicle ev = vehicle(data, EV);
        assertThat(ev.get(Signal.BATTERY_LEVEL)).hasValue(64.0);
        assertThat(ev.get(Signal.LATITUDE)).hasValue(49.60021);
        assertThat(ev.state()).contains(VehicleState.CHARGING);
        Vehicle phev = vehicle(data, PHEV);
        assertThat(phev.get(Signal.RANGE_TOTAL)).hasValue(512.0);
        assertThat(phev.state()).contains(VehicleState.DRIVING);
        for (RecordedRequest request : rig.stub.requests()) {
            assertThat(request.header("Authorization")).as(request.toString())
                    .contains("Bearer " + VolvoRig.APP.accessToken());
            assertThat(request.header("vcc-api-key")).as(request.toString()).contains(API_KEY);
            assertThat(request.header("Accept")).contains("application/json");
        }
        // one call each: the list, 15 endpoints for the EV, 15 for the PHEV (the missing ones answer 404)
        assertThat(rig.stub.requests()).hasSize(1 + 15 + 15);
        assertThat(rig.metrics.apiCalls()).extracting(c -> c.endpoint())
                .contains("/connected-vehicle/v2/vehicles/{vin}/doors", "/energy/v2/vehicles/{vin}/state",
                        "/location/v1/vehicles/{vin}/location")
                .noneMatch(e -> e.contains(EV) || e.contains(PHEV));
    }

    @Test
    void endpointsNotDueAreCarriedOverAndUnsupportedOnesAreNotAskedAgain() throws Exception {
        twoCars();
        VolvoFetcher fetcher = rig.fetcher();
        EVMetricData first = fetcher.refresh();
        int before = rig.stub.requests().size();

        rig.clock.advance(Duration.ofSeconds(61));
        EVMetricData second = fetcher.refresh();

        // both cars are active (charging / driving): the one-minute endpoints only, 404s skipped for a day
        assertThat(rig.calls(VolvoEndpoint.DOORS.path(EV))).isEqualTo(2);
        assertThat(rig.calls(VolvoEndpoint.ODOMETER.path(EV))).isEqualTo(1);
        assertThat(rig.calls(VolvoEndpoint.DIAGNOSTICS.path(EV))).isEqualTo(1);
        assertThat(rig.calls(VolvoEndpoint.DOORS.path(PHEV))).as("404 before").isEqualTo(1);
        assertThat(rig.calls(VolvoEndpoint.ENGINE_STATUS.path(PHEV))).isEqualTo(2);
        assertThat(rig.calls(VolvoEndpoint.VEHICLES_PATH)).isEqualTo(1);
        assertThat(rig.stub.requests().size() - before).isEqualTo(5 + 2); // EV: doors, engine, energy, windows, location
        assertThat(second.vehicles()).isEqualTo(first.vehicles());
        assertThat(second.fetchedAt()).isEqualTo(VolvoRig.T0.plusSeconds(61));
    }

    @Test
    void expiredAccessTokenIsRefreshedWithBasicAuthAndTheRotatedTokenSavedFirst() throws Exception {
        rig.tokens(Duration.ofSeconds(-30), Duration.ofMinutes(6), null);
        rig.tokenEndpointRotates();
        rig.vehicles("vehicles_one_ev.json");
        rig.car(EV, VolvoMapperTest.evFixtures());

        rig.fetcher().refresh();

        RecordedRequest token = rig.stub.lastRequest("POST", TOKEN_PATH);
        assertThat(rig.stub.requests("POST", TOKEN_PATH)).hasSize(1);
        assertThat(token.formParams()).containsEntry("grant_type", "refresh_token")
                .containsEntry("refresh_token", VolvoRig.APP.refreshToken()).doesNotContainKey("client_secret");
        String basic = Base64.getEncoder().encodeToString((VolvoRig.APP.clientId() + ":" + VolvoRig.APP.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        assertThat(token.header("Authorization")).contains("Basic " + basic);
        assertThat(rig.stub.lastRequest("GET", VolvoEndpoint.VEHICLES_PATH).header("Authorization"))
                .contains("Bearer at-rotated-SECRET-1");
        assertThat(rig.storedTokens().refreshToken()).isEqualTo("rt-rotated-SECRET-1");
    }

    @Test
    void unauthorizedAnswerRefreshesOnceAndRetries() throws Exception {
        rig.tokens();
        rig.tokenEndpointRotates();
        rig.stub.on("GET", VolvoEndpoint.VEHICLES_PATH)
                .respond(Response.fixture(401, "volvo/error_token_expired_401.json"))
                .respondAlways(Response.fixture(200, "volvo/vehicles_one_ev.json"));
        rig.car(EV, VolvoMapperTest.evFixtures());

        EVMetricData data = rig.fetcher().refresh();

        assertThat(data.vehicles()).hasSize(1);
        assertThat(rig.stub.requests("POST", TOKEN_PATH)).hasSize(1);
        List<RecordedRequest> lists = rig.stub.requests("GET", VolvoEndpoint.VEHICLES_PATH);
        assertThat(lists).hasSize(2);
        assertThat(lists.get(1).header("Authorization")).contains("Bearer at-rotated-SECRET-1");
        assertThat(rig.storedTokens().refreshToken()).isEqualTo("rt-rotated-SECRET-1");
    }

    @Test
    void unauthorizedTwiceIsAnAuthFailureNotALoop() throws Exception {
        rig.tokens();
        rig.tokenEndpointRotates();
        rig.stub.on("GET", VolvoEndpoint.VEHICLES_PATH)
                .respondAlways(Response.fixture(401, "volvo/error_token_expired_401.json"));

        FetchException e = catchThrowableOfType(() -> rig.fetcher().refresh(), FetchException.class);

        assertThat(e.reason()).isEqualTo(Reason.AUTH);
        assertThat(rig.stub.requests("GET", VolvoEndpoint.VEHICLES_PATH)).hasSize(2);
        assertThat(rig.stub.requests("POST", TOKEN_PATH)).hasSize(1);
    }

    @Test
    void rejectedApiKeyDoesNotBurnARefreshAndSaysWhichOptionToCheck() throws Exception {
        rig.tokens();
        rig.tokenEndpointRotates();
        rig.stub.on("GET", VolvoEndpoint.VEHICLES_PATH)
                .respondAlways(Response.fixture(401, "volvo/error_invalid_api_key_401.json"));

        FetchException e = catchThrowableOfType(() -> rig.fetcher().refresh(), FetchException.class);

        assertThat(e.reason()).isEqualTo(Reason.AUTH);
        assertThat(e.getMessage()).contains("--volvo-api-key").doesNotContain(API_KEY);
        assertThat(rig.stub.requests("POST", TOKEN_PATH)).isEmpty();
        assertThat(rig.stub.requests("GET", VolvoEndpoint.VEHICLES_PATH)).hasSize(1);
    }

    @Test
    void refreshTokenRejectedMeansLoginAgain() throws Exception {
        rig.tokens(Duration.ofSeconds(-1), Duration.ofDays(8), null);
        rig.stub.on("POST", TOKEN_PATH).respondAlways(Response.fixture(400, "volvo/token_invalid_grant_400.json"));

        LoginRequiredException e = catchThrowableOfType(() -> rig.fetcher().refresh(), LoginRequiredException.class);

        assertThat(e.getMessage()).contains("ev-observer login volvo");
        assertThat(rig.stub.requests("GET", VolvoEndpoint.VEHICLES_PATH)).isEmpty();
    }

    @Test
    void missingTokenFileMeansLogin() {
        LoginRequiredException e = catchThrowableOfType(() -> rig.fetcher().refresh(), LoginRequiredException.class);
        assertThat(e.getMessage()).contains("ev-observer login volvo");
        assertThat(rig.stub.requests()).isEmpty();
    }

    @Test
    void grantUnusedForADayIsRefreshedProactivelyEvenWithAValidAccessToken() throws Exception {
        rig.tokens(Duration.ofMinutes(4), Duration.ofDays(2), null);
        rig.tokenEndpointRotates();
        rig.vehicles("vehicles_one_ev.json");
        rig.car(EV, VolvoMapperTest.evFixtures());
        VolvoFetcher fetcher = rig.fetcher();

        fetcher.refresh();

        assertThat(rig.stub.requests("POST", TOKEN_PATH)).hasSize(1);
        assertThat(rig.stub.requests().get(0).method()).as("before any API call").isEqualTo("POST");
        assertThat(rig.storedTokens().refreshToken()).isEqualTo("rt-rotated-SECRET-1");
        assertThat(rig.storedTokens().refreshedAt()).contains(VolvoRig.T0);

        // a day minus a minute later the access token has been refreshed on expiry anyway
        rig.clock.advance(Duration.ofHours(23));
        fetcher.refresh();
        int refreshes = rig.stub.requests("POST", TOKEN_PATH).size();
        assertThat(refreshes).isEqualTo(2); // expiry-driven, after 5 min: the grant is renewed
        assertThat(rig.storedTokens().refreshToken()).isEqualTo("rt-rotated-SECRET-2");
    }

    @Test
    void proactiveRefreshFailingTransientlyDoesNotStopPolling() throws Exception {
        rig.tokens(Duration.ofMinutes(4), Duration.ofDays(2), null);
        rig.stub.on("POST", TOKEN_PATH).respondAlways(Response.json(503, "{}"));
        rig.vehicles("vehicles_one_ev.json");
        rig.car(EV, VolvoMapperTest.evFixtures());

        EVMetricData data = rig.fetcher().refresh();

        assertThat(data.vehicles()).hasSize(1);
        assertThat(rig.storedTokens().refreshToken()).isEqualTo(VolvoRig.APP.refreshToken());
    }

    @Test
    void rateLimitedHonoursRetryAfterAndMakesNoCallUntilThen() throws Exception {
        twoCars();
        rig.stub.on("GET", VolvoEndpoint.DOORS.path(EV))
                .respond(Response.fixture(429, "volvo/error_rate_limited_429.json").withHeader("Retry-After", "120"));
        VolvoFetcher fetcher = rig.fetcher();

        FetchException e = catchThrowableOfType(fetcher::refresh, FetchException.class);

        assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
        int calls = rig.stub.requests().size();
        assertThat(calls).as("the refresh stopped at the 429").isEqualTo(4); // list, 2 details, doors

        rig.clock.advance(Duration.ofSeconds(60));
        FetchException early = catchThrowableOfType(fetcher::refresh, FetchException.class);
        assertThat(early.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(early.retryAfter()).contains(Duration.ofSeconds(60));
        assertThat(rig.stub.requests()).hasSize(calls);

        rig.clock.advance(Duration.ofSeconds(60));
        EVMetricData data = fetcher.refresh();
        assertThat(vehicle(data, EV).get(Signal.LOCKED)).hasValue(1.0);
    }

    @Test
    void rateLimitedWithoutRetryAfterWaitsAFullMinute() throws Exception {
        twoCars();
        rig.stub.on("GET", VolvoEndpoint.VEHICLES_PATH).respond(Response.json(429, "{}"));

        FetchException e = catchThrowableOfType(() -> rig.fetcher().refresh(), FetchException.class);

        assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
    }

    @Test
    void serverErrorOnTheVehicleListFailsTheFirstRefresh() throws Exception {
        twoCars();
        rig.stub.on("GET", VolvoEndpoint.VEHICLES_PATH).respond(Response.json(503, "{\"error\":{\"message\":\"x\"}}"));

        FetchException e = catchThrowableOfType(() -> rig.fetcher().refresh(), FetchException.class);

        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(rig.stub.requests()).hasSize(1);
    }

    @Test
    void serverErrorOrMalformedJsonOnOneEndpointKeepsItsLastReadingsAndIsCounted() throws Exception {
        twoCars();
        VolvoFetcher fetcher = rig.fetcher();
        fetcher.refresh();
        rig.stub.on("GET", VolvoEndpoint.DOORS.path(EV))
                .respond(Response.fixture(200, "volvo/doors_truncated_malformed.json"));
        rig.stub.on("GET", VolvoEndpoint.WINDOWS.path(EV)).respond(Response.json(502, "<html>bad gateway</html>"));

        rig.clock.advance(Duration.ofSeconds(61));
        EVMetricData data = fetcher.refresh();

        Vehicle ev = vehicle(data, EV);
        assertThat(ev.get(Signal.LOCKED)).hasValue(1.0);
        assertThat(ev.doorsOpen()).hasSize(6);
        assertThat(ev.windowsOpen()).hasSize(4);
        assertThat(rig.metrics.refreshErrors()).containsExactlyInAnyOrder(Reason.PARSE, Reason.UNAVAILABLE);

        // the failed endpoints come back after their own short backoff, not the whole refresh
        rig.clock.advance(Duration.ofSeconds(31));
        fetcher.refresh();
        assertThat(rig.calls(VolvoEndpoint.DOORS.path(EV))).isEqualTo(3);
    }

    @Test
    void malformedJsonWhenNothingElseAnswersFailsTheRefreshAsParse() throws Exception {
        rig.tokens();
        rig.vehicles("vehicles_one_ev.json");
        rig.stub.defaultResponse(Response.fixture(200, "volvo/doors_truncated_malformed.json"));

        FetchException e = catchThrowableOfType(() -> rig.fetcher().refresh(), FetchException.class);

        assertThat(e.reason()).isEqualTo(Reason.PARSE);
        assertThat(e.getMessage()).contains("malformed").doesNotContain("LOCKED");
    }

    @Test
    void fieldsInErrorAreSkippedWithoutFailingTheRefresh() throws Exception {
        rig.tokens();
        rig.vehicles("vehicles_one_ev.json");
        Map<VolvoEndpoint, String> f = new EnumMap<>(VolvoEndpoint.class);
        f.put(VolvoEndpoint.DETAILS, "ev_details.json");
        f.put(VolvoEndpoint.DOORS, "doors_fields_in_error.json");
        f.put(VolvoEndpoint.ENERGY_STATE, "energy_state_all_error.json");
        f.put(VolvoEndpoint.ODOMETER, "ev_odometer.json");
        rig.car(EV, f);

        Vehicle ev = vehicle(rig.fetcher().refresh(), EV);

        assertThat(ev.get(Signal.ODOMETER)).hasValue(24817.0);
        assertThat(ev.get(Signal.BATTERY_LEVEL)).isEmpty();
        assertThat(ev.get(Signal.LOCKED)).isEmpty();
        assertThat(rig.metrics.refreshErrors()).isEmpty();
    }

    @Test
    void onlyTheVinsAskedForAndNoLocationWhenDisabled() throws Exception {
        twoCars();

        EVMetricData data = rig.fetcher(rig.config(List.of(PHEV.toLowerCase()), false)).refresh();

        assertThat(data.vehicles()).extracting(v -> v.id().vin()).containsExactly(PHEV);
        assertThat(rig.calls(VolvoEndpoint.DOORS.path(EV))).isZero();
        assertThat(rig.calls(VolvoEndpoint.LOCATION.path(PHEV))).isZero();
    }

    @Test
    void aShardCallsNoEndpointOfTheOtherInstancesCar() throws Exception {
        twoCars();
        VolvoFetcher fetcher = rig.fetcher();
        fetcher.restrictTo(Shards.owning(PHEV, EV));

        EVMetricData data = fetcher.refresh();

        assertThat(data.vehicles()).extracting(v -> v.id().vin()).containsExactly(PHEV);
        assertThat(rig.stub.requests()).extracting(RecordedRequest::path).isNotEmpty()
                .noneMatch(path -> path.contains(EV));
    }

    @Test
    void endpointsWhoseScopeWasNotGrantedAreNotCalled() throws Exception {
        rig.tokens(Duration.ofMinutes(5), Duration.ofMinutes(1),
                "openid conve:vehicle_relation conve:doors_status energy:state:read");
        rig.vehicles("vehicles_one_ev.json");
        rig.car(EV, VolvoMapperTest.evFixtures());

        rig.fetcher().refresh();

        assertThat(rig.stub.requests()).extracting(RecordedRequest::path).containsExactly(
                VolvoEndpoint.VEHICLES_PATH, VolvoEndpoint.DETAILS.path(EV), VolvoEndpoint.DOORS.path(EV),
                VolvoEndpoint.ENERGY_STATE.path(EV));
    }

    @Test
    void combustionCarsAreNotAskedForTheirEnergyState() throws Exception {
        rig.tokens();
        rig.vehicles("vehicles_one_ev.json");
        rig.stub.on("GET", VolvoEndpoint.DETAILS.path(EV)).respondAlways(Response.json(200,
                "{\"data\":{\"vin\":\"" + EV + "\",\"fuelType\":\"DIESEL\",\"descriptions\":{\"model\":\"V90\"}}}"));

        rig.fetcher().refresh();

        assertThat(rig.calls(VolvoEndpoint.ENERGY_STATE.path(EV))).isZero();
        assertThat(rig.calls(VolvoEndpoint.FUEL.path(EV))).isEqualTo(1);
    }

    @Test
    void noSecretReachesTheLogsDuringAFullFetchWithRefreshAndErrors() throws Exception {
        rig.tokens(Duration.ofSeconds(-5), Duration.ofDays(2), null);
        rig.tokenEndpointRotates();
        rig.vehicles("vehicles_two.json");
        rig.car(EV, VolvoMapperTest.evFixtures());
        rig.stub.on("GET", VolvoEndpoint.DOORS.path(PHEV)).respondAlways(Response.json(401,
                StubServer.fixture("volvo/error_token_expired_401.json")));
        try (LogCapture logs = new LogCapture("io.evobserver")) {
            VolvoFetcher fetcher = rig.fetcher();
            catchThrowableOfType(fetcher::refresh, FetchException.class);
            rig.clock.advance(Duration.ofMinutes(10));
            rig.stub.on("GET", VolvoEndpoint.DOORS.path(PHEV)).respondAlways(Response.json(404, "{}"));
            fetcher.refresh();

            String text = logs.all();
            assertThat(text).contains("volvo GET").contains("/connected-vehicle/v2/vehicles");
            assertThat(text).doesNotContain(VolvoRig.APP.accessToken(), VolvoRig.APP.refreshToken(),
                    VolvoRig.APP.clientSecret(), API_KEY, "at-rotated-SECRET", "rt-rotated-SECRET");
        }
        String tokenFile = Files.readString(rig.tokenFile);
        assertThat(tokenFile).contains("rt-rotated-SECRET");
    }

    @Test
    void nextIntervalFollowsTheEarliestDueEndpoint() throws Exception {
        twoCars();
        VolvoFetcher fetcher = rig.fetcher();
        EVMetricData data = fetcher.refresh();

        assertThat(fetcher.nextInterval(data, PollingPolicy.DEFAULT)).isEqualTo(Duration.ofMinutes(1));
        Duration fixed = fetcher.nextInterval(data, PollingPolicy.DEFAULT.withFixed(Duration.ofMinutes(5)));
        assertThat(fixed).as("--interval 5m stretches the one-minute endpoints").isEqualTo(Duration.ofMinutes(5));
        rig.clock.advance(Duration.ofMinutes(1));
        fetcher.refresh();
        assertThat(rig.calls(VolvoEndpoint.DOORS.path(EV))).as("--interval 5m: not yet").isEqualTo(1);
    }
}
