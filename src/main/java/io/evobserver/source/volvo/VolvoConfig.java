package io.evobserver.source.volvo;

import io.evobserver.http.BaseUrl;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one Volvo account. {@link #toString()} shows no secret.
 *
 * @param apiBaseUrl        host of the Connected Vehicle, Energy and Location APIs (paths are appended)
 * @param authBaseUrl       Volvo ID host ({@code /as/authorization.oauth2}, {@code /as/token.oauth2})
 * @param clientId          the published application's OAuth client id
 * @param clientSecret      its client secret (HTTP Basic on the token endpoint)
 * @param apiKey            the application's VCC API key, sent as {@code vcc-api-key} on every call
 * @param vins              only these vehicles (empty: every vehicle of the account)
 * @param tokenFile         the token store
 * @param location          whether to poll the (privacy-sensitive) position
 * @param requestsPerMinute the hard cap of calls in any rolling minute (Volvo allows 100 per user and client)
 */
public record VolvoConfig(URI apiBaseUrl, URI authBaseUrl, String clientId, String clientSecret, String apiKey,
                          List<String> vins, Path tokenFile, boolean location, int requestsPerMinute) {

    public static final URI DEFAULT_API_BASE_URL = URI.create("https://api.volvocars.com");
    public static final URI DEFAULT_AUTH_BASE_URL = URI.create("https://volvoid.eu.volvocars.com");
    /** Volvo's limit is 100 per minute; 10 stay free for 401 retries and the user's own app calls. */
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 90;

    public VolvoConfig {
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        Objects.requireNonNull(authBaseUrl, "authBaseUrl");
        Objects.requireNonNull(tokenFile, "tokenFile");
        // every call needs all three: a blank one would only fail later, at Volvo, as a 401
        if (clientId.isBlank() || clientSecret.isBlank() || apiKey.isBlank()) {
            throw new IllegalArgumentException("the client id, client secret and API key must not be blank");
        }
        vins = List.copyOf(vins == null ? List.of() : vins);
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("requestsPerMinute must be positive");
        }
    }

    public URI tokenEndpoint() {
        return BaseUrl.join(authBaseUrl, "/as/token.oauth2");
    }

    public URI authorizeEndpoint() {
        return BaseUrl.join(authBaseUrl, "/as/authorization.oauth2");
    }

    @Override
    public String toString() {
        return "VolvoConfig[api=" + apiBaseUrl + ", auth=" + authBaseUrl + ", clientId=" + clientId
                + ", vins=" + vins.size() + ", tokenFile=" + tokenFile + ", location=" + location
                + ", requestsPerMinute=" + requestsPerMinute + "]";
    }
}
