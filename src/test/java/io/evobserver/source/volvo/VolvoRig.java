package io.evobserver.source.volvo;

import com.fasterxml.jackson.databind.node.TextNode;
import io.evobserver.auth.OAuthTokens;
import io.evobserver.testing.LoginTerminal;
import io.evobserver.testing.RecordingSelfMetrics;
import io.evobserver.testing.StubServer.Response;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.TempDirs;
import io.evobserver.testing.TestApplication;
import io.evobserver.testing.VendorCloudRig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Volvo cloud on a local stub (API and Volvo ID on one server), a token file and a fake clock. */
final class VolvoRig extends VendorCloudRig {

    static final TestApplication APP = new TestApplication("evobs-test-client", "cs-9f8e7d-SECRET-client",
            "at-initial-SECRET-0001", "rt-initial-SECRET-0001");
    static final String API_KEY = "vcc-5a4b3c-SECRET-apikey";
    static final Instant T0 = Instant.parse("2026-03-14T19:15:00Z");
    static final String TOKEN_PATH = "/as/token.oauth2";

    final RecordingSelfMetrics metrics = new RecordingSelfMetrics();
    /** The fake-clock instant of every API request (not token calls), in order. */
    final List<Instant> requestTimes = new CopyOnWriteArrayList<>();
    final List<String> requestPaths = new CopyOnWriteArrayList<>();

    VolvoRig() {
        this(TempDirs.create("volvo-rig"));
    }

    VolvoRig(Path dir) {
        super("volvo", APP, dir, T0);
    }

    LoginTerminal browserLogin() {
        return browserLogin(TOKEN_PATH, "/as/authorization.oauth2");
    }

    VolvoConfig config(List<String> vins, boolean location) {
        return new VolvoConfig(stub.baseUri(), stub.baseUri(), APP.clientId(), APP.clientSecret(), API_KEY, vins,
                tokenFile, location, VolvoConfig.DEFAULT_REQUESTS_PER_MINUTE);
    }

    VolvoConfig config() {
        return config(List.of(), true);
    }

    VolvoFetcher fetcher() {
        return fetcher(config());
    }

    VolvoFetcher fetcher(VolvoConfig config) {
        return new VolvoFetcher(config, metrics, clock);
    }

    /** A token file as login leaves it: valid for {@code validFor}, obtained {@code age} ago. */
    void tokens(Duration validFor, Duration age, String scope) {
        saveTokens(validFor, scope,
                Map.of(OAuthTokens.REFRESHED_AT, TextNode.valueOf(clock.instant().minus(age).toString())));
    }

    void tokens() {
        tokens(Duration.ofMinutes(5), Duration.ofMinutes(1), null);
    }

    /** Token endpoint answers with a rotated pair {@code at-N}/{@code rt-N} per call. */
    void tokenEndpointRotates() {
        int[] n = {0};
        stub.on("POST", TOKEN_PATH).respondAlways(request -> {
            n[0]++;
            return Response.json(200, "{\"access_token\":\"at-rotated-SECRET-" + n[0] + "\",\"refresh_token\":"
                    + "\"rt-rotated-SECRET-" + n[0] + "\",\"token_type\":\"Bearer\",\"expires_in\":299}");
        });
    }

    void vehicles(String fixture) {
        serve(VolvoEndpoint.VEHICLES_PATH, fixture);
    }

    /** Serves a car's fixtures for ever (recording the fake time of each call). */
    void car(String vin, Map<VolvoEndpoint, String> fixtures) {
        fixtures.forEach((endpoint, file) -> serve(endpoint.path(vin), file));
    }

    void serve(String path, String fixture) {
        serveBytes(path, StubServer.fixtureBytes("volvo/" + fixture));
    }

    void serveBytes(String path, byte[] body) {
        stub.on("GET", path).respondAlways(request -> {
            requestTimes.add(clock.instant());
            requestPaths.add(request.path());
            return Response.bytes(200, "application/json", body);
        });
    }

    int calls(String path) {
        return stub.requests("GET", path).size();
    }

    /** The most calls made in any rolling 60 s of fake time. */
    int busiestMinute() {
        List<Instant> times = new ArrayList<>(requestTimes);
        int most = 0;
        for (int i = 0; i < times.size(); i++) {
            int count = 0;
            for (int j = i; j < times.size() && times.get(j).isBefore(times.get(i).plusSeconds(60)); j++) {
                count++;
            }
            most = Math.max(most, count);
        }
        return most;
    }
}
