package io.evobserver.source.tesla;

import io.evobserver.http.BaseUrl;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of one Tesla account. {@link #toString()} shows no secret.
 *
 * @param api           Fleet API (official, billed) or the legacy Owner API (free, best-effort)
 * @param region        {@code na}, {@code eu} or {@code cn}: picks the default hosts
 * @param apiBaseUrl    API host; documented paths are appended ({@code /api/1/vehicles})
 * @param authBaseUrl   host of the browser sign-in page ({@code /oauth2/v3/authorize})
 * @param tokenBaseUrl  host of the token endpoint ({@code /oauth2/v3/token})
 * @param clientId      the developer application's client id ({@code ownerapi} for the Owner API)
 * @param clientSecret  its secret, or null for an open-source (PKCE-only) application
 * @param vins          only these vehicles (empty: all of the account)
 * @param tokenFile     the token store
 * @param location      ask for {@code location_data} (needs the {@code vehicle_location} scope)
 * @param wake          whether ev-observer may send {@code wake_up} (billed, drains the battery)
 * @param wakesPerDay   the most wake-ups per car and UTC day when {@code wake} is on
 * @param idle          how long an online car may sit idle before vehicle_data stops so it can sleep
 * @param suspend       how long vehicle_data then stays off (only free state checks)
 * @param activeInterval vehicle_data interval while driving or charging
 * @param idleInterval  vehicle_data interval while online and idle (before the suspend)
 * @param checkInterval state-check interval while asleep, offline or suspended
 * @param dataPrice     USD per vehicle_data call (Fleet "data" category)
 * @param wakePrice     USD per wake_up call (Fleet "wakes" category)
 * @param statePrice    USD per vehicle list call (treated as free by integrations; unconfirmed); also charged
 *                      for the energy-site calls, whose category the reference leaves unconfirmed
 * @param energy        also poll the account's energy sites ({@code --tesla-energy}: Powerwall/solar live_status)
 */
public record TeslaConfig(Api api, String region, URI apiBaseUrl, URI authBaseUrl, URI tokenBaseUrl,
                          String clientId, String clientSecret, List<String> vins, Path tokenFile, boolean location,
                          boolean wake, int wakesPerDay, Duration idle, Duration suspend, Duration activeInterval,
                          Duration idleInterval, Duration checkInterval, double dataPrice, double wakePrice,
                          double statePrice, boolean energy) {

    /** Which Tesla API. */
    public enum Api {
        FLEET, OWNER;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final List<String> REGIONS = List.of("na", "eu", "cn");
    public static final String OWNER_CLIENT_ID = "ownerapi";
    public static final double DEFAULT_DATA_PRICE = 0.002;   // $1 per 500
    public static final double DEFAULT_WAKE_PRICE = 0.02;    // $1 per 50
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(15);
    public static final Duration DEFAULT_SUSPEND = Duration.ofMinutes(21);
    public static final Duration DEFAULT_ACTIVE_INTERVAL = Duration.ofMinutes(3);
    public static final Duration DEFAULT_IDLE_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMinutes(5);
    /** Sections asked of vehicle_data; {@code location_data} is needed for coordinates since firmware 2023.38. */
    static final String SECTIONS = "charge_state;climate_state;drive_state;vehicle_state;vehicle_config;gui_settings";

    public TeslaConfig {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        Objects.requireNonNull(authBaseUrl, "authBaseUrl");
        Objects.requireNonNull(tokenBaseUrl, "tokenBaseUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(tokenFile, "tokenFile");
        vins = List.copyOf(vins == null ? List.of() : vins);
        if (!REGIONS.contains(region)) {
            throw new IllegalArgumentException("region must be na, eu or cn");
        }
        if (wakesPerDay < 0 || dataPrice < 0 || wakePrice < 0 || statePrice < 0) {
            throw new IllegalArgumentException("wakes per day and prices must not be negative");
        }
        for (Duration d : List.of(idle, suspend, activeInterval, idleInterval, checkInterval)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("intervals must be positive");
            }
        }
    }

    /** Without energy sites (the shape before {@code --tesla-energy}). */
    public TeslaConfig(Api api, String region, URI apiBaseUrl, URI authBaseUrl, URI tokenBaseUrl, String clientId,
                       String clientSecret, List<String> vins, Path tokenFile, boolean location, boolean wake,
                       int wakesPerDay, Duration idle, Duration suspend, Duration activeInterval,
                       Duration idleInterval, Duration checkInterval, double dataPrice, double wakePrice,
                       double statePrice) {
        this(api, region, apiBaseUrl, authBaseUrl, tokenBaseUrl, clientId, clientSecret, vins, tokenFile, location,
                wake, wakesPerDay, idle, suspend, activeInterval, idleInterval, checkInterval, dataPrice, wakePrice,
                statePrice, false);
    }

    /** Defaults for one API and region; the CLI overrides what the user set. */
    public static TeslaConfig defaults(Api api, String region, String clientId, String clientSecret, Path tokenFile) {
        return new TeslaConfig(api, region, defaultApiBaseUrl(api, region), defaultAuthBaseUrl(api, region),
                defaultTokenBaseUrl(api, region), clientId, clientSecret, List.of(), tokenFile, true, false, 1,
                DEFAULT_IDLE, DEFAULT_SUSPEND, DEFAULT_ACTIVE_INTERVAL, DEFAULT_IDLE_INTERVAL, DEFAULT_CHECK_INTERVAL,
                DEFAULT_DATA_PRICE, DEFAULT_WAKE_PRICE, 0.0);
    }

    /** The Fleet API host of a region, also the token request's {@code audience}. */
    public static URI fleetHost(String region) {
        return URI.create(switch (region) {
            case "eu" -> "https://fleet-api.prd.eu.vn.cloud.tesla.com";
            case "cn" -> "https://fleet-api.prd.cn.vn.cloud.tesla.cn";
            default -> "https://fleet-api.prd.na.vn.cloud.tesla.com";
        });
    }

    public static URI defaultApiBaseUrl(Api api, String region) {
        if (api == Api.OWNER) {
            return URI.create("cn".equals(region) ? "https://owner-api.vn.cloud.tesla.cn" : "https://owner-api.teslamotors.com");
        }
        return fleetHost(region);
    }

    public static URI defaultAuthBaseUrl(Api api, String region) {
        return URI.create("cn".equals(region) ? "https://auth.tesla.cn" : "https://auth.tesla.com");
    }

    /** Fleet token calls go to fleet-auth since August 2025; the Owner API keeps the SSO host. */
    public static URI defaultTokenBaseUrl(Api api, String region) {
        if (api == Api.FLEET && !"cn".equals(region)) {
            return URI.create("https://fleet-auth.prd.vn.cloud.tesla.com");
        }
        return defaultAuthBaseUrl(api, region);
    }

    public URI tokenEndpoint() {
        return BaseUrl.join(tokenBaseUrl, "/oauth2/v3/token");
    }

    public URI authorizeEndpoint() {
        return BaseUrl.join(authBaseUrl, "/oauth2/v3/authorize");
    }

    /** What the Fleet token request names as {@code audience}: the region's Fleet host (or the configured API host). */
    public String audience() {
        return BaseUrl.text(apiBaseUrl);
    }

    /** The {@code endpoints} query value, with {@code location_data} unless location is off. */
    String sections() {
        return location ? SECTIONS.replace("drive_state;", "drive_state;location_data;") : SECTIONS;
    }

    public TeslaConfig withApiBaseUrl(URI url) {
        return new TeslaConfig(api, region, url, authBaseUrl, tokenBaseUrl, clientId, clientSecret, vins, tokenFile,
                location, wake, wakesPerDay, idle, suspend, activeInterval, idleInterval, checkInterval, dataPrice,
                wakePrice, statePrice, energy);
    }

    public TeslaConfig withEnergy(boolean on) {
        return new TeslaConfig(api, region, apiBaseUrl, authBaseUrl, tokenBaseUrl, clientId, clientSecret, vins,
                tokenFile, location, wake, wakesPerDay, idle, suspend, activeInterval, idleInterval, checkInterval,
                dataPrice, wakePrice, statePrice, on);
    }

    @Override
    public String toString() {
        return "TeslaConfig[api=" + api.label() + ", region=" + region + ", apiBase=" + apiBaseUrl + ", clientId="
                + clientId + ", secret=" + (clientSecret == null ? "none" : "set") + ", vins=" + vins.size()
                + ", tokenFile=" + tokenFile + ", wake=" + wake + ", idle=" + idle + ", energy=" + energy + "]";
    }
}
