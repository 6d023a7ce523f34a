package io.evobserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evobserver.auth.OAuthClient.ClientAuthentication;
import io.evobserver.auth.OAuthClient.TokenRequest;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.testing.MutableClock;
import io.evobserver.testing.RecordingSelfMetrics;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OAuthClientTest {

    private static final String TOKEN_PATH = "/oauth2/v3/token";
    private static final String TOKENS = """
            {"access_token":"new-at","refresh_token":"new-rt","id_token":"idt","token_type":"Bearer",
             "expires_in":28800,"scope":"openid offline_access"}""";

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final RecordingSelfMetrics metrics = new RecordingSelfMetrics();
    private StubServer stub;

    @BeforeEach
    void startStub() {
        stub = StubServer.start();
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    private OAuthClient.Builder builder(String vendor, String clientId) {
        return OAuthClient.builder(vendor, stub.uri(TOKEN_PATH), clientId).clock(clock).selfMetrics(metrics);
    }

    @Test
    void teslaStyleCodeExchangeIsAPublicClientWithAudienceAndVerifier() throws Exception {
        stub.on("POST", TOKEN_PATH).respond(200, TOKENS);
        OAuthClient tesla = builder("tesla", "my-app")
                .extraParam(TokenRequest.AUTHORIZATION_CODE, "audience", "https://fleet-api.prd.eu.vn.cloud.tesla.com")
                .build();

        OAuthTokens tokens = tesla.exchangeCode("the-code", "https://example.org/cb", "the-verifier");

        Map<String, String> form = stub.lastRequest("POST", TOKEN_PATH).formParams();
        assertThat(form).containsEntry("grant_type", "authorization_code").containsEntry("client_id", "my-app")
                .containsEntry("code", "the-code").containsEntry("redirect_uri", "https://example.org/cb")
                .containsEntry("code_verifier", "the-verifier")
                .containsEntry("audience", "https://fleet-api.prd.eu.vn.cloud.tesla.com")
                .doesNotContainKey("client_secret");
        assertThat(stub.lastRequest("POST", TOKEN_PATH).header("content-type"))
                .contains("application/x-www-form-urlencoded");
        assertThat(tokens.accessToken()).isEqualTo("new-at");
        assertThat(tokens.refreshToken()).isEqualTo("new-rt");
        assertThat(tokens.expiresAt()).isEqualTo(clock.instant().plusSeconds(28800));
        assertThat(tokens.extraText("id_token")).contains("idt");
        assertThat(metrics.apiCalls()).extracting(RecordingSelfMetrics.ApiCall::endpoint).containsExactly(TOKEN_PATH);
    }

    @Test
    void volvoStyleSendsTheSecretAsHttpBasicOnly() throws Exception {
        stub.on("POST", TOKEN_PATH).respond(200, TOKENS);
        OAuthClient volvo = builder("volvo", "volvo-client").clientSecret("volvo-secret", ClientAuthentication.BASIC).build();

        volvo.refresh("old-rt");

        StubServer.RecordedRequest request = stub.lastRequest("POST", TOKEN_PATH);
        String expected = Base64.getEncoder().encodeToString("volvo-client:volvo-secret".getBytes(StandardCharsets.UTF_8));
        assertThat(request.header("authorization")).contains("Basic " + expected);
        assertThat(request.formParams()).containsOnlyKeys("grant_type", "refresh_token")
                .containsEntry("refresh_token", "old-rt");
    }

    @Test
    void secretInFormIsSentWithTheClientId() throws Exception {
        stub.on("POST", TOKEN_PATH).respond(200, TOKENS);
        OAuthClient client = builder("tesla", "id").clientSecret("s3cret", ClientAuthentication.SECRET_IN_FORM)
                .extraParam("audience", "https://aud").build();

        client.refresh("rt");

        assertThat(stub.lastRequest("POST", TOKEN_PATH).formParams()).containsEntry("client_id", "id")
                .containsEntry("client_secret", "s3cret").containsEntry("audience", "https://aud");
        assertThat(stub.lastRequest("POST", TOKEN_PATH).header("authorization")).isEmpty();
    }

    @Test
    void refreshKeepsTheOldRefreshTokenWhenNoneComesBack() throws Exception {
        stub.on("POST", TOKEN_PATH).respond(200, "{\"access_token\":\"at2\",\"expires_in\":300}");
        OAuthTokens current = new OAuthTokens("at1", "rt1", clock.instant(), "Bearer", "openid");

        OAuthTokens refreshed = builder("tesla", "ownerapi").build().refresh(current);

        assertThat(refreshed.accessToken()).isEqualTo("at2");
        assertThat(refreshed.refreshToken()).isEqualTo("rt1");
        assertThat(refreshed.scope()).isEqualTo("openid");
    }

    @Test
    void rejectedRefreshNeedsLoginAndNamesNoSecret() {
        stub.on("POST", TOKEN_PATH)
                .respond(400, "{\"error\":\"invalid_grant\",\"error_description\":\"unknown, invalid, or expired refresh token\"}")
                .respond(401, "{\"error\":\"login_required\",\"error_description\":\"Login required for rt-SECRET\"}");
        OAuthClient client = builder("volvo", "cid").clientSecret("cs-SECRET", ClientAuthentication.BASIC).build();

        assertThatThrownBy(() -> client.refresh("rt-SECRET"))
                .isInstanceOf(LoginRequiredException.class)
                .hasMessageContaining("invalid_grant").hasMessageContaining("ev-observer login volvo")
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> client.refresh("rt-SECRET"))
                .isInstanceOf(LoginRequiredException.class)
                .hasMessageContaining("login_required").hasMessageNotContaining("SECRET");
    }

    @Test
    void tokenEndpointRateLimitAndOutageAreRetryable() {
        stub.on("POST", TOKEN_PATH).respond(Response.json(429, "{}").withHeader("Retry-After", "120"))
                .respond(Response.text(503, "text/html", "<h1>down</h1>"));
        OAuthClient client = builder("tesla", "id").build();

        assertThatThrownBy(() -> client.refresh("rt")).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e).isNotInstanceOf(LoginRequiredException.class);
            assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofMinutes(2));
        });
        assertThatThrownBy(() -> client.refresh("rt")).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
    }

    @Test
    void nonJsonOrTokenlessAnswersAreParseErrors() {
        stub.on("POST", TOKEN_PATH).respond(200, "{\"access_token\":").respond(200, "{\"token_type\":\"Bearer\"}");
        OAuthClient client = builder("tesla", "id").build();

        assertThatThrownBy(() -> client.refresh("rt")).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.PARSE));
        assertThatThrownBy(() -> client.refresh("rt")).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.PARSE)).hasMessageContaining("no access_token");
    }

    @Test
    void codeExchangeRejectionIsAnAuthError() {
        stub.on("POST", TOKEN_PATH).respond(400, "{\"error\":\"invalid_auth_code\"}");

        assertThatThrownBy(() -> builder("tesla", "id").build().exchangeCode("c0de-SECRET", "https://r", null))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e).isNotInstanceOf(LoginRequiredException.class);
                    assertThat(e.reason()).isEqualTo(Reason.AUTH);
                })
                .hasMessageContaining("invalid_auth_code").hasMessageNotContaining("SECRET");
    }

    @Test
    void bmwDeviceFlowPollsThroughPendingAnswersToTokens() throws Exception {
        stub.on("POST", "/gcdm/oauth/device/code").respond(200, """
                {"user_code":"Kq7Rt2Mz","device_code":"dev-code","interval":5,
                 "verification_uri":"https://customer.bmwgroup.com/oneid/link",
                 "verification_uri_complete":"https://customer.bmwgroup.com/oneid/link?user_code=Kq7Rt2Mz",
                 "expires_in":300}""");
        stub.on("POST", TOKEN_PATH)
                .respond(403, "{\"error\":\"authorization_pending\",\"error_description\":\"not yet\"}")
                .respond(400, "{\"error\":\"authorization_pending\"}")
                .respond(200, TOKENS);
        OAuthClient bmw = builder("bmw", "bmw-client")
                .extraParam(TokenRequest.DEVICE_AUTHORIZATION, "response_type", "device_code").build();
        Pkce pkce = Pkce.generate();

        DeviceAuthorization device = bmw.startDeviceAuthorization(stub.uri("/gcdm/oauth/device/code"),
                "authenticate_user openid cardata:api:read", pkce);

        assertThat(device.userCode()).isEqualTo("Kq7Rt2Mz");
        assertThat(device.uriToShow()).isEqualTo(URI.create("https://customer.bmwgroup.com/oneid/link?user_code=Kq7Rt2Mz"));
        assertThat(device.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(device.expiresAt()).isEqualTo(clock.instant().plusSeconds(300));
        assertThat(device.toString()).doesNotContain("dev-code");
        assertThat(stub.lastRequest("POST", "/gcdm/oauth/device/code").formParams())
                .containsEntry("client_id", "bmw-client").containsEntry("response_type", "device_code")
                .containsEntry("code_challenge", pkce.challenge()).containsEntry("code_challenge_method", "S256")
                .containsEntry("scope", "authenticate_user openid cardata:api:read");

        assertThat(bmw.pollDeviceToken(device, pkce)).as("BMW 403 pending").isEmpty();
        assertThat(bmw.pollDeviceToken(device, pkce)).as("RFC 8628 400 pending").isEmpty();
        assertThat(bmw.pollDeviceToken(device, pkce)).hasValueSatisfying(t -> assertThat(t.accessToken()).isEqualTo("new-at"));
        assertThat(stub.lastRequest("POST", TOKEN_PATH).formParams())
                .containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
                .containsEntry("device_code", "dev-code").containsEntry("code_verifier", pkce.verifier())
                .containsEntry("client_id", "bmw-client").doesNotContainKey("response_type");
    }

    @Test
    void deniedDeviceLoginIsAnAuthError() {
        stub.on("POST", TOKEN_PATH).respond(403, "{\"error\":\"access_denied\",\"error_description\":\"User denied\"}")
                .respond(401, "{\"error\":\"expired_token\"}");
        OAuthClient bmw = builder("bmw", "c").build();
        DeviceAuthorization device = device(300);

        assertThatThrownBy(() -> bmw.pollDeviceToken(device, null)).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.AUTH)).hasMessageContaining("denied");
        assertThatThrownBy(() -> bmw.pollDeviceToken(device, null)).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.AUTH)).hasMessageContaining("expired");
    }

    @Test
    void awaitDeviceTokenWaitsTheIntervalSlowsDownAndSurvivesAGlitch() throws Exception {
        stub.on("POST", TOKEN_PATH)
                .respond(400, "{\"error\":\"slow_down\"}")
                .respond(500, "{}")
                .respond(403, "{\"error\":\"authorization_pending\"}")
                .respond(200, TOKENS);
        List<Duration> waits = new ArrayList<>();
        OAuthClient.Sleeper sleeper = d -> {
            waits.add(d);
            clock.advance(d);
        };

        OAuthTokens tokens = builder("bmw", "c").build().awaitDeviceToken(device(300), null, sleeper);

        assertThat(tokens.accessToken()).isEqualTo("new-at");
        assertThat(waits).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(10));
    }

    @Test
    void awaitDeviceTokenGivesUpWhenTheCodeExpires() {
        stub.on("POST", TOKEN_PATH).respondAlways(Response.json(403, "{\"error\":\"authorization_pending\"}"));

        assertThatThrownBy(() -> builder("bmw", "c").build().awaitDeviceToken(device(12), null, clock::advance))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUTH))
                .hasMessageContaining("expired");
        assertThat(stub.requests("POST", TOKEN_PATH)).hasSize(3);
    }

    private DeviceAuthorization device(long expiresInSeconds) {
        return new DeviceAuthorization("dev-code", "U1", URI.create("https://example.org/link"), null,
                Duration.ofSeconds(5), clock.instant().plusSeconds(expiresInSeconds));
    }
}
