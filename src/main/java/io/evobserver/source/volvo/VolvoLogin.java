package io.evobserver.source.volvo;

import io.evobserver.auth.BrowserLogin;
import io.evobserver.auth.OAuthClient;
import io.evobserver.auth.TokenProvider;
import io.evobserver.auth.TokenStore;
import io.evobserver.core.FetchException;
import io.evobserver.core.SelfMetrics;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code ev-observer login volvo}: authorization code with PKCE against Volvo ID. Prints the
 * authorize URL; the user signs in and either pastes the URL the browser was redirected to (the
 * page there need not exist) or, with a loopback redirect URI, the callback is received directly.
 * The code is exchanged with the client secret as HTTP Basic, the tokens are written to the token
 * file (0600, atomic), and one call to the vehicle list proves the token and the API key work.
 */
public record VolvoLogin(VolvoConfig config, SelfMetrics selfMetrics, Clock clock) {

    /** How long the loopback listener waits for the browser. */
    public static final Duration CALLBACK_TIMEOUT = BrowserLogin.CALLBACK_TIMEOUT;
    private static final BrowserLogin.Wording WORDING = new BrowserLogin.Wording("your Volvo ID", "Volvo", null);

    /**
     * @param redirectUri the redirect URI registered for the application (exactly as registered)
     * @param scopes      the scopes to ask for; {@code openid} is added when missing
     * @param listenPort  receive the redirect on this loopback port instead of asking for a paste
     */
    public record Request(String redirectUri, List<String> scopes, Integer listenPort) {
        public Request {
            Objects.requireNonNull(redirectUri, "redirectUri");
            scopes = List.copyOf(scopes);
        }
    }

    public VolvoLogin {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(selfMetrics, "selfMetrics");
        Objects.requireNonNull(clock, "clock");
    }

    /** The read-only scopes of every endpoint ev-observer polls, without {@code location:read} if asked. */
    public static List<String> defaultScopes(boolean location) {
        return VolvoEndpoint.READ_SCOPES.stream().filter(s -> location || !s.equals("location:read")).toList();
    }

    /** The redirect URI used with {@code --redirect-listen PORT} when none is given. */
    public static String loopbackRedirectUri(int port) {
        return "http://127.0.0.1:" + port + "/callback";
    }

    /**
     * Runs the sign-in. {@code in} supplies the pasted redirect URL (ignored with a listener).
     *
     * @return the number of vehicles the new token can see, or -1 when the check call failed
     */
    public int login(Request request, BufferedReader in, PrintWriter out) throws FetchException, InterruptedException {
        String scope = String.join(" ", withOpenid(request.scopes()));
        OAuthClient oauth = VolvoFetcher.oauthClient(config, selfMetrics, clock);
        TokenStore store = new TokenStore(VolvoFetcher.SOURCE, config.tokenFile());
        new BrowserLogin(WORDING).signIn(new BrowserLogin.Request(config.authorizeEndpoint(), config.clientId(),
                request.redirectUri(), scope, Map.of(), request.listenPort()), oauth, store, in, out);
        return check(store, oauth, out);
    }

    /** One vehicle-list call with the new token: catches a wrong API key now rather than in the daemon. */
    private int check(TokenStore store, OAuthClient oauth, PrintWriter out) {
        TokenProvider tokens = new TokenProvider(store, oauth::refresh, clock);
        VolvoApi api = new VolvoApi(VolvoApi.client(config, selfMetrics, clock), tokens);
        return BrowserLogin.checkVehicles(out, api::vehicles, vins -> {
            for (String wanted : config.vins()) {
                if (vins.stream().noneMatch(wanted::equalsIgnoreCase)) {
                    out.println("Warning: --vin " + wanted + " is not linked to this Volvo ID.");
                }
            }
        });
    }

    private static List<String> withOpenid(List<String> scopes) {
        if (scopes.contains("openid")) {
            return scopes;
        }
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("openid"), scopes.stream()).toList();
    }
}
