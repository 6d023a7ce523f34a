package io.evobserver.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Options shared by {@code run} and {@code snapshot}: which sources, and how to reach them. */
final class SourceOptions {

    static final Set<String> KINDS = Set.of("tesla", "bmw", "volvo", "chargy", "demo");

    @Option(names = "--vehicle", paramLabel = "KIND", split = ",", defaultValue = "${env:EV_OBSERVER_VEHICLE}",
            description = "Source(s) to poll: tesla, bmw, volvo, chargy, demo. Repeatable or a comma list. "
                    + "Env: EV_OBSERVER_VEHICLE. Default: demo.")
    List<String> vehicles = new ArrayList<>();

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:EV_OBSERVER_INTERVAL}",
            description = "Fixed poll interval (e.g. 30s, 5m); overrides the adaptive policy. Env: EV_OBSERVER_INTERVAL.")
    Duration interval;

    @Option(names = "--token-file", paramLabel = "PATH",
            description = "The vendor's token file. Default: ~/.config/ev-observer/<vendor>-token.json "
                    + "(env EV_OBSERVER_<VENDOR>_TOKEN_FILE).")
    Path tokenFile;

    @Option(names = "--api-base-url", paramLabel = "URL",
            description = "The vendor API's base URL (regional host, proxy, test stub). "
                    + "Env: EV_OBSERVER_<VENDOR>_API_BASE_URL.")
    String apiBaseUrl;

    @Option(names = "--auth-base-url", paramLabel = "URL",
            description = "The vendor's OAuth server base URL. Env: EV_OBSERVER_<VENDOR>_AUTH_BASE_URL.")
    String authBaseUrl;

    @Option(names = "--vin", paramLabel = "VIN", split = ",", defaultValue = "${env:EV_OBSERVER_VIN}",
            description = "Only these vehicles. Repeatable. Env: EV_OBSERVER_VIN.")
    List<String> vins = new ArrayList<>();

    @Option(names = "--hide-vin", description = "Export a stable pseudonym instead of each VIN "
            + "(salted with env EV_OBSERVER_VIN_SALT when set).")
    boolean hideVin;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "${env:LOG_LEVEL:-info}",
            description = "debug, info, warn or error. Env: LOG_LEVEL. Default: ${DEFAULT-VALUE}.")
    String logLevel;

    @Option(names = "--demo-vehicles", paramLabel = "N", defaultValue = "1",
            description = "Demo: number of simulated vehicles. Default: ${DEFAULT-VALUE}.")
    int demoVehicles;

    @Option(names = {"--seed", "--demo-seed"}, paramLabel = "N", defaultValue = "42",
            description = "Demo: seed that makes the fleet and its values reproducible. Default: ${DEFAULT-VALUE}.")
    long demoSeed;

    @Option(names = "--demo-time-scale", paramLabel = "X", defaultValue = "60",
            description = "Demo: simulated seconds per real second (60 = a day in 24 minutes). "
                    + "Default: ${DEFAULT-VALUE}.")
    double demoTimeScale;

    @Option(names = "--chargy-url", paramLabel = "URL", defaultValue = "${env:EV_OBSERVER_CHARGY_URL}",
            description = "Chargy: the KML feed URL with its API-KEY parameter. Env: EV_OBSERVER_CHARGY_URL. "
                    + "Default: the feed URL the open-data portal publishes.")
    String chargyUrl;

    @Option(names = "--chargy-station", paramLabel = "NAME_OR_ID",
            description = "Chargy: only stations whose id or CP number equals, or whose name contains, "
                    + "this (case-insensitive). Repeatable.")
    List<String> chargyStations = new ArrayList<>();

    @Mixin
    BmwOptions bmw = new BmwOptions();

    @picocli.CommandLine.Mixin
    VolvoOptions volvo = new VolvoOptions();

    @Mixin
    TeslaOptions tesla = new TeslaOptions();

    /** The sources asked for, lower-cased and validated; demo when none was named. */
    List<String> kinds() {
        Set<String> result = new LinkedHashSet<>();
        for (String v : vehicles) {
            String k = v.trim().toLowerCase(Locale.ROOT);
            if (k.isEmpty()) {
                continue;
            }
            if (!KINDS.contains(k)) {
                throw new UsageException("--vehicle: unknown source '" + v + "' (use tesla, bmw, volvo, chargy or demo)");
            }
            result.add(k);
        }
        if (result.isEmpty()) {
            result.add("demo");
        }
        if (result.size() > 1 && (apiBaseUrl != null || authBaseUrl != null || tokenFile != null)) {
            throw new UsageException("--api-base-url, --auth-base-url and --token-file apply to one source; "
                    + "use the EV_OBSERVER_<VENDOR>_* variables when polling several");
        }
        return List.copyOf(result);
    }

    /** A per-vendor setting: the flag, else {@code EV_OBSERVER_<VENDOR>_<NAME>}, else null. */
    static String vendorSetting(String flagValue, String vendor, String name) {
        if (flagValue != null) {
            return flagValue;
        }
        String env = System.getenv("EV_OBSERVER_" + vendor.toUpperCase(Locale.ROOT) + "_" + name);
        return env == null || env.isBlank() ? null : env;
    }
}
