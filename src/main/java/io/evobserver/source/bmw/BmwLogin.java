package io.evobserver.source.bmw;

import com.fasterxml.jackson.databind.node.TextNode;
import io.evobserver.auth.DeviceAuthorization;
import io.evobserver.auth.OAuthClient;
import io.evobserver.auth.OAuthTokens;
import io.evobserver.auth.Pkce;
import io.evobserver.auth.TokenStore;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.SelfMetrics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code ev-observer login bmw}: the CarData device-code flow with PKCE. Asks BMW for a user code,
 * shows where to enter it, polls until the user approved (BMW answers 403 {@code authorization_pending}
 * meanwhile), and writes the token file: access, refresh and ID token, {@code gcid} (the MQTT user
 * name) and the client id (needed for every refresh).
 */
public final class BmwLogin {

    /** Both CarData scopes; a client subscribed to only one gets a narrower scope list. */
    public static final String DEFAULT_SCOPE = "authenticate_user openid cardata:api:read cardata:streaming:read";

    /** What the user must do, for the command to print. */
    public record Prompt(String userCode, URI verificationUri, URI uriToOpen, long expiresInSeconds) {
    }

    private final URI authBase;
    private final String clientId;
    private final String scope;
    private final Clock clock;
    private final SelfMetrics selfMetrics;

    public BmwLogin(URI authBase, String clientId, String scope, Clock clock, SelfMetrics selfMetrics) {
        this.authBase = Objects.requireNonNull(authBase);
        this.clientId = Objects.requireNonNull(clientId);
        this.scope = scope == null || scope.isBlank() ? DEFAULT_SCOPE : scope;
        this.clock = clock;
        this.selfMetrics = selfMetrics;
    }

    /**
     * Runs the whole flow and saves the tokens.
     *
     * @param prompt  shows the user code and URL
     * @param sleeper waits between polls (tests pass one that advances a fake clock)
     */
    public OAuthTokens login(Path tokenFile, Consumer<Prompt> prompt, OAuthClient.Sleeper sleeper)
            throws FetchException, InterruptedException, IOException {
        OAuthClient oauth = OAuthClient.builder(BmwApi.VENDOR, BmwFetcher.tokenEndpoint(authBase), clientId)
                .extraParam(OAuthClient.TokenRequest.DEVICE_AUTHORIZATION, "response_type", "device_code")
                .clock(clock).selfMetrics(selfMetrics).build();
        Pkce pkce = Pkce.generate();
        DeviceAuthorization device = oauth.startDeviceAuthorization(BmwFetcher.deviceCodeEndpoint(authBase), scope,
                pkce);
        prompt.accept(new Prompt(device.userCode(), device.verificationUri(), device.uriToShow(),
                Math.max(0, device.expiresAt().getEpochSecond() - clock.instant().getEpochSecond())));
        OAuthTokens tokens;
        try {
            tokens = oauth.awaitDeviceToken(device, pkce, sleeper);
        } catch (FetchException e) {
            if (e.reason() == Reason.AUTH && e.getMessage().contains("denied")) {
                throw new FetchException(Reason.AUTH, e.getMessage() + ". BMW sometimes reports approved logins as"
                        + " denied: try again in a private browser window, type the code by hand, or delete and"
                        + " re-create the CarData client in the MyBMW portal");
            }
            throw e;
        }
        if (tokens.extraText("gcid").isEmpty()) {
            throw new FetchException(Reason.PARSE, "bmw token answer has no gcid");
        }
        tokens = tokens.withExtra(BmwFetcher.EXTRA_CLIENT_ID, TextNode.valueOf(clientId));
        new TokenStore(BmwApi.VENDOR, tokenFile).save(tokens);
        return tokens;
    }
}
