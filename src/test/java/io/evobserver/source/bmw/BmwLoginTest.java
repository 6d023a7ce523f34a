package io.evobserver.source.bmw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.auth.Pkce;
import io.evobserver.core.FetchException;
import io.evobserver.core.SelfMetrics;
import io.evobserver.testing.MutableClock;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.RecordedRequest;
import io.evobserver.testing.StubServer.Response;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device-code login against a stub that says "pending" twice, then approves. */
class BmwLoginTest {

    private static final String PENDING = """
            { "error": "authorization_pending", "error_description": "The user has not yet completed authorization" }""";

    @TempDir
    Path dir;
    @AutoClose
    private final StubServer stub = StubServer.start();
    private final MutableClock clock = MutableClock.at("2025-06-14T18:30:00Z");

    private BmwLogin login() {
        return new BmwLogin(stub.baseUri(), BmwStub.CLIENT_ID, null, clock, SelfMetrics.NOOP);
    }

    @Test
    void pendingPendingApprovedWritesTheTokenFile() throws Exception {
        stub.on("POST", "/gcdm/oauth/device/code").respond(Response.fixture(200, "bmw/device_code.json"));
        stub.on("POST", "/gcdm/oauth/token")
                .respond(403, PENDING).respond(403, PENDING)
                .respond(Response.fixture(200, "bmw/token.json"));
        List<BmwLogin.Prompt> prompts = new ArrayList<>();
        List<Duration> waits = new ArrayList<>();
        Path file = dir.resolve("sub/bmw-token.json");

        login().login(file, prompts::add, d -> {
            waits.add(d);
            clock.advance(d);
        });

        assertThat(prompts).singleElement().satisfies(p -> {
            assertThat(p.userCode()).isEqualTo("Kq7Rt2Mz");
            assertThat(p.uriToOpen()).isEqualTo(URI.create("https://customer.bmwgroup.com/oneid/link?user_code=Kq7Rt2Mz"));
            assertThat(p.verificationUri()).isEqualTo(URI.create("https://customer.bmwgroup.com/oneid/link"));
            assertThat(p.expiresInSeconds()).isEqualTo(300);
        });
        assertThat(waits).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));

        Map<String, String> start = stub.lastRequest("POST", "/gcdm/oauth/device/code").formParams();
        assertThat(start).containsEntry("client_id", BmwStub.CLIENT_ID).containsEntry("response_type", "device_code")
                .containsEntry("scope", "authenticate_user openid cardata:api:read cardata:streaming:read")
                .containsEntry("code_challenge_method", "S256").containsKey("code_challenge");
        List<RecordedRequest> polls = stub.requests("POST", "/gcdm/oauth/token");
        assertThat(polls).hasSize(3);
        for (RecordedRequest poll : polls) {
            assertThat(poll.formParams())
                    .containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
                    .containsEntry("client_id", BmwStub.CLIENT_ID)
                    .containsEntry("device_code",
                            "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.ZGV2aWNlLWNvZGUtZXhhbXBsZQ.c2lnbmF0dXJl");
            assertThat(Pkce.challengeOf(poll.formParams().get("code_verifier")))
                    .as("the verifier matches the challenge sent first").isEqualTo(start.get("code_challenge"));
        }

        JsonNode saved = new ObjectMapper().readTree(file.toFile());
        assertThat(saved.path("access_token").asText()).isEqualTo(BmwStub.NEW_ACCESS);
        assertThat(saved.path("refresh_token").asText()).isEqualTo(BmwStub.NEW_REFRESH);
        assertThat(saved.path("id_token").asText()).startsWith("eyJ");
        assertThat(saved.path("gcid").asText()).isEqualTo("3f6c1e2a-9b7d-4c51-8e0a-2d4b6f8a1c93");
        assertThat(saved.path("client_id").asText()).isEqualTo(BmwStub.CLIENT_ID);
        assertThat(saved.path("expires_at").asText()).as("1 h access token, counted from approval")
                .isEqualTo("2025-06-14T19:30:14Z");
        assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void aDeniedLoginExplainsBmwsKnownGlitch() {
        stub.on("POST", "/gcdm/oauth/device/code").respond(Response.fixture(200, "bmw/device_code.json"));
        stub.on("POST", "/gcdm/oauth/token").respond(403, "{\"error\": \"access_denied\"}");
        assertThatThrownBy(() -> login().login(dir.resolve("t.json"), p -> { }, clock::advance))
                .isInstanceOf(FetchException.class).hasMessageContaining("private browser window");
        assertThat(dir.resolve("t.json")).doesNotExist();
    }

    @Test
    void anExpiredDeviceCodeSaysStartAgain() {
        stub.on("POST", "/gcdm/oauth/device/code").respond(Response.fixture(200, "bmw/device_code.json"));
        stub.on("POST", "/gcdm/oauth/token").respondAlways(Response.json(403, PENDING));
        assertThatThrownBy(() -> login().login(dir.resolve("t.json"), p -> { }, clock::advance))
                .isInstanceOf(FetchException.class).hasMessageContaining("start the login again");
        assertThat(stub.requests("POST", "/gcdm/oauth/token")).hasSizeBetween(59, 61);
    }

    @Test
    void aWrongClientIdIsReportedWithoutSecrets() {
        stub.on("POST", "/gcdm/oauth/device/code").respond(401,
                "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
        assertThatThrownBy(() -> login().login(dir.resolve("t.json"), p -> { }, clock::advance))
                .isInstanceOf(FetchException.class).hasMessageContaining("invalid_client");
    }
}
