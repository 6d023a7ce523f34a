package io.evobserver.source.tesla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.Signal;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleState;
import io.evobserver.testing.Shards;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeslaFetcherTest {

    @TempDir
    Path dir;
    @AutoClose
    TeslaRig rig;

    @BeforeEach
    void setUp() {
        rig = new TeslaRig(dir);
        rig.tokens(Duration.ofHours(8));
    }

    /** One instrumentor turn: refresh, ask for the wait, let the fake time pass. */
    private Vehicle step(TeslaFetcher fetcher, List<Duration> waits) throws Exception {
        EVMetricData data = fetcher.refresh();
        Duration wait = fetcher.nextInterval(data, PollingPolicy.DEFAULT);
        waits.add(wait);
        rig.clock.advance(wait);
        assertThat(data.vehicles()).hasSize(1);
        return data.vehicles().get(0);
    }

    @Test
    void drivingThenIdleStopsVehicleDataSoTheCarCanSleepThenChargingIsFollowedFast() throws Exception {
        TeslaFetcher fetcher = rig.fetcher();
        List<Duration> waits = new ArrayList<>();

        rig.dataFixture = "vehicle_data_driving.json";
        assertThat(step(fetcher, waits).state()).contains(VehicleState.DRIVING);   // t=0
        assertThat(step(fetcher, waits).state()).contains(VehicleState.DRIVING);   // t=a (the active interval)
        assertThat(waits).containsExactly(TeslaConfig.DEFAULT_ACTIVE_INTERVAL, TeslaConfig.DEFAULT_ACTIVE_INTERVAL);
        assertThat(rig.dataCalls()).isEqualTo(2);

        rig.dataFixture = "vehicle_data_parked.json";
        for (int i = 0; i < 4; i++) {                                              // t=2a, +5, +10, +15
            assertThat(step(fetcher, waits).state()).contains(VehicleState.PARKED);
        }
        assertThat(rig.dataCalls()).isEqualTo(6);
        // idle since t=2: looks at 7 and 12, last at 17 (15 min idle), then only state checks
        assertThat(waits.subList(2, 6)).containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofMinutes(5));

        step(fetcher, waits);                                                      // t=22, online, suspended
        step(fetcher, waits);                                                      // t=27
        assertThat(rig.dataCalls()).as("no vehicle_data while the car is left to fall asleep").isEqualTo(6);

        rig.state = "asleep";
        Vehicle asleep = step(fetcher, waits);                                     // t=32
        assertThat(asleep.state()).contains(VehicleState.ASLEEP);
        assertThat(asleep.get(Signal.BATTERY_LEVEL)).as("last readings kept").isPresent();
        rig.state = "offline";
        assertThat(step(fetcher, waits).state()).contains(VehicleState.OFFLINE);   // t=37
        assertThat(rig.dataCalls()).isEqualTo(6);

        rig.state = "online";
        rig.dataFixture = "vehicle_data_charging.json";
        Vehicle charging = step(fetcher, waits);                                   // t=42
        assertThat(charging.state()).contains(VehicleState.CHARGING);
        assertThat(waits.get(waits.size() - 1)).isEqualTo(TeslaConfig.DEFAULT_ACTIVE_INTERVAL);
        assertThat(rig.dataCalls()).isEqualTo(7);

        assertThat(rig.listCalls()).isEqualTo(11);
        assertThat(rig.stub.requests("POST", "/api/1/vehicles/" + TeslaRig.VIN + "/wake_up")).isEmpty();
        assertThat(rig.metrics.wakeups).isZero();
        // only vehicle_data is billed (the list is treated as free): 7 x $0.002
        assertThat(rig.metrics.costs).containsOnly(TeslaApi.DATA.template());
        assertThat(rig.metrics.total()).isCloseTo(0.014, within(1e-9));
        StubServer.RecordedRequest data = rig.stub.lastRequest("GET", TeslaRig.DATA_PATH);
        assertThat(data.queryParams().get("endpoints")).contains("location_data").contains("charge_state");
        assertThat(data.query()).contains("%3B");
        assertThat(data.header("Authorization")).contains("Bearer " + TeslaRig.APP.accessToken());
    }

    @Test
    void idleLookAfterTheSuspendWhenTheCarStaysOnlineSuspendsAgain() throws Exception {
        TeslaFetcher fetcher = rig.fetcher();
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            step(fetcher, waits); // t=0, 5, 10, 15: suspended from 15 to 36
        }
        assertThat(rig.dataCalls()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            step(fetcher, waits); // t=20, 25, 30, 35
        }
        assertThat(rig.dataCalls()).isEqualTo(4);
        step(fetcher, waits); // t=40: past the suspend, one look, still idle: suspended again
        step(fetcher, waits); // t=45
        assertThat(rig.dataCalls()).isEqualTo(5);
    }

    @Test
    void asleepOn408IsNotAnError() throws Exception {
        rig.stub.on("GET", TeslaRig.DATA_PATH).respond(Response.fixture(408, "tesla/asleep_408.json"));
        EVMetricData data = rig.fetcher().refresh();

        assertThat(data.vehicles().get(0).state()).contains(VehicleState.ASLEEP);
        assertThat(rig.metrics.recording.refreshErrors()).isEmpty();
        assertThat(rig.metrics.costs).containsExactly(TeslaApi.DATA.template()); // a 408 is billed
    }

    @Test
    void severalVehiclesOnlyTheOnlineOneIsAskedForData() throws Exception {
        rig.stub.on("GET", "/api/1/vehicles").respond(Response.fixture(200, "tesla/vehicles.json"));
        String other = "/api/1/vehicles/5YJ3E7EB0KF000077/vehicle_data";
        rig.stub.on("GET", other).respond(Response.fixture(200, "tesla/vehicle_data_null_sections.json"));

        EVMetricData data = rig.fetcher().refresh();

        assertThat(data.vehicles()).extracting(v -> v.id().vin())
                .containsExactly("XP7YGCEK5RB000042", "5YJ3E7EB0KF000077");
        assertThat(data.vehicles().get(1).state()).contains(VehicleState.ONLINE);
        assertThat(data.vehicles().get(1).get(Signal.BATTERY_LEVEL)).hasValue(64);
        assertThat(data.vehicles().get(0).state()).contains(VehicleState.ASLEEP);
        assertThat(data.vehicles().get(0).id().name()).contains("Blue Lightning");
        assertThat(rig.dataCalls()).isZero();
        assertThat(rig.stub.requests("GET", other)).hasSize(1);
    }

    @Test
    void withAShardOnlyTheOwnedCarCostsACall() throws Exception {
        String other = "5YJ3E7EB0KF000077";
        rig.stub.on("GET", "/api/1/vehicles").respondAlways(Response.json(200, "{\"response\":["
                + "{\"id\":1,\"vin\":\"" + TeslaRig.VIN + "\",\"state\":\"online\"},"
                + "{\"id\":2,\"vin\":\"" + other + "\",\"state\":\"online\"}],\"count\":2}"));
        String otherPath = "/api/1/vehicles/" + other + "/vehicle_data";
        rig.stub.on("GET", otherPath).respondAlways(Response.fixture(200, "tesla/vehicle_data_null_sections.json"));
        TeslaFetcher fetcher = rig.fetcher();
        fetcher.restrictTo(Shards.owning(TeslaRig.VIN, other));

        EVMetricData data = fetcher.refresh();

        assertThat(data.vehicles()).extracting(v -> v.id().vin()).containsExactly(TeslaRig.VIN);
        assertThat(rig.dataCalls()).isEqualTo(1);
        assertThat(rig.stub.requests("GET", otherPath)).isEmpty(); // not fetched and dropped: never asked
    }

    @Test
    void vinFilterSkipsOtherCars() throws Exception {
        rig.stub.on("GET", "/api/1/vehicles").respond(Response.fixture(200, "tesla/vehicles.json"));
        TeslaConfig c = rig.config();
        TeslaConfig only = new TeslaConfig(c.api(), c.region(), c.apiBaseUrl(), c.authBaseUrl(), c.tokenBaseUrl(),
                c.clientId(), c.clientSecret(), List.of("xp7ygcek5rb000042"), c.tokenFile(), true, false, 1, c.idle(),
                c.suspend(), c.activeInterval(), c.idleInterval(), c.checkInterval(), 0.002, 0.02, 0.0);

        EVMetricData data = rig.fetcher(only).refresh();

        assertThat(data.vehicles()).extracting(v -> v.id().vin()).containsExactly(TeslaRig.VIN);
    }

    @Test
    void unauthorizedRefreshesOnceAndPersistsTheRotatedToken() throws Exception {
        rig.stub.on("GET", "/api/1/vehicles").respond(Response.fixture(401, "tesla/token_expired_401.json"));
        rig.stub.on("POST", TeslaRig.TOKEN_PATH).respond(request -> {
            assertThat(request.formParams()).containsEntry("grant_type", "refresh_token")
                    .containsEntry("client_id", TeslaRig.APP.clientId())
                    .containsEntry("refresh_token", TeslaRig.APP.refreshToken())
                    .doesNotContainKey("client_secret");
            return Response.fixture(200, "tesla/token_response.json");
        });

        rig.fetcher().refresh();

        List<StubServer.RecordedRequest> lists = rig.stub.requests("GET", "/api/1/vehicles");
        assertThat(lists).hasSize(2);
        assertThat(lists.get(1).header("Authorization").orElseThrow()).startsWith("Bearer eyJhbGci");
        assertThat(rig.storedTokens().refreshToken()).startsWith("EU_3d1f0c9a");
    }

    @Test
    void rejectedRefreshAsksForANewLogin() {
        rig.tokens(Duration.ofSeconds(10)); // expiring: refreshed before the first call
        rig.stub.on("POST", TeslaRig.TOKEN_PATH).respond(Response.fixture(401, "tesla/token_login_required_401.json"));

        assertThatThrownBy(() -> rig.fetcher().refresh())
                .isInstanceOf(LoginRequiredException.class)
                .hasMessageContaining("ev-observer login tesla");
    }

    @Test
    void rateLimitHonoursRetryAfterWithoutCallingAgain() throws Exception {
        rig.stub.on("GET", "/api/1/vehicles").respond(Response.text(429, "text/plain", "Retry in 3600 seconds")
                .withHeader("Retry-After", "3600"));
        TeslaFetcher fetcher = rig.fetcher();

        assertThatThrownBy(fetcher::refresh).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofHours(1));
        });
        rig.clock.advance(Duration.ofMinutes(30));
        assertThatThrownBy(fetcher::refresh).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED));
        assertThat(rig.listCalls()).isEqualTo(1);
        rig.clock.advance(Duration.ofMinutes(31));
        assertThat(fetcher.refresh().vehicles()).hasSize(1);
    }

    @Test
    void serverErrorsAreUnavailableAndNotBilled() {
        rig.stub.on("GET", TeslaRig.DATA_PATH).respond(Response.json(503, "{\"error\":\"upstream internal error\"}"));

        assertThatThrownBy(() -> rig.fetcher().refresh()).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
        assertThat(rig.metrics.costs).isEmpty();
        assertThat(rig.metrics.recording.apiCalls()).extracting(c -> c.status()).contains("503");
    }

    @Test
    void wrongRegionNamesTheRightHost() {
        rig.stub.on("GET", "/api/1/vehicles").respond(Response.fixture(421, "tesla/wrong_region_421.json"));

        assertThatThrownBy(() -> rig.fetcher().refresh()).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
            assertThat(e.getMessage()).contains("https://fleet-api.prd.eu.vn.cloud.tesla.com")
                    .contains("--tesla-region eu");
        });
    }

    @Test
    void malformedVehicleDataIsAParseError() {
        rig.stub.on("GET", TeslaRig.DATA_PATH).respond(Response.fixture(200, "tesla/malformed.json"));

        assertThatThrownBy(() -> rig.fetcher().refresh()).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.PARSE));
    }

    @Test
    void billingLimitPausesFifteenMinutes() {
        rig.stub.on("GET", TeslaRig.DATA_PATH).respond(Response.json(403,
                "{\"response\":null,\"error\":\"account disabled: EXCEEDED_LIMIT\",\"error_description\":\"\"}"));

        assertThatThrownBy(() -> rig.fetcher().refresh()).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofMinutes(15));
        });
    }

    @Test
    void wakesOnlyWhenAllowedAndWithinTheDailyBudget() throws Exception {
        rig.state = "asleep";
        rig.stub.on("POST", "/api/1/vehicles/" + TeslaRig.VIN + "/wake_up").respondAlways(
                Response.json(200, "{\"response\":{\"vin\":\"" + TeslaRig.VIN + "\",\"state\":\"asleep\"}}"));
        rig.stub.on("POST", TeslaRig.TOKEN_PATH).respondAlways(Response.fixture(200, "tesla/token_response.json"));
        TeslaFetcher fetcher = rig.fetcher(rig.wakingConfig(2));

        EVMetricData first = fetcher.refresh();
        assertThat(rig.metrics.wakeups).isEqualTo(1);
        assertThat(fetcher.nextInterval(first, PollingPolicy.DEFAULT)).isEqualTo(TeslaFetcher.WAKE_CHECK);
        rig.clock.advance(Duration.ofMinutes(5));
        fetcher.refresh(); // still asleep: the next wake waits 12 h (2 per day)
        assertThat(rig.metrics.wakeups).isEqualTo(1);
        rig.clock.advance(Duration.ofHours(12));
        fetcher.refresh();
        assertThat(rig.metrics.wakeups).isEqualTo(2);
        rig.clock.advance(Duration.ofHours(3));
        fetcher.refresh(); // budget of the day (2) used up
        assertThat(rig.metrics.wakeups).isEqualTo(2);
        assertThat(rig.metrics.costs).containsOnly(TeslaApi.WAKE.template());
        assertThat(rig.metrics.total()).isCloseTo(0.04, within(1e-9));

        rig.state = "offline";
        rig.clock.advance(Duration.ofDays(1));
        fetcher.refresh();
        assertThat(rig.metrics.wakeups).as("an offline car is never woken").isEqualTo(2);
    }

    @Test
    void noSecretInLogsDuringAFullFetchWithRefresh() throws Exception {
        Logger logger = Logger.getLogger("io.evobserver");
        Level previous = logger.getLevel();
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage() + " " + (record.getThrown() == null ? "" : record.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try {
            rig.stub.on("GET", "/api/1/vehicles").respond(Response.fixture(401, "tesla/token_expired_401.json"));
            rig.stub.on("POST", TeslaRig.TOKEN_PATH).respond(Response.fixture(200, "tesla/token_response.json"));
            rig.stub.on("GET", TeslaRig.DATA_PATH).respond(Response.fixture(408, "tesla/asleep_408.json"));
            rig.fetcher().refresh();
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(previous);
        }
        assertThat(lines).isNotEmpty();
        String all = String.join("\n", lines);
        assertThat(all).doesNotContain(TeslaRig.APP.accessToken(), TeslaRig.APP.refreshToken(),
                TeslaRig.APP.clientSecret(), "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9", "EU_3d1f0c9a7b6e");
    }
}
