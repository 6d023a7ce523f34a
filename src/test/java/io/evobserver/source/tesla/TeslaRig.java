package io.evobserver.source.tesla;

import io.evobserver.auth.OAuthTokens;
import io.evobserver.auth.TokenStore;
import io.evobserver.core.FetchException;
import io.evobserver.core.SelfMetrics;
import io.evobserver.testing.MutableClock;
import io.evobserver.testing.RecordingSelfMetrics;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Tesla cloud on a local stub: one scripted car whose state and data the test changes, a token file, a fake clock. */
final class TeslaRig implements AutoCloseable {

    static final String VIN = "XP7YGCEK5RB000042";
    static final String CLIENT_ID = "tesla-test-client-id";
    static final String CLIENT_SECRET = "ta-secret-SECRET-client";
    static final String ACCESS = "at-initial-SECRET-0001";
    static final String REFRESH = "EU_rt-initial-SECRET-0001";
    static final Instant T0 = Instant.parse("2026-09-14T08:00:00Z");
    static final String TOKEN_PATH = "/oauth2/v3/token";
    static final String DATA_PATH = "/api/1/vehicles/" + VIN + "/vehicle_data";

    /** Records costs and wakes, delegating the rest. */
    static final class Metrics implements SelfMetrics {
        final RecordingSelfMetrics recording = new RecordingSelfMetrics();
        final List<String> costs = new CopyOnWriteArrayList<>();
        final List<Double> usd = new CopyOnWriteArrayList<>();
        int wakeups;

        @Override
        public void apiRequest(String vendor, String endpoint, String status, Duration duration) {
            recording.apiRequest(vendor, endpoint, status, duration);
        }

        @Override
        public void refreshError(String vendor, FetchException.Reason reason) {
            recording.refreshError(vendor, reason);
        }

        @Override
        public void wakeup(String vendor) {
            wakeups++;
        }

        @Override
        public void apiCost(String vendor, String endpoint, double amount) {
            costs.add(endpoint);
            usd.add(amount);
        }

        double total() {
            return usd.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    final StubServer stub = StubServer.start();
    final MutableClock clock = new MutableClock(T0);
    final Metrics metrics = new Metrics();
    final Path tokenFile;
    /** What the vehicle list says about the car: online, asleep, offline. */
    volatile String state = "online";
    /** What vehicle_data answers while online. */
    volatile String dataFixture = "vehicle_data_parked.json";

    TeslaRig(Path dir) {
        this.tokenFile = dir.resolve("tesla-token.json");
        stub.on("GET", "/api/1/vehicles").respondAlways(request -> Response.json(200,
                "{\"response\":[{\"id\":29846200000000042,\"vin\":\"" + VIN + "\",\"display_name\":\"Blue Lightning\","
                        + "\"state\":\"" + state + "\"}],\"count\":1}"));
        stub.on("GET", DATA_PATH).respondAlways(request -> "online".equals(state)
                ? Response.fixture(200, "tesla/" + dataFixture)
                : Response.fixture(408, "tesla/asleep_408.json"));
    }

    TeslaConfig config() {
        TeslaConfig d = TeslaConfig.defaults(TeslaConfig.Api.FLEET, "eu", CLIENT_ID, CLIENT_SECRET, tokenFile);
        return new TeslaConfig(d.api(), d.region(), stub.baseUri(), stub.baseUri(), stub.baseUri(), CLIENT_ID,
                CLIENT_SECRET, List.of(), tokenFile, true, false, 1, d.idle(), d.suspend(), d.activeInterval(),
                d.idleInterval(), d.checkInterval(), d.dataPrice(), d.wakePrice(), 0.0);
    }

    TeslaConfig wakingConfig(int perDay) {
        TeslaConfig c = config();
        return new TeslaConfig(c.api(), c.region(), c.apiBaseUrl(), c.authBaseUrl(), c.tokenBaseUrl(), c.clientId(),
                c.clientSecret(), c.vins(), c.tokenFile(), true, true, perDay, c.idle(), c.suspend(), c.activeInterval(),
                c.idleInterval(), c.checkInterval(), c.dataPrice(), c.wakePrice(), 0.0);
    }

    TeslaFetcher fetcher() {
        return fetcher(config());
    }

    TeslaFetcher fetcher(TeslaConfig config) {
        return new TeslaFetcher(config, metrics, clock);
    }

    void tokens(Duration validFor) {
        OAuthTokens tokens = new OAuthTokens(ACCESS, REFRESH, clock.instant().plus(validFor), "Bearer", null,
                Map.of());
        try {
            new TokenStore("tesla", tokenFile).save(tokens);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    OAuthTokens storedTokens() throws Exception {
        return new TokenStore("tesla", tokenFile).load().orElseThrow();
    }

    int dataCalls() {
        return stub.requests("GET", DATA_PATH).size();
    }

    int listCalls() {
        return stub.requests("GET", "/api/1/vehicles").size();
    }

    @Override
    public void close() {
        stub.close();
    }
}
