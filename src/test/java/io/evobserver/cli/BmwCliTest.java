package io.evobserver.cli;

import static io.evobserver.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BMW wiring of the command line: login, state files, usage errors. */
class BmwCliTest {

    @TempDir
    Path dir;

    @Test
    void loginBmwShowsTheCodeWaitsForApprovalAndWritesTheTokenFile() throws Exception {
        try (StubServer stub = StubServer.start()) {
            // interval 1 s keeps this real-time test short; the pending path is covered in BmwLoginTest
            stub.on("POST", "/gcdm/oauth/device/code").respond(Response.json(200,
                    StubServer.fixture("bmw/device_code.json").replace("\"interval\": 5", "\"interval\": 1")));
            stub.on("POST", "/gcdm/oauth/token").respond(Response.fixture(200, "bmw/token.json"));
            Path file = dir.resolve("bmw-token.json");
            CliRun r = run("login", "bmw", "--bmw-client-id", "c0ffee00-1111-4222-8333-444455556666",
                    "--auth-base-url", stub.baseUri().toString(), "--token-file", file.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("https://customer.bmwgroup.com/oneid/link?user_code=Kq7Rt2Mz")
                    .contains("Kq7Rt2Mz").contains(file.toString()).doesNotContain("Rt9qW3eR5t");
            JsonNode saved = new ObjectMapper().readTree(file.toFile());
            assertThat(saved.path("client_id").asText()).isEqualTo("c0ffee00-1111-4222-8333-444455556666");
        }
    }

    @Test
    void debugLogsOutputAndErrorsCarryNoBmwSecret() throws Exception {
        String access = "at-cli-9d8c7b6a5f4e";
        String refresh = "rt-cli-1a2b3c4d5e6f";
        String idToken = "idt-cli-0f9e8d7c6b5a";
        try (StubServer stub = StubServer.start()) {
            String fresh = StubServer.fixture("bmw/token.json");
            stub.on("POST", "/gcdm/oauth/token").respondAlways(Response.json(200, fresh));
            stub.on("GET", "/customers/vehicles/mappings").respondAlways(Response.fixture(200, "bmw/mappings.json"));
            stub.on("GET", "/customers/containers").respondAlways(Response.json(200, "{\"containers\": []}"));
            stub.on("POST", "/customers/containers").respondAlways(Response.fixture(201, "bmw/container_created.json"));
            // a server that echoes the bearer token back in its error (BMW does not; a proxy might)
            stub.on("GET", "/customers/vehicles/WBA71AW010FT00042/telematicData").respondAlways(r ->
                    Response.json(503, "{\"exveErrorId\":\"CU-503\",\"exveErrorMsg\":\"unavailable\","
                            + "\"authorization\":\"" + r.header("authorization").orElse("") + "\"}"));
            Path tokens = dir.resolve("bmw-token.json");
            Files.writeString(tokens, ("{\"access_token\":\"%s\",\"refresh_token\":\"%s\",\"id_token\":\"%s\","
                    + "\"expires_at\":\"2000-01-01T00:00:00Z\",\"client_id\":\"c\",\"gcid\":\"g\"}")
                    .formatted(access, refresh, idToken));
            java.io.PrintStream realErr = System.err;
            java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
            CliRun r;
            System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                r = run("snapshot", "--vehicle", "bmw", "--log-level", "debug", "--token-file", tokens.toString(),
                        "--api-base-url", stub.baseUri().toString(), "--auth-base-url", stub.baseUri().toString());
            } finally {
                System.setErr(realErr);
            }
            String everything = log.toString(java.nio.charset.StandardCharsets.UTF_8) + r.out() + r.err();
            assertThat(everything).contains("telematicData");
            JsonNode issued = new ObjectMapper().readTree(fresh);
            for (String secret : new String[] {access, refresh, idToken, issued.path("access_token").asText(),
                    issued.path("refresh_token").asText(), issued.path("id_token").asText()}) {
                assertThat(everything).doesNotContain(secret);
            }
        }
    }

    @Test
    void loginBmwWithoutClientIdIsAUsageError() {
        CliRun r = run("login", "bmw", "--token-file", dir.resolve("t.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--bmw-client-id").hasLineCount(1);
    }

    @Test
    void badBudgetIsAUsageError() throws Exception {
        Path tokens = dir.resolve("t.json");
        Files.writeString(tokens, "{\"access_token\":\"a\",\"refresh_token\":\"r\",\"client_id\":\"c\"}");
        CliRun r = run("snapshot", "--vehicle", "bmw", "--token-file", tokens.toString(), "--bmw-daily-calls", "80");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--bmw-daily-calls");
    }

    @Test
    void snapshotOfAStateFile() throws Exception {
        Path state = dir.resolve("state.json");
        Files.writeString(state, StubServer.fixture("bmw/state_file_combustion_unlocked.json"));
        CliRun r = run("snapshot", "--vehicle", "bmw", "--bmw-state-file", state.toString(), "--vin", "WBA8E36080NU00317");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode v = new ObjectMapper().readTree(r.out()).path("sources").get(0).path("vehicles").get(0);
        assertThat(v.path("vehicle.vin").asText()).isEqualTo("WBA8E36080NU00317");
        assertThat(v.path("metrics").path("vehicle.locked").asDouble()).isZero();
        assertThat(v.path("metrics").path("vehicle.fuel.remaining").asDouble()).isEqualTo(38);
    }
}
