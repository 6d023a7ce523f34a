package io.evobserver.source.tesla;

import io.evobserver.auth.ClientOptions;
import io.evobserver.auth.TokenStore;
import io.evobserver.core.ConfigurationException;
import io.evobserver.core.Durations;
import io.evobserver.core.SourceContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Tesla's own options, shared by {@code run}/{@code snapshot} (mixed in by the command line) and {@code login tesla}. */
final class TeslaOptions {

    /** --tesla-client-id and --tesla-client-secret. */
    final ClientOptions client = new ClientOptions("tesla", "ID",
            "Tesla: client id of your Fleet API application (developer.tesla.com); not used with --tesla-api owner.",
            "Tesla: the application's client secret (omit for an open-source PKCE-only application).");

    @Spec
    void declareClient(CommandSpec spec) {
        client.declare(spec);
    }

    @Option(names = "--tesla-region", paramLabel = "REGION",
            description = "Tesla: na (North America, Asia-Pacific), eu (Europe, Middle East, Africa) or cn. "
                    + "Picks the API host and the login audience. Env: EV_OBSERVER_TESLA_REGION. Default: na.")
    String region;

    @Option(names = "--tesla-api", paramLabel = "API",
            description = "Tesla: fleet (official, billed per call; default) or owner (legacy, free, best-effort: "
                    + "Tesla is closing it). Env: EV_OBSERVER_TESLA_API.")
    String api;

    @Option(names = "--tesla-wake",
            description = "Tesla: allow wake_up of an asleep car whose data is stale (billed at the wake price, "
                    + "drains the battery). Off by default: ev-observer never wakes a car otherwise.")
    boolean wake;

    @Option(names = "--tesla-wakes-per-day", paramLabel = "N", defaultValue = "1",
            description = "Tesla: with --tesla-wake, most wake-ups per car and UTC day. Default: ${DEFAULT-VALUE}.")
    int wakesPerDay;

    @Option(names = "--tesla-idle-minutes", paramLabel = "N", defaultValue = "15",
            description = "Tesla: after this long online and idle, stop calling vehicle_data so the car can sleep. "
                    + "Default: ${DEFAULT-VALUE}.")
    int idleMinutes;

    @Option(names = "--tesla-suspend-minutes", paramLabel = "N", defaultValue = "21",
            description = "Tesla: how long vehicle_data then stays off (free state checks only). Default: ${DEFAULT-VALUE}.")
    int suspendMinutes;

    @Option(names = "--tesla-active-interval", paramLabel = "DURATION", converter = DurationOption.class,
            defaultValue = "3m", description = "Tesla: vehicle_data interval while driving or charging. "
            + "Default: ${DEFAULT-VALUE}.")
    Duration activeInterval;

    @Option(names = "--tesla-idle-interval", paramLabel = "DURATION", converter = DurationOption.class,
            defaultValue = "5m", description = "Tesla: vehicle_data interval while online and idle. "
            + "Default: ${DEFAULT-VALUE}.")
    Duration idleInterval;

    @Option(names = "--tesla-check-interval", paramLabel = "DURATION", converter = DurationOption.class,
            defaultValue = "5m", description = "Tesla: state check (vehicle list, never wakes the car) while asleep, "
            + "offline or left to sleep. Default: ${DEFAULT-VALUE}.")
    Duration checkInterval;

    @Option(names = "--tesla-price-data", paramLabel = "USD", defaultValue = "0.002",
            description = "Tesla: price of one vehicle_data call for ev_observer.api.cost ($1 per 500). "
                    + "Default: ${DEFAULT-VALUE}.")
    double dataPrice;

    @Option(names = "--tesla-price-wake", paramLabel = "USD", defaultValue = "0.02",
            description = "Tesla: price of one wake_up call ($1 per 50). Default: ${DEFAULT-VALUE}.")
    double wakePrice;

    @Option(names = "--tesla-price-list", paramLabel = "USD", defaultValue = "0",
            description = "Tesla: price of one vehicle list call (integrations treat it as free). "
                    + "Default: ${DEFAULT-VALUE}.")
    double listPrice;

    @Option(names = "--tesla-no-location",
            description = "Tesla: do not ask for location_data (no coordinates; no location icon on the car's screen).")
    boolean noLocation;

    @Option(names = "--tesla-energy",
            description = "Tesla: also read the account's energy sites (Powerwall, solar): live_status at most once a "
                    + "minute as energy.* metrics. Needs the energy_device_data scope.")
    boolean energy;

    /** The account settings from these options, the shared ones and the EV_OBSERVER_TESLA_* variables. */
    TeslaConfig config(SourceContext context) {
        TeslaConfig.Api which = api();
        String reg = setting(region, "REGION");
        reg = reg == null ? "na" : reg.trim().toLowerCase(Locale.ROOT);
        if (!TeslaConfig.REGIONS.contains(reg)) {
            throw new ConfigurationException("--tesla-region: use na, eu or cn");
        }
        String id;
        String secret = null;
        if (which == TeslaConfig.Api.OWNER) {
            id = TeslaConfig.OWNER_CLIENT_ID;
        } else {
            id = client.requireClientId("for the Fleet API", "see the README, section Tesla, to register an application");
            secret = client.clientSecret();
        }
        if (wakesPerDay < 0 || wakesPerDay > 48) {
            throw new ConfigurationException("--tesla-wakes-per-day: must be between 0 and 48");
        }
        if (idleMinutes < 1 || suspendMinutes < 1) {
            throw new ConfigurationException("--tesla-idle-minutes and --tesla-suspend-minutes: must be at least 1");
        }
        if (dataPrice < 0 || wakePrice < 0 || listPrice < 0) {
            throw new ConfigurationException("--tesla-price-*: must not be negative");
        }
        for (Duration d : List.of(activeInterval, idleInterval, checkInterval)) {
            if (d == null || d.compareTo(Duration.ofSeconds(10)) < 0) {
                throw new ConfigurationException("--tesla-*-interval: must be at least 10s");
            }
        }
        String apiUrl = setting(context.apiBaseUrl(), "API_BASE_URL");
        String authUrl = setting(context.authBaseUrl(), "AUTH_BASE_URL");
        URI apiBase = SourceContext.httpUrl("--api-base-url", apiUrl, TeslaConfig.defaultApiBaseUrl(which, reg));
        // one --auth-base-url moves both the sign-in page and the token endpoint (a proxy, a test stub)
        URI authBase = SourceContext.httpUrl("--auth-base-url", authUrl, TeslaConfig.defaultAuthBaseUrl(which, reg));
        URI tokenBase = authUrl == null || authUrl.isBlank() ? TeslaConfig.defaultTokenBaseUrl(which, reg) : authBase;
        Path path = TokenStore.configuredPath(context.tokenFile(), "tesla");
        return new TeslaConfig(which, reg, apiBase, authBase, tokenBase, id, secret, context.selectedVins(), path,
                !noLocation, wake, wakesPerDay, Duration.ofMinutes(idleMinutes), Duration.ofMinutes(suspendMinutes),
                activeInterval, idleInterval, checkInterval, dataPrice, wakePrice, listPrice, energy);
    }

    TeslaConfig.Api api() {
        String value = setting(api, "API");
        if (value == null || value.isBlank()) {
            return TeslaConfig.Api.FLEET;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "fleet" -> TeslaConfig.Api.FLEET;
            case "owner" -> TeslaConfig.Api.OWNER;
            default -> throw new ConfigurationException("--tesla-api: use fleet or owner");
        };
    }

    private static String setting(String flag, String name) {
        return SourceContext.setting(flag, "tesla", name);
    }

    /** The picocli form of {@link Durations#parse}. */
    static final class DurationOption implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
