package io.evobserver.core;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What every source gets besides its own options: the shared flags of {@code run} and
 * {@code snapshot} ({@code --api-base-url}, {@code --auth-base-url}, {@code --token-file},
 * {@code --vin}; null when not given) and the process's self-metrics and clock.
 */
public record SourceContext(String apiBaseUrl, String authBaseUrl, Path tokenFile, List<String> vins,
                            SelfMetrics selfMetrics, Clock clock) {

    public SourceContext {
        vins = vins == null ? List.of() : List.copyOf(vins);
        Objects.requireNonNull(selfMetrics, "selfMetrics");
        Objects.requireNonNull(clock, "clock");
    }

    /** {@link #vins()} trimmed, blanks dropped. */
    public List<String> selectedVins() {
        return vins.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** {@code --api-base-url}, else {@code EV_OBSERVER_<SOURCE>_API_BASE_URL}, else {@code fallback}. */
    public URI apiBaseUrl(String source, URI fallback) {
        return httpUrl("--api-base-url", setting(apiBaseUrl, source, "API_BASE_URL"), fallback);
    }

    /** {@code --auth-base-url}, else {@code EV_OBSERVER_<SOURCE>_AUTH_BASE_URL}, else {@code fallback}. */
    public URI authBaseUrl(String source, URI fallback) {
        return httpUrl("--auth-base-url", setting(authBaseUrl, source, "AUTH_BASE_URL"), fallback);
    }

    /** A per-source setting: the flag, else {@code EV_OBSERVER_<SOURCE>_<NAME>}, else null. */
    public static String setting(String flagValue, String source, String name) {
        if (flagValue != null) {
            return flagValue;
        }
        String env = System.getenv("EV_OBSERVER_" + source.toUpperCase(Locale.ROOT) + "_" + name);
        return env == null || env.isBlank() ? null : env;
    }

    /**
     * An http(s) URL setting: {@code fallback} when {@code value} is null or blank.
     *
     * @throws ConfigurationException naming {@code option} when the value is not an http(s) URL
     */
    public static URI httpUrl(String option, String value, URI fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            URI uri = URI.create(value.trim());
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(option + ": not an http(s) URL");
        }
    }
}
