package io.evobserver.source.tesla;

import io.evobserver.core.FetchException;
import io.evobserver.core.SelfMetrics;
import io.evobserver.testing.LoginTerminal;
import io.evobserver.testing.RecordingSelfMetrics;
import io.evobserver.testing.StubServer.Response;
import io.evobserver.testing.TempDirs;
import io.evobserver.testing.TestApplication;
import io.evobserver.testing.VendorCloudRig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Tesla cloud on a local stub: one scripted car whose state and data the test changes, a token file, a fake clock. */
final class TeslaRig extends VendorCloudRig {

    static final String VIN = "XP7YGCEK5RB000042";
    static final TestApplication APP = new TestApplication("tesla-test-client-id", "ta-secret-SECRET-client",
            "at-initial-SECRET-0001", "EU_rt-initial-SECRET-0001");
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

    final Metrics metrics = new Metrics();
    /** What the vehicle list says about the car: online, asleep, offline. */
    volatile String state = "online";
    /** What vehicle_data answers while online. */
    volatile String dataFixture = "vehicle_data_parked.json";

    TeslaRig() {
        this(TempDirs.create("tesla-rig"));
    }

    TeslaRig(Path dir) {
        super("tesla", APP, dir, T0);
        stub.on("GET", "/api/1/users/region").respondAlways(Response.json(200,
                "{\"response\":{\"region\":\"eu\",\"fleet_api_base_url\":\"https://fleet-api.prd.eu.vn.cloud.tesla.com\"}}"));
        stub.on("GET", "/api/1/vehicles").respondAlways(request -> Response.json(200,
                "{\"response\":[{\"id\":29846200000000042,\"vin\":\"" + VIN + "\",\"display_name\":\"Blue Lightning\","
                        + "\"state\":\"" + state + "\"}],\"count\":1}"));
        stub.on("GET", DATA_PATH).respondAlways(request -> "online".equals(state)
                ? Response.fixture(200, "tesla/" + dataFixture)
                : Response.fixture(408, "tesla/asleep_408.json"));
    }

    LoginTerminal browserLogin() {
        return browserLogin(TOKEN_PATH, "/oauth2/v3/authorize");
    }

    TeslaConfig config() {
        TeslaConfig d = TeslaConfig.defaults(TeslaConfig.Api.FLEET, "eu", APP.clientId(), APP.clientSecret(),
                tokenFile);
        return new TeslaConfig(d.api(), d.region(), stub.baseUri(), stub.baseUri(), stub.baseUri(), APP.clientId(),
                APP.clientSecret(), List.of(), tokenFile, true, false, 1, d.idle(), d.suspend(), d.activeInterval(),
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
        saveTokens(validFor, null, Map.of());
    }

    int dataCalls() {
        return stub.requests("GET", DATA_PATH).size();
    }

    int listCalls() {
        return stub.requests("GET", "/api/1/vehicles").size();
    }
}
