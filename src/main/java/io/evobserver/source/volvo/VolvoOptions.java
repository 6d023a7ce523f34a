package io.evobserver.source.volvo;

import io.evobserver.auth.ClientOptions;
import io.evobserver.auth.TokenStore;
import io.evobserver.core.ConfigurationException;
import io.evobserver.core.SourceContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;

/** Volvo's own options, shared by {@code run}/{@code snapshot} (mixed in by the command line) and {@code login volvo}. */
final class VolvoOptions {

    /** --volvo-client-id and --volvo-client-secret. */
    final ClientOptions client = new ClientOptions("volvo", "ID",
            "Volvo: OAuth client id of your published Volvo developer application.",
            "Volvo: the application's client secret.");

    @Spec
    void declareClient(CommandSpec spec) {
        client.declare(spec);
    }

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
    VolvoConfig config(SourceContext context) {
        String id = client.requireClientId("for volvo", null);
        String secret = client.requireClientSecret("for volvo", null);
        String key = SourceContext.setting(apiKey, "volvo", "API_KEY");
        if (key == null || key.isBlank()) {
            throw new ConfigurationException("--volvo-api-key is required for volvo (or set EV_OBSERVER_VOLVO_API_KEY)");
        }
        if (requestsPerMinute < 1 || requestsPerMinute > 100) {
            throw new ConfigurationException("--volvo-requests-per-minute: must be between 1 and 100");
        }
        URI api = context.apiBaseUrl("volvo", VolvoConfig.DEFAULT_API_BASE_URL);
        URI auth = context.authBaseUrl("volvo", VolvoConfig.DEFAULT_AUTH_BASE_URL);
        Path path = TokenStore.configuredPath(context.tokenFile(), "volvo");
        return new VolvoConfig(api, auth, id, secret, key.trim(), context.selectedVins(), path, !noLocation,
                requestsPerMinute);
    }
}
