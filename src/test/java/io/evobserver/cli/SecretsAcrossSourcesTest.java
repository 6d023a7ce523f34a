package io.evobserver.cli;

import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, item 5, for the sources on main: each source runs through the real CLI at debug log
 * level, including a failing refresh, and no secret it was given appears in the log, the output
 * (the snapshot JSON carries the attributes metrics get) or the error line.
 * One {@link #sources} entry per source. The vendor entries run {@code run --once --exporter console}
 * (so the metric attributes are printed to stdout and checked too) against a stub that rejects the
 * stored access token once, forcing a refresh mid-run, and whose error bodies echo the credentials
 * back, as real vendors do.
 */
class SecretsAcrossSourcesTest {

    private static final String CHARGY_KEY = "chargy-key-5ecret-77c1";
    private static final String TESLA_VIN = "XP7YGCEK5RB000042";
    private static final String VOLVO_VIN = "YV1XZEFV5R2100042";
    private static final String BMW_VIN = "WBA71AW010FT00042";
    private final StubServer stub = StubServer.start();
    @TempDir
    Path dir;

    record Source(String name, List<String> secrets, String[] args) {
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private List<Source> sources() throws Exception {
        String feed = stub.uri("/feed?API-KEY=" + CHARGY_KEY).toString();
        return List.of(
                new Source("chargy", List.of(CHARGY_KEY), new String[] {"snapshot", "--vehicle", "chargy",
                        "--chargy-url", feed, "--log-level", "debug"}),
                new Source("chargy failing", List.of(CHARGY_KEY), new String[] {"snapshot", "--vehicle", "chargy",
                        "--chargy-url", feed, "--log-level", "debug"}),
                new Source("demo", List.of(), new String[] {"snapshot", "--vehicle", "demo", "--log-level", "debug"}),
                tesla(), volvo(), bmw());
    }

    private String[] vendorRun(String vendor, Path tokenFile, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--vehicle", vendor, "--once", "--exporter", "console",
                "--log-level", "debug", "--api-base-url", stub.baseUri().toString(),
                "--auth-base-url", stub.baseUri().toString(), "--token-file", tokenFile.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private Path tokenFile(String vendor, String json) throws Exception {
        Path file = dir.resolve(vendor + "-token.json");
        Files.writeString(file, json);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static String storedTokens(String access, String refresh, String extra) {
        return "{\"access_token\":\"" + access + "\",\"refresh_token\":\"" + refresh + "\",\"token_type\":\"Bearer\","
                + "\"expires_at\":\"" + Instant.now().plusSeconds(3000) + "\"" + extra + "}";
    }

    private static String issuedTokens(String access, String refresh) {
        return "{\"access_token\":\"" + access + "\",\"refresh_token\":\"" + refresh
                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"id_token\":\"" + access + "-id\"}";
    }

    /**
     * A 401 whose body quotes the rejected Authorization header (some gateways do). Not the other
     * headers: a body naming Volvo's API key header means "bad API key" there, which is not refreshed.
     */
    private static Response unauthorizedEcho(StubServer.RecordedRequest request) {
        return Response.json(401, "{\"error\":\"invalid_token\",\"error_description\":\"expired: "
                + request.header("Authorization").orElse("") + "\"}");
    }

    private Source tesla() throws Exception {
        String old = "tesla-access-OLD-7f3a91", oldRefresh = "tesla-refresh-OLD-c4d2e8";
        String access = "tesla-access-NEW-5b8e02", refresh = "tesla-refresh-NEW-a91f37";
        String secret = "tesla-client-secret-e6c0d4";
        stub.on("GET", "/api/1/vehicles").respond(SecretsAcrossSourcesTest::unauthorizedEcho)
                .respondAlways(Response.json(200, "{\"response\":[{\"id\":1,\"vin\":\"" + TESLA_VIN
                        + "\",\"display_name\":\"Blue\",\"state\":\"online\"}],\"count\":1}"));
        stub.on("GET", "/api/1/vehicles/" + TESLA_VIN + "/vehicle_data")
                .respondAlways(Response.fixture(200, "tesla/vehicle_data_charging.json"));
        stub.on("POST", "/oauth2/v3/token").respondAlways(Response.json(200, issuedTokens(access, refresh)));
        Path file = tokenFile("tesla", storedTokens(old, oldRefresh, ""));
        return new Source("tesla", List.of(old, oldRefresh, access, refresh, access + "-id", secret),
                vendorRun("tesla", file, "--tesla-client-id", "tesla-cid", "--tesla-client-secret", secret,
                        "--tesla-region", "eu"));
    }

    private Source volvo() throws Exception {
        String old = "volvo-access-OLD-2c9e14", oldRefresh = "volvo-refresh-OLD-8d0b63";
        String access = "volvo-access-NEW-f47a20", refresh = "volvo-refresh-NEW-19ce5d";
        String secret = "volvo-client-secret-3b7f88", apiKey = "volvo-vcc-api-key-d05e6a";
        stub.on("GET", "/connected-vehicle/v2/vehicles").respond(SecretsAcrossSourcesTest::unauthorizedEcho)
                .respondAlways(Response.fixture(200, "volvo/vehicles_one_ev.json"));
        String cv = "/connected-vehicle/v2/vehicles/" + VOLVO_VIN;
        stub.on("GET", cv).respondAlways(Response.fixture(200, "volvo/ev_details.json"));
        stub.on("GET", cv + "/doors").respondAlways(Response.fixture(200, "volvo/ev_doors_locked_tailgate_ajar.json"));
        stub.on("GET", cv + "/odometer").respondAlways(Response.fixture(200, "volvo/ev_odometer.json"));
        stub.on("GET", "/energy/v2/vehicles/" + VOLVO_VIN + "/state")
                .respondAlways(Response.fixture(200, "volvo/ev_energy_state_charging_ac.json"));
        stub.on("GET", "/location/v1/vehicles/" + VOLVO_VIN + "/location")
                .respondAlways(Response.fixture(200, "volvo/ev_location.json"));
        // everything else: a 500 that echoes the request's headers (the API key among them)
        stub.defaultResponse(Response.json(500, "{\"error\":\"boom for key " + apiKey + "\"}"));
        stub.on("POST", "/as/token.oauth2").respondAlways(Response.json(200, issuedTokens(access, refresh)));
        Path file = tokenFile("volvo", storedTokens(old, oldRefresh,
                ",\"refreshed_at\":\"" + Instant.now() + "\""));
        return new Source("volvo", List.of(old, oldRefresh, access, refresh, access + "-id", secret, apiKey),
                vendorRun("volvo", file, "--volvo-client-id", "volvo-cid", "--volvo-client-secret", secret,
                        "--volvo-api-key", apiKey));
    }

    private Source bmw() throws Exception {
        String old = "bmw-access-OLD-6e2d90", oldRefresh = "bmw-refresh-OLD-b3a571";
        String access = "bmw-access-NEW-0f8c4e", refresh = "bmw-refresh-NEW-72d9b1";
        stub.on("GET", "/customers/vehicles/mappings").respond(SecretsAcrossSourcesTest::unauthorizedEcho)
                .respondAlways(Response.fixture(200, "bmw/mappings.json"));
        stub.on("GET", "/customers/containers").respondAlways(Response.json(200, "{\"containers\": []}"));
        stub.on("POST", "/customers/containers").respondAlways(Response.fixture(201, "bmw/container_created.json"));
        stub.on("GET", "/customers/vehicles/" + BMW_VIN + "/basicData")
                .respondAlways(Response.fixture(200, "bmw/basic_data_i4.json"));
        stub.on("GET", "/customers/vehicles/" + BMW_VIN + "/telematicData")
                .respondAlways(Response.fixture(200, "bmw/telematic_data_ev_charging.json"));
        stub.on("POST", "/gcdm/oauth/token").respondAlways(Response.json(200, issuedTokens(access, refresh)));
        Path file = tokenFile("bmw", storedTokens(old, oldRefresh, ",\"client_id\":\"c0ffee00-1111-4222-8333-"
                + "444455556666\",\"gcid\":\"3f6c1e2a-9b7d-4c51-8e0a-2d4b6f8a1c93\""));
        return new Source("bmw", List.of(old, oldRefresh, access, refresh, access + "-id"), vendorRun("bmw", file));
    }

    @Test
    void noSourceLeaksItsSecretsIntoLogsOutputOrErrors() throws Exception {
        var route = stub.on("GET", "/feed");
        route.respond(StubServer.Response.bytes(200, "application/vnd.google-earth.kml+xml",
                StubServer.fixtureBytes("chargy/feed_three_stations.kml")));
        route.respond(StubServer.Response.text(500, "text/html",
                "<html>error for key " + CHARGY_KEY + "</html>")); // a server echoing the key back
        List<String> checked = new ArrayList<>();
        for (Source source : sources()) {
            PrintStream realErr = System.err;
            PrintStream realOut = System.out;
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            ByteArrayOutputStream console = new ByteArrayOutputStream(); // the console exporter's metrics
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit;
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            try {
                exit = Main.execute(source.args(), new PrintWriter(out, true), new PrintWriter(err, true));
            } finally {
                System.setErr(realErr);
                System.setOut(realOut);
            }
            String everything = log.toString(StandardCharsets.UTF_8) + console.toString(StandardCharsets.UTF_8)
                    + out + err;
            if (source.args()[0].equals("run")) {
                assertThat(console.toString(StandardCharsets.UTF_8)).as(source.name() + ": metrics with attributes "
                        + "were printed, so they were checked").contains("vehicle.battery.level", "vehicle.vin");
            }
            assertThat(everything).as(source.name() + " logged something at debug level").isNotBlank();
            for (String secret : source.secrets()) {
                assertThat(everything).as(source.name() + " (exit " + exit + ")").doesNotContain(secret);
            }
            checked.add(source.name() + "=" + exit);
        }
        assertThat(checked).hasSize(6);
        assertThat(stub.requests("GET", "/feed")).hasSize(2);
        for (String[] refreshed : new String[][] {{"/api/1/vehicles", "tesla-access-OLD-7f3a91",
                "tesla-access-NEW-5b8e02"}, {"/connected-vehicle/v2/vehicles", "volvo-access-OLD-2c9e14",
                "volvo-access-NEW-f47a20"}}) {
            // the secrets were really in play: the stored token was sent, rejected, and replaced mid-run
            assertThat(stub.requests("GET", refreshed[0])).extracting(r -> r.header("Authorization").orElse(""))
                    .as(refreshed[0]).containsExactly("Bearer " + refreshed[1], "Bearer " + refreshed[2]);
        }
        // Tesla's refresh grant carries client_id only; the secret is given (and must not leak) all the same
        assertThat(stub.requests("POST", "/oauth2/v3/token")).singleElement().satisfies(r -> assertThat(
                r.bodyText()).contains("tesla-refresh-OLD-c4d2e8"));
        // bmw refreshes its stored token before the first call, then once more on the 401
        assertThat(stub.requests("GET", "/customers/vehicles/mappings")).hasSize(2);
        assertThat(stub.requests("POST", "/gcdm/oauth/token")).hasSizeGreaterThanOrEqualTo(1)
                .first().satisfies(r -> assertThat(r.bodyText()).contains("bmw-refresh-OLD-b3a571"));
        assertThat(stub.lastRequest("GET", "/connected-vehicle/v2/vehicles").header("vcc-api-key"))
                .hasValue("volvo-vcc-api-key-d05e6a");
        assertThat(checked).contains("tesla=0", "volvo=0", "bmw=0");
    }
}
