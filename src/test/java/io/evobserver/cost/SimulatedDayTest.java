package io.evobserver.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.evobserver.auth.OAuthTokens;
import io.evobserver.auth.TokenStore;
import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.FetchException;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.cost.DayScript.Activity;
import io.evobserver.testing.MutableClock;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import io.evobserver.source.bmw.BmwConfig;
import io.evobserver.source.bmw.BmwFetcher;
import io.evobserver.source.tesla.TeslaConfig;
import io.evobserver.source.tesla.TeslaFetcher;
import io.evobserver.source.volvo.VolvoConfig;
import io.evobserver.source.volvo.VolvoFetcher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API calls, wake-ups, minutes kept awake and money per vehicle and day, for Tesla, Volvo and BMW:
 * the real fetchers driven the way the scheduler drives them (refresh, wait {@code nextDelay()}) over
 * one {@link DayScript} day on a fake clock, against stubs that answer according to what the car is
 * doing at that fake time. Next to each, a naive poller that calls the data endpoint(s) every 60 s.
 * Prints the table the README's "API calls and cost per day" section shows.
 */
class SimulatedDayTest {

    static final Instant MIDNIGHT = Instant.parse("2026-09-14T00:00:00Z");
    static final Duration NAIVE_INTERVAL = Duration.ofSeconds(60);
    static final String TESLA_VIN = "XP7YGCEK5RB000042";
    static final String TESLA_LIST = "/api/1/vehicles";
    static final String TESLA_DATA = "/api/1/vehicles/" + TESLA_VIN + "/vehicle_data";
    static final String VOLVO_VIN = "YV1XZEFV5R2100042";
    static final String BMW_VIN = "WBA71AW010FT00042";
    static final String BMW_TELEMATIC = "/customers/vehicles/" + BMW_VIN + "/telematicData";
    static final int BMW_QUOTA = 50;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TABLE = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;
    final DayScript day = new DayScript(MIDNIGHT);

    /** One run's figures. */
    record Result(String vendor, String poller, int calls, int dataCalls, int wakeups, Integer awakeMinutes,
                  Double usd, Duration maxAgeCharging, int busiestMinute) {

        String row() {
            return String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %s | %s | %d |", vendor, poller, calls,
                    dataCalls, wakeups, awakeMinutes == null ? "n/a" : awakeMinutes + " min",
                    usd == null ? "n/a" : String.format(Locale.ROOT, "$%.3f", usd),
                    maxAgeCharging.toMinutes() >= 24 * 60 ? "never fresh" : maxAgeCharging.toMinutes() + " min",
                    busiestMinute);
        }
    }

    /** What every run records: the fake time of each request and of each data answer. */
    static final class Cloud implements AutoCloseable {
        final StubServer stub = StubServer.start();
        final MutableClock clock = new MutableClock(MIDNIGHT);
        final List<Instant> requestTimes = new CopyOnWriteArrayList<>();
        /** Fake times of answers that carried fresh vehicle data (200 from the data endpoint). */
        final List<Instant> dataAnswers = new CopyOnWriteArrayList<>();
        final Costs metrics = new Costs();

        void route(String method, String path, Function<Instant, Response> answer) {
            stub.on(method, path).respondAlways(request -> {
                requestTimes.add(clock.instant());
                return answer.apply(clock.instant());
            });
        }

        Instant lastDataAnswer() {
            return dataAnswers.isEmpty() ? null : dataAnswers.get(dataAnswers.size() - 1);
        }

        int busiestMinute() {
            List<Instant> times = new ArrayList<>(requestTimes);
            int most = 0;
            for (int i = 0, j = 0; i < times.size(); i++) {
                while (j < times.size() && times.get(j).isBefore(times.get(i).plusSeconds(60))) {
                    j++;
                }
                most = Math.max(most, j - i);
            }
            return most;
        }

        Duration maxAgeWhile(List<Instant> minutes) {
            Duration worst = Duration.ZERO;
            for (Instant t : minutes) {
                Instant last = dataAnswers.stream().filter(a -> !a.isAfter(t)).reduce((a, b) -> b).orElse(null);
                Duration age = last == null ? Duration.ofDays(1) : Duration.between(last, t);
                worst = age.compareTo(worst) > 0 ? age : worst;
            }
            return worst;
        }

        @Override
        public void close() {
            stub.close();
        }
    }

    /** Counts wake-ups and sums the money the fetchers report. */
    static final class Costs implements SelfMetrics {
        int wakeups;
        double usd;
        final List<FetchException.Reason> errors = new CopyOnWriteArrayList<>();

        @Override
        public void apiRequest(String vendor, String endpoint, String status, Duration duration) {
        }

        @Override
        public void refreshError(String vendor, FetchException.Reason reason) {
            errors.add(reason);
        }

        @Override
        public synchronized void wakeup(String vendor) {
            wakeups++;
        }

        @Override
        public synchronized void apiCost(String vendor, String endpoint, double amount) {
            usd += amount;
        }
    }

    /** The scheduler's loop, on the fake clock: refresh, wait what the instrumentor says, until midnight. */
    void runDay(Cloud cloud, AbstractVehicleFetcher fetcher) throws Exception {
        VehicleInstrumentor instrumentor = new VehicleInstrumentor(fetcher, PollingPolicy.DEFAULT, cloud.metrics,
                cloud.clock);
        while (cloud.clock.instant().isBefore(day.end)) {
            instrumentor.refreshOnce();
            Duration wait = instrumentor.nextDelay();
            assertThat(wait).isPositive();
            cloud.clock.advance(wait);
        }
    }

    /** A naive poller: every path every 60 s, whatever the car does. */
    void runNaive(Cloud cloud, String bearer, String... paths) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        while (cloud.clock.instant().isBefore(day.end)) {
            for (String path : paths) {
                HttpRequest request = HttpRequest.newBuilder(cloud.stub.uri(path))
                        .header("Authorization", "Bearer " + bearer).GET().build();
                http.send(request, HttpResponse.BodyHandlers.discarding());
            }
            cloud.clock.advance(NAIVE_INTERVAL);
        }
    }

    // ---- Tesla -----------------------------------------------------------------------------------

    /** The Tesla cloud: the list says online/asleep; vehicle_data answers data while awake, 408 asleep. */
    Cloud teslaCloud() {
        Cloud cloud = new Cloud();
        cloud.route("GET", TESLA_LIST, t -> Response.json(200, "{\"response\":[{\"id\":29846200000000042,\"vin\":\""
                + TESLA_VIN + "\",\"display_name\":\"Blue Lightning\",\"state\":\""
                + (day.teslaAwake(t, cloud.lastDataAnswer()) ? "online" : "asleep") + "\"}],\"count\":1}"));
        cloud.route("GET", TESLA_DATA, t -> {
            if (!day.teslaAwake(t, cloud.lastDataAnswer())) {
                return Response.fixture(408, "tesla/asleep_408.json");
            }
            cloud.dataAnswers.add(t); // restarts the car's sleep countdown
            return Response.fixture(200, switch (day.activity(t)) {
                case DRIVING -> "tesla/vehicle_data_driving.json";
                case CHARGING -> "tesla/vehicle_data_charging.json";
                case PARKED -> "tesla/vehicle_data_parked.json";
            });
        });
        return cloud;
    }

    int awakeMinutes(Cloud cloud) {
        int minutes = 0;
        for (Instant t : day.minutes()) {
            Instant last = cloud.dataAnswers.stream().filter(a -> !a.isAfter(t)).reduce((a, b) -> b).orElse(null);
            minutes += day.teslaAwake(t, last) ? 1 : 0;
        }
        return minutes;
    }

    Path teslaTokens() throws Exception {
        Path file = dir.resolve("tesla-token.json");
        new TokenStore("tesla", file).save(new OAuthTokens("at-sim-SECRET", "rt-sim-SECRET",
                MIDNIGHT.plus(Duration.ofDays(3)), "Bearer", null, Map.of()));
        return file;
    }

    Result teslaOurs() throws Exception {
        try (Cloud cloud = teslaCloud()) {
            TeslaConfig d = TeslaConfig.defaults(TeslaConfig.Api.FLEET, "eu", "sim-client", null, teslaTokens());
            TeslaConfig config = new TeslaConfig(d.api(), d.region(), cloud.stub.baseUri(), cloud.stub.baseUri(),
                    cloud.stub.baseUri(), d.clientId(), null, List.of(), d.tokenFile(), true, false, 1, d.idle(),
                    d.suspend(), d.activeInterval(), d.idleInterval(), d.checkInterval(), d.dataPrice(),
                    d.wakePrice(), d.statePrice());
            runDay(cloud, new TeslaFetcher(config, cloud.metrics, cloud.clock));
            assertThat(cloud.metrics.errors).isEmpty();
            return new Result("Tesla", "ev-observer", cloud.requestTimes.size(),
                    cloud.stub.requests("GET", TESLA_DATA).size(), cloud.metrics.wakeups, awakeMinutes(cloud),
                    cloud.metrics.usd, cloud.maxAgeWhile(day.chargingMinutes()), cloud.busiestMinute());
        }
    }

    Result teslaNaive() throws Exception {
        try (Cloud cloud = teslaCloud()) {
            runNaive(cloud, "at-sim-SECRET", TESLA_DATA);
            int data = cloud.stub.requests("GET", TESLA_DATA).size();
            // Tesla bills every answer below 500, the 408s from an asleep car included
            return new Result("Tesla", "naive 60 s", cloud.requestTimes.size(), data, 0, awakeMinutes(cloud),
                    data * TeslaConfig.DEFAULT_DATA_PRICE, cloud.maxAgeWhile(day.chargingMinutes()),
                    cloud.busiestMinute());
        }
    }

    @Test
    void tesla() throws Exception {
        Result ours = teslaOurs();
        Result naive = teslaNaive();
        record(ours, naive);

        assertThat(ours.wakeups()).isZero();
        assertThat(ours.usd()).as("USD per day").isLessThan(0.25);
        assertThat(ours.awakeMinutes()).as("awake: driving and charging (240 min) plus a few sleep countdowns")
                .isLessThan(240 + 4 * 35);
        assertThat(ours.maxAgeCharging()).isLessThan(Duration.ofMinutes(30));
        assertThat(naive.awakeMinutes()).as("the naive poller keeps the car awake from 07:30 on")
                .isGreaterThanOrEqualTo(24 * 60 - 7 * 60 - 30);
        assertThat(naive.usd()).isGreaterThan(10 * ours.usd());
    }

    // ---- Volvo -----------------------------------------------------------------------------------

    static final Map<String, String> VOLVO_PATHS = Map.ofEntries(
            Map.entry("", "ev_details.json"),
            Map.entry("/doors", "ev_doors_locked_tailgate_ajar.json"),
            Map.entry("/windows", "ev_windows_front_left_ajar.json"),
            Map.entry("/odometer", "ev_odometer.json"),
            Map.entry("/fuel", "ev_fuel_battery_only.json"),
            Map.entry("/statistics", "ev_statistics.json"),
            Map.entry("/tyres", "ev_tyres_rear_left_low.json"),
            Map.entry("/warnings", "ev_warnings_low_beam_failure.json"),
            Map.entry("/diagnostics", "ev_diagnostics_washer_low.json"),
            Map.entry("/brakes", "ev_brakes_ok.json"),
            Map.entry("/command-accessibility", "ev_command_accessibility_available.json"));
    static final String VOLVO_BASE = "/connected-vehicle/v2/vehicles/" + VOLVO_VIN;
    static final String VOLVO_ENGINE = VOLVO_BASE + "/engine-status";
    static final String VOLVO_ENERGY = "/energy/v2/vehicles/" + VOLVO_VIN + "/state";
    static final String VOLVO_LOCATION = "/location/v1/vehicles/" + VOLVO_VIN + "/location";

    /** Volvo's cloud answers from its cache whatever the car does; engine and energy state follow the day. */
    Cloud volvoCloud() {
        Cloud cloud = new Cloud();
        int[] n = {0};
        cloud.stub.on("POST", "/as/token.oauth2").respondAlways(request -> {
            n[0]++;
            return Response.json(200, "{\"access_token\":\"at-sim-SECRET-" + n[0] + "\",\"refresh_token\":"
                    + "\"rt-sim-SECRET-" + n[0] + "\",\"token_type\":\"Bearer\",\"expires_in\":1799}");
        });
        cloud.route("GET", "/connected-vehicle/v2/vehicles", t -> Response.fixture(200, "volvo/vehicles_one_ev.json"));
        VOLVO_PATHS.forEach((suffix, file) -> cloud.route("GET", VOLVO_BASE + suffix,
                t -> Response.fixture(200, "volvo/" + file)));
        cloud.route("GET", VOLVO_LOCATION, t -> Response.fixture(200, "volvo/ev_location.json"));
        cloud.route("GET", VOLVO_ENGINE, t -> Response.fixture(200, day.activity(t) == Activity.DRIVING
                ? "volvo/engine_status_running.json" : "volvo/ev_engine_status_stopped.json"));
        cloud.route("GET", VOLVO_ENERGY, t -> {
            cloud.dataAnswers.add(t);
            return Response.fixture(200, day.activity(t) == Activity.CHARGING
                    ? "volvo/ev_energy_state_charging_ac.json" : "volvo/ev_energy_state_parked_unplugged.json");
        });
        return cloud;
    }

    Result volvoOurs() throws Exception {
        try (Cloud cloud = volvoCloud()) {
            Path file = dir.resolve("volvo-token.json");
            new TokenStore("volvo", file).save(new OAuthTokens("at-sim-SECRET", "rt-sim-SECRET",
                    MIDNIGHT.plus(Duration.ofMinutes(30)), "Bearer", null,
                    Map.of(OAuthTokens.REFRESHED_AT, TextNode.valueOf(MIDNIGHT.toString()))));
            VolvoConfig config = new VolvoConfig(cloud.stub.baseUri(), cloud.stub.baseUri(), "sim-client",
                    "cs-sim-SECRET", "vcc-sim-SECRET", List.of(), file, true, VolvoConfig.DEFAULT_REQUESTS_PER_MINUTE);
            runDay(cloud, new VolvoFetcher(config, cloud.metrics, cloud.clock));
            assertThat(cloud.metrics.errors).isEmpty();
            return new Result("Volvo", "ev-observer", cloud.requestTimes.size(),
                    cloud.stub.requests("GET", VOLVO_ENERGY).size(), cloud.metrics.wakeups, null, null,
                    cloud.maxAgeWhile(day.chargingMinutes()), cloud.busiestMinute());
        }
    }

    Result volvoNaive() throws Exception {
        try (Cloud cloud = volvoCloud()) {
            List<String> paths = new ArrayList<>();
            VOLVO_PATHS.keySet().forEach(suffix -> paths.add(VOLVO_BASE + suffix));
            paths.addAll(List.of(VOLVO_LOCATION, VOLVO_ENGINE, VOLVO_ENERGY));
            runNaive(cloud, "at-sim-SECRET", paths.toArray(String[]::new));
            return new Result("Volvo", "naive 60 s", cloud.requestTimes.size(),
                    cloud.stub.requests("GET", VOLVO_ENERGY).size(), 0, null, null,
                    cloud.maxAgeWhile(day.chargingMinutes()), cloud.busiestMinute());
        }
    }

    @Test
    void volvo() throws Exception {
        Result ours = volvoOurs();
        Result naive = volvoNaive();
        record(ours, naive);

        assertThat(ours.busiestMinute()).as("Volvo allows 100 requests per minute")
                .isLessThanOrEqualTo(VolvoConfig.DEFAULT_REQUESTS_PER_MINUTE).isLessThan(100);
        assertThat(ours.maxAgeCharging()).isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(ours.calls()).isLessThan(naive.calls() / 2);
    }

    // ---- BMW -------------------------------------------------------------------------------------

    /** BMW CarData: 50 requests per account and UTC day; the 51st gets CU-429. */
    Cloud bmwCloud() {
        Cloud cloud = new Cloud();
        cloud.stub.on("POST", "/gcdm/oauth/token").respondAlways(Response.fixture(200, "bmw/token.json"));
        Function<Function<Instant, Response>, Function<Instant, Response>> quota = answer -> t -> {
            long today = cloud.requestTimes.stream().filter(r -> !r.isBefore(day.start)).count();
            return today > BMW_QUOTA ? Response.fixture(403, "bmw/error_cu429_quota.json") : answer.apply(t);
        };
        cloud.route("GET", "/customers/vehicles/mappings", quota.apply(t -> Response.fixture(200, "bmw/mappings.json")));
        cloud.route("GET", "/customers/containers", quota.apply(t -> Response.json(200, "{\"containers\": []}")));
        cloud.route("POST", "/customers/containers",
                quota.apply(t -> Response.fixture(201, "bmw/container_created.json")));
        cloud.route("GET", "/customers/vehicles/" + BMW_VIN + "/basicData",
                quota.apply(t -> Response.fixture(200, "bmw/basic_data_i4.json")));
        cloud.route("GET", BMW_TELEMATIC, quota.apply(t -> {
            cloud.dataAnswers.add(t);
            return Response.fixture(200, day.activity(t) == Activity.CHARGING
                    ? "bmw/telematic_data_ev_charging.json" : "bmw/telematic_data_combustion_parked.json");
        }));
        return cloud;
    }

    Path bmwTokens() throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("access_token", "at-sim-SECRET");
        root.put("refresh_token", "rt-sim-SECRET");
        root.put("expires_at", MIDNIGHT.plusSeconds(3000).toString());
        root.put("token_type", "Bearer");
        root.put("id_token", "idt-sim-SECRET");
        root.put("gcid", "3f6c1e2a-9b7d-4c51-8e0a-2d4b6f8a1c93");
        root.put("client_id", "c0ffee00-1111-4222-8333-444455556666");
        root.put("refreshed_at", MIDNIGHT.minusSeconds(600).toString());
        Path file = dir.resolve("bmw-token.json");
        Files.write(file, JSON.writeValueAsBytes(root));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    Result bmwOurs() throws Exception {
        try (Cloud cloud = bmwCloud()) {
            URI base = cloud.stub.baseUri();
            BmwConfig config = new BmwConfig(base, base, bmwTokens(), null, List.of(BMW_VIN), BMW_QUOTA, false, null);
            runDay(cloud, new BmwFetcher(config, cloud.metrics, cloud.clock));
            assertThat(cloud.metrics.errors).as("the budget is planned, never hit").isEmpty();
            return new Result("BMW", "ev-observer", cloud.requestTimes.size(),
                    cloud.stub.requests("GET", BMW_TELEMATIC).size(), cloud.metrics.wakeups, null, null,
                    cloud.maxAgeWhile(day.chargingMinutes()), cloud.busiestMinute());
        }
    }

    Result bmwNaive() throws Exception {
        try (Cloud cloud = bmwCloud()) {
            runNaive(cloud, "at-sim-SECRET", BMW_TELEMATIC);
            return new Result("BMW", "naive 60 s", cloud.requestTimes.size(),
                    cloud.stub.requests("GET", BMW_TELEMATIC).size(), 0, null, null,
                    cloud.maxAgeWhile(day.chargingMinutes()), cloud.busiestMinute());
        }
    }

    @Test
    void bmw() throws Exception {
        Result ours = bmwOurs();
        Result naive = bmwNaive();
        record(ours, naive);

        assertThat(ours.calls()).as("CarData: 50 calls per day").isLessThanOrEqualTo(BMW_QUOTA);
        assertThat(ours.maxAgeCharging()).as("data age while charging").isLessThan(Duration.ofMinutes(30));
        assertThat(naive.maxAgeCharging()).as("the naive poller spends the quota by 01:00")
                .isGreaterThan(Duration.ofHours(12));
    }

    // ---- the table -------------------------------------------------------------------------------

    private static void record(Result ours, Result naive) {
        TABLE.add(ours.row());
        TABLE.add(naive.row());
    }

    @AfterAll
    static void print() {
        System.out.println("""

                Simulated day: asleep until 07:30, drive 07:30-08:00, parked 08:00-17:00, drive 17:00-17:30,
                parked, charging 18:00-21:00, parked (and asleep, for Tesla, unless polled) until midnight.
                | vendor | poller | API calls/day | data calls | wake-ups | car awake | USD/day | max data age while charging | busiest minute |
                | --- | --- | --- | --- | --- | --- | --- | --- | --- |""");
        TABLE.stream().sorted().forEach(System.out::println);
    }
}
