package io.evobserver.source.tesla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.evobserver.auth.OAuthTokens;
import io.evobserver.auth.Pkce;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.FetchException;
import io.evobserver.testing.LoginTerminal;
import io.evobserver.testing.StubServer.RecordedRequest;
import io.evobserver.testing.StubServer.Response;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class TeslaLoginTest {

    static final String REDIRECT = "https://evobs.example.org/tesla/callback";

    @AutoClose
    final TeslaRig rig = new TeslaRig();
    final LoginTerminal terminal = rig.browserLogin();

    private int login(TeslaConfig config, Function<Map<String, String>, String> redirect) throws Exception {
        return new TeslaLogin(config, rig.metrics, rig.clock).login(new TeslaLogin.Request(REDIRECT, null),
                terminal.pasting(redirect), terminal.out());
    }

    @Test
    void fleetLoginExchangesTheCodeWithAudienceAndSecretAndSavesPrivately() throws Exception {
        int vehicles = login(rig.config(), p -> REDIRECT + "?code=EU_code-SECRET-77&state=" + p.get("state")
                + "&issuer=https%3A%2F%2Fauth.tesla.com");

        Map<String, String> params = terminal.authorizeParams();
        assertThat(params).containsEntry("response_type", "code").containsEntry("client_id", TeslaRig.APP.clientId())
                .containsEntry("redirect_uri", REDIRECT).containsEntry("code_challenge_method", "S256")
                .containsEntry("prompt_missing_scopes", "true");
        assertThat(params.get("scope").split(" ")).contains("openid", "offline_access", "vehicle_device_data",
                "vehicle_location", "energy_device_data").doesNotContain("vehicle_cmds");

        RecordedRequest exchange = rig.stub.lastRequest("POST", TeslaRig.TOKEN_PATH);
        assertThat(exchange.formParams()).containsEntry("grant_type", "authorization_code")
                .containsEntry("client_id", TeslaRig.APP.clientId())
                .containsEntry("client_secret", TeslaRig.APP.clientSecret())
                .containsEntry("code", "EU_code-SECRET-77").containsEntry("redirect_uri", REDIRECT)
                .containsEntry("audience", rig.stub.baseUri().toString().replaceAll("/$", ""));
        assertThat(Pkce.challengeOf(exchange.formParams().get("code_verifier"))).isEqualTo(params.get("code_challenge"));

        OAuthTokens saved = rig.storedTokens();
        assertThat(saved.refreshToken()).startsWith("EU_3d1f");
        assertThat(saved.expiresAt()).isEqualTo(TeslaRig.T0.plusSeconds(28800));
        assertThat(Files.getPosixFilePermissions(rig.tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(vehicles).isEqualTo(1);
        assertThat(rig.stub.lastRequest("GET", "/api/1/vehicles").header("Authorization").orElseThrow())
                .startsWith("Bearer eyJhbGci");
        assertThat(rig.dataCalls()).as("login never contacts the car").isZero();
        assertThat(terminal.printed()).contains("1 vehicle(s)").doesNotContain("EU_code-SECRET-77",
                TeslaRig.APP.clientSecret(), "EU_3d1f", "eyJhbGci");
    }

    @Test
    void regionMismatchIsPointedOut() throws Exception {
        TeslaConfig c = rig.config();
        TeslaConfig na = new TeslaConfig(c.api(), "na", c.apiBaseUrl(), c.authBaseUrl(), c.tokenBaseUrl(),
                c.clientId(), c.clientSecret(), c.vins(), c.tokenFile(), true, false, 1, c.idle(), c.suspend(),
                c.activeInterval(), c.idleInterval(), c.checkInterval(), 0.002, 0.02, 0.0);
        login(na, p -> REDIRECT + "?code=c0de&state=" + p.get("state"));

        assertThat(terminal.printed()).contains("--tesla-region eu");
    }

    @Test
    void wakingAsksForTheCommandScope() throws Exception {
        login(rig.wakingConfig(1), p -> REDIRECT + "?code=c0de&state=" + p.get("state"));

        assertThat(terminal.authorizeParams().get("scope")).contains("vehicle_cmds");
    }

    @Test
    void wrongStateIsRefusedBeforeAnyTokenCall() {
        FetchException e = catchThrowableOfType(() -> login(rig.config(),
                p -> REDIRECT + "?code=c0de&state=forged"), FetchException.class);

        assertThat(e.reason()).isEqualTo(Reason.AUTH);
        assertThat(rig.stub.requests("POST", TeslaRig.TOKEN_PATH)).isEmpty();
        assertThat(rig.tokenFile).doesNotExist();
    }

    @Test
    void expiredCodeIsAnAuthFailureWithoutTheCode() {
        rig.stub.on("POST", TeslaRig.TOKEN_PATH).respond(Response.json(400,
                "{\"error\":\"invalid_auth_code\",\"error_description\":\"code expired\"}"));

        FetchException e = catchThrowableOfType(() -> login(rig.config(),
                p -> REDIRECT + "?code=old-SECRET-code&state=" + p.get("state")), FetchException.class);

        assertThat(e.reason()).isEqualTo(Reason.AUTH);
        assertThat(e.getMessage()).contains("invalid_auth_code").doesNotContain("old-SECRET-code");
        assertThat(rig.tokenFile).doesNotExist();
    }

    @Test
    void ownerApiUsesThePublicAppClientWithoutAudience() throws Exception {
        TeslaConfig c = rig.config();
        TeslaConfig owner = new TeslaConfig(TeslaConfig.Api.OWNER, "eu", c.apiBaseUrl(), c.authBaseUrl(),
                c.tokenBaseUrl(), TeslaConfig.OWNER_CLIENT_ID, null, c.vins(), c.tokenFile(), true, false, 1, c.idle(),
                c.suspend(), c.activeInterval(), c.idleInterval(), c.checkInterval(), 0.002, 0.02, 0.0);
        rig.stub.on("GET", "/api/1/products").respondAlways(Response.fixture(200, "tesla/vehicles.json"));

        int vehicles = login(owner, p -> REDIRECT + "?code=c0de&state=" + p.get("state"));

        assertThat(terminal.authorizeParams()).containsEntry("client_id", "ownerapi")
                .containsEntry("scope", "openid email offline_access");
        assertThat(rig.stub.lastRequest("POST", TeslaRig.TOKEN_PATH).formParams())
                .containsEntry("client_id", "ownerapi").doesNotContainKeys("audience", "client_secret");
        assertThat(vehicles).isEqualTo(2);
        assertThat(rig.stub.requests("GET", "/api/1/users/region")).isEmpty();
    }
}
