package io.evobserver.cli;

import io.evobserver.core.SelfMetrics;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceProvider;
import io.evobserver.core.SourceSettings;
import io.evobserver.source.SourceRegistry;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Options shared by {@code run} and {@code snapshot}: which sources, and how to reach them. */
final class SourceOptions {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "${env:EV_OBSERVER_CONFIG}",
            description = "YAML file with these settings (keys: the long options without --) and a `sources:` "
                    + "list for several accounts; flags and OTEL_* variables override it. Env: EV_OBSERVER_CONFIG.")
    Path config;

    @Option(names = "--vehicle", paramLabel = "KIND", split = ",", defaultValue = "${env:EV_OBSERVER_VEHICLE}",
            completionCandidates = SourceNames.class,
            description = "Source(s) to poll: ${COMPLETION-CANDIDATES}. Repeatable or a comma list. "
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

    /** The accounts of the configuration file's {@code sources:} list, when they decide what is polled. */
    List<AccountSources.Account> accounts = List.of();

    /** The values of each registered source's own options, by source name. */
    final Map<String, SourceSettings> perSource = new LinkedHashMap<>();

    SourceOptions() {
        for (SourceProvider provider : SourceRegistry.ALL) {
            perSource.put(provider.name(), new SourceSettings(provider.options()));
        }
    }

    /** Picocli calls this while building run/snapshot: each source's options join the command's. */
    @Spec(Spec.Target.MIXEE)
    void addSourceOptions(CommandSpec command) {
        perSource.forEach((name, settings) -> command.addMixin(name, SourceOptionSpecs.mixin(settings)));
    }

    /** The sources asked for, lower-cased and validated; demo when none was named. */
    List<String> kinds() {
        if (!accounts.isEmpty()) {
            return accounts.stream().map(AccountSources.Account::label).toList();
        }
        Set<String> result = new LinkedHashSet<>();
        for (String v : vehicles) {
            String k = v.trim().toLowerCase(Locale.ROOT);
            if (k.isEmpty()) {
                continue;
            }
            if (!perSource.containsKey(k)) {
                throw new UsageException("--vehicle: unknown source '" + v + "' (use " + SourceNames.list("or") + ")");
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

    /** The shared settings every source gets. */
    SourceContext context(SelfMetrics selfMetrics, Clock clock) {
        return new SourceContext(apiBaseUrl, authBaseUrl, tokenFile, vins, selfMetrics, clock);
    }

    /** The names of the registered sources, for {@code --vehicle}'s help and messages. */
    static final class SourceNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return SourceRegistry.ALL.stream().map(SourceProvider::name).iterator();
        }

        /** {@code a, b or c}. */
        static String list(String lastSeparator) {
            List<String> names = SourceRegistry.ALL.stream().map(SourceProvider::name).toList();
            return String.join(", ", names.subList(0, names.size() - 1)) + " " + lastSeparator + " "
                    + names.get(names.size() - 1);
        }
    }
}
