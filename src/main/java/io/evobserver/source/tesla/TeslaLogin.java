package io.evobserver.source.tesla;

import io.evobserver.auth.BrowserLogin;
import io.evobserver.auth.OAuthTokens;
import io.evobserver.core.FetchException;
import io.evobserver.core.SelfMetrics;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code ev-observer login tesla}: authorization code with PKCE against Tesla's SSO. Prints the
 * authorize URL; the user signs in (password, MFA, captcha happen in the browser) and pastes the
 * URL the browser was sent to (the page need not exist), or a loopback listener receives it. The
 * code is exchanged at once (it expires within minutes) - for the Fleet API with the region's
 * {@code audience} - and the tokens are written to the token file (0600, atomic) before anything
 * else uses them. A Fleet login then checks the account's region and lists its cars.
 */
public record TeslaLogin(TeslaConfig config, SelfMetrics selfMetrics, Clock clock) {

    public static final Duration CALLBACK_TIMEOUT = BrowserLogin.CALLBACK_TIMEOUT;
    /** What ev-observer reads: live data, location, energy sites; {@code offline_access} for a refresh token. */
    public static final List<String> FLEET_SCOPES =
            List.of("openid", "offline_access", "vehicle_device_data", "vehicle_location", "energy_device_data");
    /** Tesla lists wake_up under the command scope. */
    public static final String WAKE_SCOPE = "vehicle_cmds";
    static final String OWNER_SCOPE = TeslaAuth.OWNER_SCOPE;
    private static final BrowserLogin.Wording WORDING = new BrowserLogin.Wording("your Tesla account", "Tesla",
            "(or, for tesla://, from the developer tools' network tab)");
    /** The Owner API's only accepted redirect since April 2026; the browser cannot open it, the user copies it. */
    public static final String OWNER_REDIRECT_URI = "tesla://auth/callback";

    /**
     * @param redirectUri the redirect URI registered for the application (Fleet), exactly as registered
     * @param listenPort  receive the redirect on this loopback port instead of asking for a paste
     */
    public record Request(String redirectUri, Integer listenPort) {
        public Request {
            Objects.requireNonNull(redirectUri, "redirectUri");
        }
    }

    public TeslaLogin {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(selfMetrics, "selfMetrics");
        Objects.requireNonNull(clock, "clock");
    }

    public static String loopbackRedirectUri(int port) {
        return "http://localhost:" + port + "/callback";
    }

    /** The scopes asked for: the Fleet read scopes (+ {@code vehicle_cmds} with waking), or the Owner app's. */
    public String scope() {
        if (config.api() == TeslaConfig.Api.OWNER) {
            return OWNER_SCOPE;
        }
        String scope = String.join(" ", FLEET_SCOPES);
        return config.wake() ? scope + " " + WAKE_SCOPE : scope;
    }

    /** Fleet asks a returning user for the scopes added since. */
    private Map<String, String> authorizeParams() {
        Map<String, String> extra = new LinkedHashMap<>();
        if (config.api() == TeslaConfig.Api.FLEET) {
            extra.put("prompt_missing_scopes", "true");
        }
        return extra;
    }

    /**
     * Runs the sign-in; {@code in} supplies the pasted redirect URL (ignored with a listener).
     *
     * @return the number of vehicles the new token sees, or -1 when the check failed
     */
    public int login(Request request, BufferedReader in, PrintWriter out) throws FetchException, InterruptedException {
        OAuthTokens tokens = new BrowserLogin(WORDING).signIn(
                new BrowserLogin.Request(config.authorizeEndpoint(), config.clientId(), request.redirectUri(), scope(),
                        authorizeParams(), request.listenPort()),
                TeslaAuth.exchangeClient(config, selfMetrics, clock), TeslaAuth.tokenStore(config), in, out);
        if (!tokens.hasRefreshToken()) {
            out.println("Warning: Tesla sent no refresh token; the login lasts only until the access token expires.");
        }
        return check(out);
    }

    /** One region check (Fleet) and one vehicle list with the new token; neither contacts the cars. */
    private int check(PrintWriter out) {
        TeslaApi api = new TeslaApi(config, TeslaAuth.tokenProvider(config, selfMetrics, clock), selfMetrics, clock);
        return BrowserLogin.checkVehicles(out, () -> {
            if (config.api() == TeslaConfig.Api.FLEET) {
                Optional<String> region = api.userRegion();
                if (region.isPresent() && !region.get().equals(config.region())) {
                    out.println("Note: this account lives in region " + region.get() + "; run ev-observer with "
                            + "--tesla-region " + region.get() + " (and log in again with it, for the right audience).");
                }
            }
            return api.vehicles().stream().map(v -> TeslaMapper.text(v, "vin")).filter(Objects::nonNull).toList();
        }, vins -> { });
    }
}
