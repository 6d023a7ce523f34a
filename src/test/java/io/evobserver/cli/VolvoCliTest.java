package io.evobserver.cli;

import static io.evobserver.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.RecordedRequest;
import io.evobserver.testing.StubServer.Response;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --vehicle volvo} and {@code login volvo} through the real command line, against a stub. */
class VolvoCliTest {

    private static final String VIN = "YV1XZEFV5R2100042";
    private static final String REDIRECT = "https://example.org/volvo-cb";

    @TempDir
    Path dir;
    private final StubServer stub = StubServer.start();

    @AfterEach
    void stop() {
        stub.close();
    }

    private String[] volvo(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--volvo-client-id", "cid", "--volvo-client-secret", "csecret-XYZ",
                "--volvo-api-key", "apikey-XYZ", "--api-base-url", stub.baseUri().toString(),
                "--auth-base-url", stub.baseUri().toString(), "--token-file", dir.resolve("volvo.json").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private void serveCar() {
        stub.on("GET", "/connected-vehicle/v2/vehicles").respondAlways(Response.fixture(200, "volvo/vehicles_one_ev.json"));
        String car = "/connected-vehicle/v2/vehicles/" + VIN;
        stub.on("GET", car).respondAlways(Response.fixture(200, "volvo/ev_details.json"));
        stub.on("GET", car + "/doors").respondAlways(Response.fixture(200, "volvo/ev_doors_locked_tailgate_ajar.json"));
        stub.on("GET", "/energy/v2/vehicles/" + VIN + "/state")
                .respondAlways(Response.fixture(200, "volvo/ev_energy_state_charging_ac.json"));
    }

    @Test
    void missingCredentialsAreAUsageErrorNamingTheOption() {
        CliRun r = run("snapshot", "--vehicle", "volvo", "--token-file", dir.resolve("t.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("--volvo-client-id");
        CliRun badUrl = run(volvo("snapshot --vehicle volvo", "--api-base-url", "api.volvocars.com"));
        assertThat(badUrl.code()).isEqualTo(2);
        assertThat(badUrl.err()).contains("--api-base-url");
    }

    @Test
    void missingTokenFileAsksForLogin() {
        CliRun r = run(volvo("run --vehicle volvo --once --exporter none"));
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("ev-observer login volvo");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void loginWithPastedRedirectThenSnapshot() throws Exception {
        stub.on("POST", "/as/token.oauth2").respondAlways(Response.fixture(200, "volvo/token_response.json"));
        serveCar();
        StringWriter out = new StringWriter();
        InputStream previous = System.in;
        System.setIn(pasting(out));
        CliRun login;
        try {
            login = run(out, volvo("login volvo", "--volvo-redirect-uri", REDIRECT, "--volvo-no-location"));
        } finally {
            System.setIn(previous);
        }
        assertThat(login.code()).as(login.err() + login.out()).isZero();
        assertThat(login.out()).contains("Signed in", "1 vehicle(s)").doesNotContain("csecret-XYZ", "apikey-XYZ");
        RecordedRequest exchange = stub.lastRequest("POST", "/as/token.oauth2");
        assertThat(exchange.formParams()).containsEntry("code", "pasted-code").containsEntry("redirect_uri", REDIRECT);
        assertThat(Files.readString(dir.resolve("volvo.json"))).contains("eyJ-access-ONE").doesNotContain("location:read");

        CliRun snap = run(volvo("snapshot --vehicle volvo"));
        assertThat(snap.code()).as(snap.err()).isZero();
        JsonNode vehicle = new ObjectMapper().readTree(snap.out()).path("sources").get(0).path("vehicles").get(0);
        assertThat(vehicle.path("vehicle.vin").asText()).isEqualTo(VIN);
        assertThat(vehicle.path("vehicle.brand").asText()).isEqualTo("volvo");
        assertThat(vehicle.path("metrics").path("vehicle.battery.level").asDouble()).isEqualTo(64.0);
        assertThat(stub.requests("GET", "/location/v1/vehicles/" + VIN + "/location")).isEmpty();
        assertThat(stub.lastRequest("GET", "/connected-vehicle/v2/vehicles").header("vcc-api-key")).contains("apikey-XYZ");
    }

    @Test
    void loginNeedsARedirectUri() {
        CliRun r = run(volvo("login volvo"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--volvo-redirect-uri");
    }

    /** stdin that "pastes" the redirect once the authorize URL (with its state) has been printed. */
    private static InputStream pasting(StringWriter printed) {
        return new InputStream() {
            private ByteArrayInputStream answer;

            @Override
            public int read() {
                if (answer == null) {
                    Matcher m = Pattern.compile("[?&]state=([^&\\s]+)").matcher(printed.toString());
                    String state = m.find() ? m.group(1) : "missing";
                    answer = new ByteArrayInputStream((REDIRECT + "?code=pasted-code&state=" + state + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
                return answer.read();
            }
        };
    }

}
