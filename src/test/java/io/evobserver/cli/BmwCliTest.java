package io.evobserver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BMW wiring of the command line: login, state files, usage errors. */
class BmwCliTest {

    private record Run(int code, String out, String err) {
    }

    @TempDir
    Path dir;

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void loginBmwShowsTheCodeWaitsForApprovalAndWritesTheTokenFile() throws Exception {
        try (StubServer stub = StubServer.start()) {
            // interval 1 s keeps this real-time test short; the pending path is covered in BmwLoginTest
            stub.on("POST", "/gcdm/oauth/device/code").respond(Response.json(200,
                    StubServer.fixture("bmw/device_code.json").replace("\"interval\": 5", "\"interval\": 1")));
            stub.on("POST", "/gcdm/oauth/token").respond(Response.fixture(200, "bmw/token.json"));
            Path file = dir.resolve("bmw-token.json");
            Run r = run("login", "bmw", "--bmw-client-id", "c0ffee00-1111-4222-8333-444455556666",
                    "--auth-base-url", stub.baseUri().toString(), "--token-file", file.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("https://customer.bmwgroup.com/oneid/link?user_code=Kq7Rt2Mz")
                    .contains("Kq7Rt2Mz").contains(file.toString()).doesNotContain("Rt9qW3eR5t");
            JsonNode saved = new ObjectMapper().readTree(file.toFile());
            assertThat(saved.path("client_id").asText()).isEqualTo("c0ffee00-1111-4222-8333-444455556666");
        }
    }

    @Test
    void loginBmwWithoutClientIdIsAUsageError() {
        Run r = run("login", "bmw", "--token-file", dir.resolve("t.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--bmw-client-id").hasLineCount(1);
    }

    @Test
    void runWithoutTokenFileAsksForLogin() {
        Run r = run("snapshot", "--vehicle", "bmw", "--token-file", dir.resolve("none.json").toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("ev-observer login bmw");
    }

    @Test
    void badBudgetIsAUsageError() throws Exception {
        Path tokens = dir.resolve("t.json");
        Files.writeString(tokens, "{\"access_token\":\"a\",\"refresh_token\":\"r\",\"client_id\":\"c\"}");
        Run r = run("snapshot", "--vehicle", "bmw", "--token-file", tokens.toString(), "--bmw-daily-calls", "80");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--bmw-daily-calls");
    }

    @Test
    void snapshotOfAStateFile() throws Exception {
        Path state = dir.resolve("state.json");
        Files.writeString(state, StubServer.fixture("bmw/state_file_combustion_unlocked.json"));
        Run r = run("snapshot", "--vehicle", "bmw", "--bmw-state-file", state.toString(), "--vin", "WBA8E36080NU00317");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode v = new ObjectMapper().readTree(r.out()).path("sources").get(0).path("vehicles").get(0);
        assertThat(v.path("vehicle.vin").asText()).isEqualTo("WBA8E36080NU00317");
        assertThat(v.path("metrics").path("vehicle.locked").asDouble()).isZero();
        assertThat(v.path("metrics").path("vehicle.fuel.remaining").asDouble()).isEqualTo(38);
    }
}
