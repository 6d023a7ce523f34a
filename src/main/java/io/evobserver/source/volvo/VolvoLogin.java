package io.evobserver.source.volvo;

import io.evobserver.auth.LocalCallbackServer;
import io.evobserver.auth.LoginSupport;
import io.evobserver.auth.OAuthClient;
import io.evobserver.auth.OAuthTokens;
import io.evobserver.auth.Pkce;
import io.evobserver.auth.TokenProvider;
import io.evobserver.auth.TokenStore;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.SelfMetrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
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
public final class VolvoLogin {

    /** How long the loopback listener waits for the browser. */
    public static final Duration CALLBACK_TIMEOUT = Duration.ofMinutes(10);

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

    private final VolvoConfig config;
    private final SelfMetrics selfMetrics;
    private final Clock clock;

    public VolvoLogin(VolvoConfig config, SelfMetrics selfMetrics, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.selfMetrics = Objects.requireNonNull(selfMetrics, "selfMetrics");
        this.clock = Objects.requireNonNull(clock, "clock");
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
        Pkce pkce = Pkce.generate();
        String state = Pkce.randomState();
        String scope = String.join(" ", withOpenid(request.scopes()));
        URI authorize = LoginSupport.authorizeUrl(config.authorizeEndpoint(), config.clientId(), request.redirectUri(),
                scope, state, pkce, Map.of());
        String code;
        if (request.listenPort() != null) {
            try (LocalCallbackServer callback = LocalCallbackServer.start(request.listenPort(),
                    URI.create(request.redirectUri()).getPath())) {
                out.println("Open this URL in a browser and sign in with your Volvo ID:");
                out.println();
                out.println("  " + authorize);
                out.println();
                out.println("Waiting for the redirect to " + request.redirectUri() + " ...");
                out.flush();
                code = callback.awaitCode(state, CALLBACK_TIMEOUT);
            } catch (IOException e) {
                throw new FetchException(Reason.NETWORK, "cannot listen on port " + request.listenPort()
                        + " for the redirect (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            out.println("1. Open this URL in a browser and sign in with your Volvo ID:");
            out.println();
            out.println("  " + authorize);
            out.println();
            out.println("2. Volvo then redirects the browser to " + request.redirectUri() + "?code=...");
            out.println("   (the page may fail to load; that is fine). Copy the whole address from the");
            out.println("   address bar and paste it here, then press Enter:");
            out.flush();
            String pasted;
            try {
                pasted = in.readLine();
            } catch (IOException e) {
                throw new FetchException(Reason.AUTH, "could not read the pasted redirect URL");
            }
            if (pasted == null || pasted.isBlank()) {
                throw new FetchException(Reason.AUTH, "no redirect URL was pasted; start the login again");
            }
            code = LoginSupport.codeFromRedirect(pasted, state);
        }

        OAuthClient oauth = VolvoFetcher.oauthClient(config, selfMetrics, clock);
        OAuthTokens tokens = oauth.exchangeCode(code, request.redirectUri(), pkce.verifier());
        if (tokens.scope() == null) {
            // Volvo may not echo the scope; store what was asked so polling skips what was left out
            tokens = new OAuthTokens(tokens.accessToken(), tokens.refreshToken(), tokens.expiresAt(),
                    tokens.tokenType(), scope, tokens.extra());
        }
        TokenStore store = new TokenStore(VolvoFetcher.SOURCE, config.tokenFile());
        try {
            store.save(tokens);
        } catch (IOException e) {
            throw new FetchException(Reason.UNAVAILABLE, "could not write the token file " + store.path()
                    + " (" + e.getClass().getSimpleName() + ")", null, e);
        }
        out.println("Signed in. Tokens saved to " + store.path() + " (mode 0600).");
        return check(store, oauth, out);
    }

    /** One vehicle-list call with the new token: catches a wrong API key now rather than in the daemon. */
    private int check(TokenStore store, OAuthClient oauth, PrintWriter out) {
        TokenProvider tokens = new TokenProvider(store, oauth::refresh, clock);
        VolvoApi api = new VolvoApi(VolvoApi.client(config, selfMetrics, clock), tokens);
        try {
            List<String> vins = api.vehicles();
            out.println("The account has " + vins.size() + " vehicle(s)" + (vins.isEmpty() ? "." : ": "
                    + String.join(", ", vins)));
            for (String wanted : config.vins()) {
                if (vins.stream().noneMatch(wanted::equalsIgnoreCase)) {
                    out.println("Warning: --vin " + wanted + " is not linked to this Volvo ID.");
                }
            }
            return vins.size();
        } catch (FetchException e) {
            out.println("Warning: signed in, but listing the vehicles failed: " + e.getMessage());
            return -1;
        } finally {
            out.flush();
        }
    }

    private static List<String> withOpenid(List<String> scopes) {
        if (scopes.contains("openid")) {
            return scopes;
        }
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("openid"), scopes.stream()).toList();
    }
}
