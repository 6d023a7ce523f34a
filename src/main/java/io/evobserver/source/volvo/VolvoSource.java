package io.evobserver.source.volvo;

import io.evobserver.auth.OAuthClientOptions;
import io.evobserver.auth.TokenStore;
import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.ConfigurationException;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceDefinition;
import io.evobserver.core.SourceOption;
import io.evobserver.core.SourceSettings;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --vehicle volvo} and {@code login volvo}: the Volvo Connected Vehicle, Energy and Location APIs.
 * Its options, and how they become a {@link VolvoConfig} and a fetcher.
 */
public final class VolvoSource {

    static final OAuthClientOptions CLIENT = OAuthClientOptions.of("volvo", "ID",
            "Volvo: OAuth client id of your published Volvo developer application.",
            "Volvo: the application's client secret.");
    static final SourceOption API_KEY = SourceOption.secret("volvo-api-key", "KEY",
            "Volvo: the application's VCC API key (sent as vcc-api-key).");
    static final SourceOption NO_LOCATION = SourceOption.flag("volvo-no-location",
            "Volvo: do not poll the car's position (login then does not ask for location:read).");
    static final SourceOption REQUESTS_PER_MINUTE = SourceOption.integer("volvo-requests-per-minute", "N",
            VolvoConfig.DEFAULT_REQUESTS_PER_MINUTE, "Volvo: most API calls in any rolling minute (Volvo allows 100).")
            .daemonOnly();

    static final List<SourceOption> ALL = List.of(CLIENT.id(), CLIENT.secret(), API_KEY, NO_LOCATION, REQUESTS_PER_MINUTE);

    public static final SourceDefinition DEFINITION =
            SourceDefinition.of("volvo", ALL, VolvoSource::fetcher).withLogin(LoginVolvoCommand::new);

    private VolvoSource() {
    }

    /** The account settings from these options and the shared ones. */
    static VolvoConfig config(SourceSettings o, SourceContext context) {
        String id = o.require(CLIENT.id(), "for volvo", null);
        String secret = o.require(CLIENT.secret(), "for volvo", null);
        String key = o.require(API_KEY, "for volvo", null);
        int requestsPerMinute = o.integer(REQUESTS_PER_MINUTE);
        if (requestsPerMinute < 1 || requestsPerMinute > 100) {
            throw new ConfigurationException("--volvo-requests-per-minute: must be between 1 and 100");
        }
        URI api = context.apiBaseUrl("volvo", VolvoConfig.DEFAULT_API_BASE_URL);
        URI auth = context.authBaseUrl("volvo", VolvoConfig.DEFAULT_AUTH_BASE_URL);
        Path path = TokenStore.configuredPath(context.tokenFile(), "volvo");
        return new VolvoConfig(api, auth, id, secret, key, context.selectedVins(), path, !o.flag(NO_LOCATION),
                requestsPerMinute);
    }

    private static AbstractVehicleFetcher fetcher(SourceSettings o, SourceContext context) throws LoginRequiredException {
        VolvoConfig config = config(o, context);
        TokenStore.requireSaved("volvo", config.tokenFile());
        return new VolvoFetcher(config, context.selfMetrics(), context.clock());
    }
}
