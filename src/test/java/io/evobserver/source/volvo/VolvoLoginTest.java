package io.evobserver.source.volvo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.evobserver.auth.OAuthTokens;
import io.evobserver.auth.Pkce;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.FetchException;
import io.evobserver.testing.LoginTerminal;
import io.evobserver.testing.StubServer.RecordedRequest;
import io.evobserver.testing.StubServer.Response;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VolvoLoginTest {

    static final String REDIRECT = "https://my-tunnel.example.net/volvo/callback";

    @AutoClose
    final VolvoRig rig = new VolvoRig();
    final LoginTerminal terminal = rig.browserLogin();

    @BeforeEach
    void listTwoCars() {
        rig.vehicles("vehicles_two.json");
    }

    private VolvoLogin login() {
        return new VolvoLogin(rig.config(), rig.metrics, rig.clock);
    }

    @Test
    void pastedRedirectUrlIsExchangedWithPkceAndBasicAuthAndSavedPrivately() throws Exception {
        int vehicles = login().login(new VolvoLogin.Request(REDIRECT, VolvoLogin.defaultScopes(true), null),
                terminal.pasting(p -> REDIRECT + "?code=auth-code-SECRET-77&state=" + p.get("state")),
                terminal.out());

        Map<String, String> params = terminal.authorizeParams();
        assertThat(params).containsEntry("response_type", "code").containsEntry("client_id", VolvoRig.APP.clientId())
                .containsEntry("redirect_uri", REDIRECT).containsEntry("code_challenge_method", "S256");
        assertThat(params.get("scope").split(" ")).startsWith("openid")
                .contains("conve:doors_status", "conve:lock_status", "conve:windows_status", "conve:odometer_status",
                        "conve:fuel_status", "conve:trip_statistics", "conve:tyre_status", "conve:warnings",
                        "conve:engine_status", "conve:diagnostics_workshop", "conve:vehicle_relation",
                        "energy:state:read", "location:read", "conve:command_accessibility", "conve:brake_status",
                        "conve:diagnostics_engine_status");
        assertThat(terminal.printed()).contains("http://127.0.0.1:" + rig.stub.port() + "/as/authorization.oauth2?");

        RecordedRequest exchange = rig.stub.lastRequest("POST", VolvoRig.TOKEN_PATH);
        assertThat(exchange.formParams()).containsEntry("grant_type", "authorization_code")
                .containsEntry("code", "auth-code-SECRET-77").containsEntry("redirect_uri", REDIRECT)
                .doesNotContainKeys("client_secret", "client_id");
        assertThat(Pkce.challengeOf(exchange.formParams().get("code_verifier"))).isEqualTo(params.get("code_challenge"));
        assertThat(exchange.header("Authorization")).contains("Basic " + Base64.getEncoder().encodeToString(
                (VolvoRig.APP.clientId() + ":" + VolvoRig.APP.clientSecret()).getBytes(StandardCharsets.UTF_8)));

        OAuthTokens saved = rig.storedTokens();
        assertThat(saved.accessToken()).isEqualTo("eyJ-access-ONE");
        assertThat(saved.refreshToken()).isEqualTo("rt-rotating-ONE");
        assertThat(saved.expiresAt()).isEqualTo(VolvoRig.T0.plusSeconds(299));
        assertThat(saved.refreshedAt()).contains(VolvoRig.T0);
        assertThat(saved.scope()).isEqualTo(params.get("scope"));
        assertThat(Files.getPosixFilePermissions(rig.tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        // the check call used the new token and the API key
        assertThat(vehicles).isEqualTo(2);
        RecordedRequest check = rig.stub.lastRequest("GET", VolvoEndpoint.VEHICLES_PATH);
        assertThat(check.header("Authorization")).contains("Bearer eyJ-access-ONE");
        assertThat(check.header("vcc-api-key")).contains(VolvoRig.API_KEY);
        assertThat(terminal.printed()).contains("2 vehicle(s)").doesNotContain("eyJ-access-ONE", "rt-rotating-ONE",
                VolvoRig.APP.clientSecret(), VolvoRig.API_KEY, "auth-code-SECRET-77");
    }

    @Test
    void locationCanBeLeftOut() throws Exception {
        login().login(new VolvoLogin.Request(REDIRECT, VolvoLogin.defaultScopes(false), null),
                terminal.pasting(p -> REDIRECT + "?code=c0de&state=" + p.get("state")),
                terminal.out());
        assertThat(terminal.authorizeParams().get("scope")).doesNotContain("location:read");
    }

    @Test
    void wrongStateIsRefusedBeforeAnyTokenCall() {
        FetchException e = catchThrowableOfType(() -> login().login(
                new VolvoLogin.Request(REDIRECT, VolvoLogin.defaultScopes(true), null),
                terminal.pasting(p -> REDIRECT + "?code=c0de&state=forged"),
                terminal.out()), FetchException.class);
        assertThat(e.reason()).isEqualTo(Reason.AUTH);
        assertThat(e.getMessage()).contains("state");
        assertThat(rig.stub.requests()).isEmpty();
        assertThat(rig.tokenFile).doesNotExist();
    }

    @Test
    void deniedConsentIsReportedInOneLine() {
        FetchException e = catchThrowableOfType(() -> login().login(
                new VolvoLogin.Request(REDIRECT, VolvoLogin.defaultScopes(true), null),
                terminal.pasting(p -> REDIRECT + "?error=access_denied&error_description="
                        + "The+user+denied&state=" + p.get("state")),
                terminal.out()), FetchException.class);
        assertThat(e.getMessage()).contains("access_denied").doesNotContain("\n");
    }

    @Test
    void rejectedCodeIsAnAuthFailureWithoutTheCode() {
        rig.stub.on("POST", VolvoRig.TOKEN_PATH).respond(Response.json(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"code expired\"}"));
        FetchException e = catchThrowableOfType(() -> login().login(
                new VolvoLogin.Request(REDIRECT, VolvoLogin.defaultScopes(true), null),
                terminal.pasting(p -> REDIRECT + "?code=old-code-SECRET&state=" + p.get("state")),
                terminal.out()), FetchException.class);
        assertThat(e.reason()).isEqualTo(Reason.AUTH);
        assertThat(e.getMessage()).contains("invalid_grant").doesNotContain("old-code-SECRET");
        assertThat(rig.tokenFile).doesNotExist();
    }

    @Test
    void loopbackListenerReceivesTheRedirect() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String redirect = VolvoLogin.loopbackRedirectUri(port);
        CompletableFuture<Integer> result = CompletableFuture.supplyAsync(() -> {
            try {
                return login().login(new VolvoLogin.Request(redirect, VolvoLogin.defaultScopes(true), port),
                        new BufferedReader(new StringReader("")), terminal.out());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String state = null;
        for (int i = 0; i < 500 && state == null; i++) { // wait for the prompt, not for time
            if (terminal.printed().contains("Waiting for the redirect")) {
                state = terminal.authorizeParams().get("state");
            } else {
                Thread.onSpinWait();
                Thread.sleep(10);
            }
        }
        assertThat(state).isNotNull();
        HttpResponse<String> browser = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(redirect + "?code=loop-code&state=" + state)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(browser.body()).contains("Signed in");
        assertThat(result.get()).isEqualTo(2);
        assertThat(rig.stub.lastRequest("POST", VolvoRig.TOKEN_PATH).formParams())
                .containsEntry("code", "loop-code").containsEntry("redirect_uri", redirect);
        assertThat(List.of(rig.storedTokens().accessToken())).containsExactly("eyJ-access-ONE");
    }
}
