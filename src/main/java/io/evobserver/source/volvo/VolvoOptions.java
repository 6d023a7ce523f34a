package io.evobserver.source.volvo;

import io.evobserver.auth.TokenStore;
import io.evobserver.core.ConfigurationException;
import io.evobserver.core.SourceContext;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** Volvo's own options, shared by {@code run}/{@code snapshot} (mixed in by the command line) and {@code login volvo}. */
final class VolvoOptions {

    @Option(names = "--volvo-client-id", paramLabel = "ID",
            description = "Volvo: OAuth client id of your published Volvo developer application. "
                    + "Env: EV_OBSERVER_VOLVO_CLIENT_ID.")
    String clientId;

    // no defaultValue from the environment here: picocli could show it in --help
    @Option(names = "--volvo-client-secret", paramLabel = "SECRET",
            description = "Volvo: the application's client secret. Env: EV_OBSERVER_VOLVO_CLIENT_SECRET (preferred: "
                    + "a flag shows up in the process list).")
    String clientSecret;

    @Option(names = "--volvo-api-key", paramLabel = "KEY",
            description = "Volvo: the application's VCC API key (sent as vcc-api-key). Env: EV_OBSERVER_VOLVO_API_KEY.")
    String apiKey;

    @Option(names = "--volvo-no-location",
            description = "Volvo: do not poll the car's position (login then does not ask for location:read).")
    boolean noLocation;

    @Option(names = "--volvo-requests-per-minute", paramLabel = "N", defaultValue = "90",
            description = "Volvo: most API calls in any rolling minute (Volvo allows 100). Default: ${DEFAULT-VALUE}.")
    int requestsPerMinute;

    /** The account settings from these options, the shared ones and the EV_OBSERVER_VOLVO_* variables. */
    VolvoConfig config(String apiBaseUrl, String authBaseUrl, Path tokenFile, List<String> vins) {
        String id = required(clientId, "CLIENT_ID", "--volvo-client-id");
        String secret = required(clientSecret, "CLIENT_SECRET", "--volvo-client-secret");
        String key = required(apiKey, "API_KEY", "--volvo-api-key");
        if (requestsPerMinute < 1 || requestsPerMinute > 100) {
            throw new ConfigurationException("--volvo-requests-per-minute: must be between 1 and 100");
        }
        URI api = SourceContext.httpUrl("--api-base-url", SourceContext.setting(apiBaseUrl, "volvo", "API_BASE_URL"),
                VolvoConfig.DEFAULT_API_BASE_URL);
        URI auth = SourceContext.httpUrl("--auth-base-url", SourceContext.setting(authBaseUrl, "volvo", "AUTH_BASE_URL"),
                VolvoConfig.DEFAULT_AUTH_BASE_URL);
        Path path = TokenStore.configuredPath(tokenFile, "volvo");
        return new VolvoConfig(api, auth, id, secret, key, vins == null ? List.of() : vins.stream()
                .map(String::trim).filter(v -> !v.isEmpty()).toList(), path, !noLocation, requestsPerMinute);
    }

    private static String required(String flag, String envName, String option) {
        String value = SourceContext.setting(flag, "volvo", envName);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(option + " is required for volvo (or set EV_OBSERVER_VOLVO_" + envName + ")");
        }
        return value.trim();
    }
}
