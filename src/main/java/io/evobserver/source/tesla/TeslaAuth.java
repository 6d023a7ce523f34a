package io.evobserver.source.tesla;

import io.evobserver.auth.OAuthClient;
import io.evobserver.auth.TokenProvider;
import io.evobserver.auth.TokenStore;
import io.evobserver.core.SelfMetrics;
import java.time.Clock;

/** Tesla's token endpoint and token file, as both the login and the fetcher use them. */
final class TeslaAuth {

    static final String SOURCE = "tesla";
    /** The Owner app's scope; its refresh must repeat it. */
    static final String OWNER_SCOPE = "openid email offline_access";

    private TeslaAuth() {
    }

    /**
     * The client for refreshes: Fleet sends only {@code client_id} (Tesla's documented refresh needs
     * no secret); the Owner API uses the app's public client and repeats the scope.
     */
    static OAuthClient refreshClient(TeslaConfig config, SelfMetrics selfMetrics, Clock clock) {
        OAuthClient.Builder b = builder(config, selfMetrics, clock);
        if (config.api() == TeslaConfig.Api.OWNER) {
            b.extraParam(OAuthClient.TokenRequest.REFRESH_TOKEN, "scope", OWNER_SCOPE);
        }
        return b.build();
    }

    /** The client for the code exchange: secret in the form when there is one, and Fleet's audience. */
    static OAuthClient exchangeClient(TeslaConfig config, SelfMetrics selfMetrics, Clock clock) {
        OAuthClient.Builder b = builder(config, selfMetrics, clock);
        if (config.clientSecret() != null && config.api() == TeslaConfig.Api.FLEET) {
            b.clientSecret(config.clientSecret(), OAuthClient.ClientAuthentication.SECRET_IN_FORM);
        }
        if (config.api() == TeslaConfig.Api.FLEET) {
            b.extraParam(OAuthClient.TokenRequest.AUTHORIZATION_CODE, "audience", config.audience());
        }
        return b.build();
    }

    static TokenStore tokenStore(TeslaConfig config) {
        return new TokenStore(SOURCE, config.tokenFile());
    }

    /** Access tokens from the token file, refreshed (and the file rewritten) when due. */
    static TokenProvider tokenProvider(TeslaConfig config, SelfMetrics selfMetrics, Clock clock) {
        OAuthClient oauth = refreshClient(config, selfMetrics, clock);
        return new TokenProvider(tokenStore(config), oauth::refresh, clock);
    }

    private static OAuthClient.Builder builder(TeslaConfig config, SelfMetrics selfMetrics, Clock clock) {
        return OAuthClient.builder(SOURCE, config.tokenEndpoint(), config.clientId())
                .selfMetrics(selfMetrics)
                .clock(clock);
    }
}
