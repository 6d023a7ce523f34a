package io.evobserver.auth;

import io.evobserver.core.ConfigurationException;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The sign-in every browser-based source uses: authorization code with PKCE. Prints the authorize
 * URL; the user signs in (password, MFA, captcha happen in the browser) and either pastes the URL
 * the browser was sent to (the page there need not exist) or a loopback listener receives it. The
 * code is exchanged at once (it expires within minutes) and the tokens are written to the token
 * file (0600, atomic) before anything else uses them. The source adds its own checks afterwards.
 */
public final class BrowserLogin {

    /** How long the loopback listener waits for the browser. */
    public static final Duration CALLBACK_TIMEOUT = Duration.ofMinutes(10);

    /**
     * One sign-in.
     *
     * @param authorizeEndpoint the vendor's authorize URL
     * @param clientId          the application's client id
     * @param redirectUri       the redirect URI registered for the application, exactly as registered
     * @param scope             the scopes asked for, space-separated; stored when the vendor does not echo them
     * @param extraParams       vendor-specific authorize parameters, in order
     * @param listenPort        receive the redirect on this loopback port instead of asking for a paste
     */
    public record Request(URI authorizeEndpoint, String clientId, String redirectUri, String scope,
                          Map<String, String> extraParams, Integer listenPort) {
        public Request {
            Objects.requireNonNull(authorizeEndpoint, "authorizeEndpoint");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(redirectUri, "redirectUri");
            Objects.requireNonNull(scope, "scope");
            extraParams = extraParams == null ? Map.of() : extraParams;
        }
    }

    /**
     * What the user reads.
     *
     * @param account   what to sign in with: {@code your Tesla account}, {@code your Volvo ID}
     * @param vendor    who sends the browser back: {@code Tesla}, {@code Volvo}
     * @param pasteHint an extra line on where to find the address, or null
     */
    public record Wording(String account, String vendor, String pasteHint) {
    }

    private final Wording wording;

    public BrowserLogin(Wording wording) {
        this.wording = Objects.requireNonNull(wording, "wording");
    }

    /**
     * Runs the sign-in and saves the tokens; {@code in} supplies the pasted redirect URL (ignored
     * with a listener).
     *
     * @return the saved tokens
     */
    public OAuthTokens signIn(Request request, OAuthClient oauth, TokenStore store, BufferedReader in, PrintWriter out)
            throws FetchException, InterruptedException {
        Pkce pkce = Pkce.generate();
        String state = Pkce.randomState();
        URI authorize = LoginSupport.authorizeUrl(request.authorizeEndpoint(), request.clientId(),
                request.redirectUri(), request.scope(), state, pkce, request.extraParams());
        String code = request.listenPort() != null
                ? receiveCode(authorize, state, request, out)
                : pastedCode(authorize, state, request, in, out);
        OAuthTokens tokens = oauth.exchangeCode(code, request.redirectUri(), pkce.verifier());
        if (tokens.scope() == null) {
            // the vendor may not echo the scope; store what was asked so polling skips what was left out
            tokens = new OAuthTokens(tokens.accessToken(), tokens.refreshToken(), tokens.expiresAt(),
                    tokens.tokenType(), request.scope(), tokens.extra());
        }
        try {
            store.save(tokens);
        } catch (IOException e) {
            throw new FetchException(Reason.UNAVAILABLE, "could not write the token file " + store.path()
                    + " (" + e.getClass().getSimpleName() + ")", null, e);
        }
        out.println("Signed in. Tokens saved to " + store.path() + " (mode 0600).");
        return tokens;
    }

    /**
     * The redirect URI a login command uses: {@code given}, else the loopback URI for
     * {@code listenPort}, else {@code fallback}; trimmed and checked.
     *
     * @param option   the flag that sets it, named in messages ({@code --volvo-redirect-uri})
     * @param fallback the URI when neither is given; null when one is required
     * @param missing  the message when one is required and none was given
     * @throws ConfigurationException on a bad port, a missing or a malformed URI
     */
    public static String redirectUri(String given, Integer listenPort, IntFunction<String> loopback,
                                     String fallback, String option, String missing) {
        if (listenPort != null && (listenPort < 0 || listenPort > 65_535)) {
            throw new ConfigurationException("--redirect-listen: not a port number");
        }
        String redirect = given != null ? given : listenPort != null ? loopback.apply(listenPort) : fallback;
        if (redirect == null) {
            throw new ConfigurationException(missing);
        }
        try {
            if (URI.create(redirect.trim()).getScheme() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(option + ": not a URI");
        }
        return redirect.trim();
    }

    /** The call that proves a new token works: the VINs of the account's vehicles. */
    @FunctionalInterface
    public interface VehicleList {
        List<String> vins() throws FetchException;
    }

    /**
     * The check after a sign-in: one vehicle-list call with the new token, its result printed. A
     * failure is a warning only (the tokens are saved; the daemon reports what goes wrong).
     *
     * @param listed what the source adds once the list is printed (its own warnings), or a no-op
     * @return the number of vehicles, or -1 when the call failed
     */
    public static int checkVehicles(PrintWriter out, VehicleList list, Consumer<List<String>> listed) {
        try {
            List<String> vins = list.vins();
            out.println("The account has " + vins.size() + " vehicle(s)" + (vins.isEmpty() ? "." : ": "
                    + String.join(", ", vins)));
            listed.accept(vins);
            return vins.size();
        } catch (FetchException e) {
            out.println("Warning: signed in, but listing the vehicles failed: " + e.getMessage());
            return -1;
        } finally {
            out.flush();
        }
    }

    private String receiveCode(URI authorize, String state, Request request, PrintWriter out)
            throws FetchException, InterruptedException {
        try (LocalCallbackServer callback = LocalCallbackServer.start(request.listenPort(),
                URI.create(request.redirectUri()).getPath())) {
            out.println("Open this URL in a browser and sign in with " + wording.account() + ":");
            out.println();
            out.println("  " + authorize);
            out.println();
            out.println("Waiting for the redirect to " + request.redirectUri() + " ...");
            out.flush();
            return callback.awaitCode(state, CALLBACK_TIMEOUT);
        } catch (IOException e) {
            throw new FetchException(Reason.NETWORK, "cannot listen on port " + request.listenPort()
                    + " for the redirect (" + e.getClass().getSimpleName() + ")");
        }
    }

    private String pastedCode(URI authorize, String state, Request request, BufferedReader in, PrintWriter out)
            throws FetchException {
        out.println("1. Open this URL in a browser and sign in with " + wording.account() + ":");
        out.println();
        out.println("  " + authorize);
        out.println();
        out.println("2. " + wording.vendor() + " then sends the browser to " + request.redirectUri() + "?code=...");
        out.println("   The page may not load (that is fine). Copy the whole address from the address bar");
        if (wording.pasteHint() != null) {
            out.println("   " + wording.pasteHint());
        }
        out.println("   and paste it here, then press Enter:");
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
        return LoginSupport.codeFromRedirect(pasted, state);
    }
}
