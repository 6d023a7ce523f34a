package io.evobserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LoginSupportTest {

    @Test
    void authorizeUrlEncodesEveryValue() {
        Pkce pkce = Pkce.fromVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

        URI url = LoginSupport.authorizeUrl(URI.create("https://auth.tesla.com/oauth2/v3/authorize"), "my app",
                "https://example.org/cb?x=1", "openid offline_access", "st&te", pkce, Map.of("locale", "en-US"));

        assertThat(url.toString()).isEqualTo("https://auth.tesla.com/oauth2/v3/authorize?response_type=code"
                + "&client_id=my%20app&redirect_uri=https%3A%2F%2Fexample.org%2Fcb%3Fx%3D1"
                + "&scope=openid%20offline_access&state=st%26te"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&locale=en-US");
    }

    @Test
    void authorizeUrlAppendsToAnExistingQuery() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("a", "1");
        assertThat(LoginSupport.authorizeUrl(URI.create("https://h/p?tenant=x"), params).toString())
                .isEqualTo("https://h/p?tenant=x&a=1");
    }

    @Test
    void pastedRedirectYieldsTheCode() throws Exception {
        String pasted = "  https://example.org/cb?code=NA_abc%2Fdef&state=s-1&issuer=https%3A%2F%2Fauth.tesla.com \n";

        assertThat(LoginSupport.codeFromRedirect(pasted, "s-1")).isEqualTo("NA_abc/def");
        assertThat(LoginSupport.codeFromRedirect("code=c&state=s-1", "s-1")).isEqualTo("c");
    }

    @Test
    void wrongStateOrMissingCodeIsRejected() {
        assertThatThrownBy(() -> LoginSupport.codeFromRedirect("https://x/cb?code=c&state=other", "s-1"))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUTH))
                .hasMessageContaining("state does not match");
        assertThatThrownBy(() -> LoginSupport.codeFromRedirect("https://x/cb?code=c", "s-1"))
                .hasMessageContaining("state does not match");
        assertThatThrownBy(() -> LoginSupport.codeFromRedirect("https://x/cb?state=s-1", "s-1"))
                .hasMessageContaining("no code");
    }

    @Test
    void errorRedirectBecomesOneClearLine() {
        assertThatThrownBy(() -> LoginSupport.codeFromRedirect(
                "https://x/cb?error=access_denied&error_description=The+user%0Adenied+access&state=s-1", "s-1"))
                .isInstanceOf(FetchException.class)
                .hasMessage("sign-in failed: access_denied (The user denied access)");
    }

    @Test
    void localCallbackServerReceivesTheRedirect() throws Exception {
        try (LocalCallbackServer callback = LocalCallbackServer.start(0, "/callback")) {
            URI redirect = callback.redirectUri();
            assertThat(redirect.toString()).startsWith("http://127.0.0.1:").endsWith("/callback");
            HttpClient browser = HttpClient.newHttpClient();

            HttpResponse<String> favicon = browser.send(HttpRequest.newBuilder(redirect.resolve("/favicon.ico")).build(),
                    HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> page = browser.sendAsync(
                    HttpRequest.newBuilder(URI.create(redirect + "?code=the-code&state=s-1")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(callback.awaitCode("s-1", Duration.ofSeconds(10))).isEqualTo("the-code");
            assertThat(favicon.statusCode()).isEqualTo(404);
            assertThat(page.get().statusCode()).isEqualTo(200);
            assertThat(page.get().body()).contains("close this tab");
        }
    }

    @Test
    void localCallbackServerTimesOut() throws Exception {
        try (LocalCallbackServer callback = LocalCallbackServer.start(0, "/cb")) {
            assertThatThrownBy(() -> callback.awaitCode("s", Duration.ofMillis(50)))
                    .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUTH))
                    .hasMessageContaining("no sign-in redirect");
        }
    }
}
