package io.evobserver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.evobserver.testing.PastedRedirect;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.RecordedRequest;
import io.evobserver.testing.StubServer.Response;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code login tesla} and {@code login volvo} end to end through the command line: the options the
 * login commands share (client, redirect URI, token file, base URLs) reach the sign-in, and the
 * pasted redirect is read from standard input.
 */
class BrowserLoginCliTest {

    private static final String REDIRECT = "https://evobs.example.org/callback";

    @TempDir
    Path dir;
    @AutoClose
    final StubServer stub = StubServer.start();
    private final StringWriter out = new StringWriter();

    /** Runs {@code ev-observer args} with stdin answering as a user pasting the redirect would. */
    private int login(String authorizePath, String... args) {
        PastedRedirect browser = new PastedRedirect(Pattern.compile("(http://\\S+" + Pattern.quote(authorizePath) + "\\?\\S+)"));
        BufferedReader pasted = new BufferedReader(browser.pasting(out,
                p -> REDIRECT + "?code=code-SECRET-5&state=" + p.get("state")));
        InputStream saved = System.in;
        System.setIn(new InputStream() {
            private InputStream line;

            @Override
            public int read() throws IOException {
                if (line == null) { // only now has the login printed the URL the answer depends on
                    line = new ByteArrayInputStream((pasted.readLine() + "\n").getBytes(StandardCharsets.UTF_8));
                }
                return line.read();
            }
        });
        try {
            return Main.execute(args, new PrintWriter(out, true), new PrintWriter(out, true));
        } finally {
            System.setIn(saved);
        }
    }

    private Map<String, String> authorizeParams(String authorizePath) {
        return new PastedRedirect(Pattern.compile("(http://\\S+" + Pattern.quote(authorizePath) + "\\?\\S+)"))
                .authorizeParams(out.toString());
    }

    @Test
    void loginTeslaSignsInWithTheClientRedirectAndUrlsGiven() throws Exception {
        stub.on("POST", "/oauth2/v3/token").respondAlways(Response.fixture(200, "tesla/token_response.json"));
        stub.on("GET", "/api/1/users/region").respondAlways(Response.json(200,
                "{\"response\":{\"region\":\"eu\",\"fleet_api_base_url\":\"" + stub.baseUri() + "\"}}"));
        stub.on("GET", "/api/1/vehicles").respondAlways(Response.fixture(200, "tesla/vehicles.json"));
        Path tokens = dir.resolve("tesla.json");

        int code = login("/oauth2/v3/authorize", "login", "tesla", "--tesla-client-id", "cli-client",
                "--tesla-client-secret", "cli-SECRET", "--tesla-region", "eu", "--tesla-redirect-uri", REDIRECT,
                "--api-base-url", stub.baseUri().toString(), "--auth-base-url", stub.baseUri().toString(),
                "--token-file", tokens.toString());

        assertThat(code).as(out.toString()).isZero();
        assertThat(authorizeParams("/oauth2/v3/authorize")).containsEntry("client_id", "cli-client")
                .containsEntry("redirect_uri", REDIRECT);
        RecordedRequest exchange = stub.lastRequest("POST", "/oauth2/v3/token");
        assertThat(exchange.formParams()).containsEntry("client_id", "cli-client")
                .containsEntry("client_secret", "cli-SECRET").containsEntry("code", "code-SECRET-5")
                .containsEntry("redirect_uri", REDIRECT)
                .containsEntry("audience", stub.baseUri().toString().replaceAll("/$", ""));
        assertThat(Files.getPosixFilePermissions(tokens)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(out.toString()).doesNotContain("SECRET");
    }

    @Test
    void loginVolvoSignsInWithTheClientRedirectAndUrlsGiven() throws Exception {
        stub.on("POST", "/as/token.oauth2").respondAlways(Response.fixture(200, "volvo/token_response.json"));
        stub.on("GET", "/connected-vehicle/v2/vehicles").respondAlways(Response.fixture(200, "volvo/vehicles_two.json"));
        Path tokens = dir.resolve("volvo.json");

        int code = login("/as/authorization.oauth2", "login", "volvo", "--volvo-client-id", "cli-client",
                "--volvo-client-secret", "cli-SECRET", "--volvo-api-key", "key-SECRET", "--volvo-redirect-uri",
                REDIRECT, "--api-base-url", stub.baseUri().toString(), "--auth-base-url", stub.baseUri().toString(),
                "--token-file", tokens.toString());

        assertThat(code).as(out.toString()).isZero();
        assertThat(authorizeParams("/as/authorization.oauth2")).containsEntry("client_id", "cli-client")
                .containsEntry("redirect_uri", REDIRECT);
        RecordedRequest exchange = stub.lastRequest("POST", "/as/token.oauth2");
        assertThat(exchange.formParams()).containsEntry("code", "code-SECRET-5").containsEntry("redirect_uri", REDIRECT);
        assertThat(exchange.header("authorization")).hasValue("Basic " + Base64.getEncoder()
                .encodeToString("cli-client:cli-SECRET".getBytes(StandardCharsets.UTF_8)));
        assertThat(stub.lastRequest("GET", "/connected-vehicle/v2/vehicles").header("vcc-api-key")).hasValue("key-SECRET");
        assertThat(Files.getPosixFilePermissions(tokens)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(out.toString()).doesNotContain("SECRET");
    }

    @Test
    void aMissingRedirectUriNamesTheOptionTheLoginCommandDeclares() {
        int code = login("/as/authorization.oauth2", "login", "volvo", "--volvo-client-id", "c", "--volvo-client-secret",
                "s", "--volvo-api-key", "k", "--token-file", dir.resolve("v.json").toString());

        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).contains("--volvo-redirect-uri is required").contains("Volvo application");
    }
}
