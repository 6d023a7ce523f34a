package io.evobserver.source.tesla;

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
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code --vehicle tesla} and {@code login tesla}: the Fleet API (or the legacy owner API). Its options,
 * and how they become a {@link TeslaConfig} and a fetcher.
 */
public final class TeslaSource {

    static final OAuthClientOptions CLIENT = OAuthClientOptions.of("tesla", "ID",
            "Tesla: client id of your Fleet API application (developer.tesla.com); not used with --tesla-api owner.",
            "Tesla: the application's client secret (omit for an open-source PKCE-only application).");
    static final SourceOption REGION = SourceOption.text("tesla-region", "REGION",
            "Tesla: na (North America, Asia-Pacific), eu (Europe, Middle East, Africa) or cn. "
                    + "Picks the API host and the login audience.").withDefault("na");
    static final SourceOption API = SourceOption.text("tesla-api", "API",
            "Tesla: fleet (official, billed per call) or owner (legacy, free, best-effort: Tesla is closing it).")
            .withDefault("fleet");
    // stays visible at login: it adds a scope
    static final SourceOption WAKE = SourceOption.flag("tesla-wake",
            "Tesla: allow wake_up of an asleep car whose data is stale (billed at the wake price, drains the battery). "
                    + "Off by default: ev-observer never wakes a car otherwise.");
    static final SourceOption WAKES_PER_DAY = SourceOption.integer("tesla-wakes-per-day", "N", 1,
            "Tesla: with --tesla-wake, most wake-ups per car and UTC day.").daemonOnly();
    static final SourceOption IDLE_MINUTES = SourceOption.integer("tesla-idle-minutes", "N", 15,
            "Tesla: after this long online and idle, stop calling vehicle_data so the car can sleep.").pacing();
    static final SourceOption SUSPEND_MINUTES = SourceOption.integer("tesla-suspend-minutes", "N", 21,
            "Tesla: how long vehicle_data then stays off (free state checks only).").pacing();
    static final SourceOption ACTIVE_INTERVAL = SourceOption.duration("tesla-active-interval", "3m",
            "Tesla: vehicle_data interval while driving or charging.").pacing();
    static final SourceOption IDLE_INTERVAL = SourceOption.duration("tesla-idle-interval", "5m",
            "Tesla: vehicle_data interval while online and idle.").pacing();
    static final SourceOption CHECK_INTERVAL = SourceOption.duration("tesla-check-interval", "5m",
            "Tesla: state check (vehicle list, never wakes the car) while asleep, offline or left to sleep.").pacing();
    static final SourceOption PRICE_DATA = SourceOption.decimal("tesla-price-data", "USD", "0.002",
            "Tesla: price of one vehicle_data call for ev_observer.api.cost ($1 per 500).").daemonOnly();
    static final SourceOption PRICE_WAKE = SourceOption.decimal("tesla-price-wake", "USD", "0.02",
            "Tesla: price of one wake_up call ($1 per 50).").daemonOnly();
    static final SourceOption PRICE_LIST = SourceOption.decimal("tesla-price-list", "USD", "0",
            "Tesla: price of one vehicle list call (integrations treat it as free).").daemonOnly();
    static final SourceOption NO_LOCATION = SourceOption.flag("tesla-no-location",
            "Tesla: do not ask for location_data (no coordinates; no location icon on the car's screen).").daemonOnly();
    static final SourceOption ENERGY = SourceOption.flag("tesla-energy",
            "Tesla: also read the account's energy sites (Powerwall, solar): live_status at most once a minute as "
                    + "energy.* metrics. Needs the energy_device_data scope.").daemonOnly();

    static final List<SourceOption> ALL = List.of(CLIENT.id(), CLIENT.secret(), REGION, API, WAKE, WAKES_PER_DAY,
            IDLE_MINUTES, SUSPEND_MINUTES, ACTIVE_INTERVAL, IDLE_INTERVAL, CHECK_INTERVAL, PRICE_DATA, PRICE_WAKE,
            PRICE_LIST, NO_LOCATION, ENERGY);

    public static final SourceDefinition DEFINITION =
            SourceDefinition.of("tesla", ALL, TeslaSource::fetcher).withLogin(LoginTeslaCommand::new);

    private TeslaSource() {
    }

    /** The account settings from these options, the shared ones and the EV_OBSERVER_TESLA_* variables. */
    static TeslaConfig config(SourceSettings o, SourceContext context) {
        TeslaConfig.Api which = api(o);
        String reg = o.text(REGION).toLowerCase(Locale.ROOT);
        if (!TeslaConfig.REGIONS.contains(reg)) {
            throw new ConfigurationException("--tesla-region: use na, eu or cn");
        }
        String id;
        String secret = null;
        if (which == TeslaConfig.Api.OWNER) {
            id = TeslaConfig.OWNER_CLIENT_ID;
        } else {
            id = o.require(CLIENT.id(), "for the Fleet API", "see the README, section Tesla, to register an application");
            secret = o.text(CLIENT.secret());
        }
        int wakesPerDay = o.integer(WAKES_PER_DAY);
        int idleMinutes = o.integer(IDLE_MINUTES);
        int suspendMinutes = o.integer(SUSPEND_MINUTES);
        double dataPrice = o.decimal(PRICE_DATA);
        double wakePrice = o.decimal(PRICE_WAKE);
        double listPrice = o.decimal(PRICE_LIST);
        if (wakesPerDay < 0 || wakesPerDay > 48) {
            throw new ConfigurationException("--tesla-wakes-per-day: must be between 0 and 48");
        }
        if (idleMinutes < 1 || suspendMinutes < 1) {
            throw new ConfigurationException("--tesla-idle-minutes and --tesla-suspend-minutes: must be at least 1");
        }
        if (dataPrice < 0 || wakePrice < 0 || listPrice < 0) {
            throw new ConfigurationException("--tesla-price-*: must not be negative");
        }
        Duration activeInterval = o.duration(ACTIVE_INTERVAL);
        Duration idleInterval = o.duration(IDLE_INTERVAL);
        Duration checkInterval = o.duration(CHECK_INTERVAL);
        for (Duration d : List.of(activeInterval, idleInterval, checkInterval)) {
            if (d.compareTo(Duration.ofSeconds(10)) < 0) {
                throw new ConfigurationException("--tesla-*-interval: must be at least 10s");
            }
        }
        String apiUrl = SourceContext.setting(context.apiBaseUrl(), "tesla", "API_BASE_URL");
        String authUrl = SourceContext.setting(context.authBaseUrl(), "tesla", "AUTH_BASE_URL");
        URI apiBase = SourceContext.httpUrl("--api-base-url", apiUrl, TeslaConfig.defaultApiBaseUrl(which, reg));
        // one --auth-base-url moves both the sign-in page and the token endpoint (a proxy, a test stub)
        URI authBase = SourceContext.httpUrl("--auth-base-url", authUrl, TeslaConfig.defaultAuthBaseUrl(which, reg));
        URI tokenBase = authUrl == null || authUrl.isBlank() ? TeslaConfig.defaultTokenBaseUrl(which, reg) : authBase;
        Path path = TokenStore.configuredPath(context.tokenFile(), "tesla");
        return new TeslaConfig(which, reg, apiBase, authBase, tokenBase, id, secret, context.selectedVins(), path,
                !o.flag(NO_LOCATION), o.flag(WAKE), wakesPerDay, Duration.ofMinutes(idleMinutes),
                Duration.ofMinutes(suspendMinutes), activeInterval, idleInterval, checkInterval, dataPrice, wakePrice, listPrice, o.flag(ENERGY));
    }

    static TeslaConfig.Api api(SourceSettings o) {
        return switch (o.text(API).toLowerCase(Locale.ROOT)) {
            case "fleet" -> TeslaConfig.Api.FLEET;
            case "owner" -> TeslaConfig.Api.OWNER;
            default -> throw new ConfigurationException("--tesla-api: use fleet or owner");
        };
    }

    private static AbstractVehicleFetcher fetcher(SourceSettings o, SourceContext context) throws LoginRequiredException {
        TeslaConfig config = config(o, context);
        TokenStore.requireSaved("tesla", config.tokenFile());
        return new TeslaFetcher(config, context.selfMetrics(), context.clock());
    }
}
