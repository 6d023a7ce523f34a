package io.evobserver.cli;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceProvider;
import io.evobserver.core.SourceSettings;
import io.evobserver.source.SourceRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The {@code sources:} list of a configuration file: several accounts, of one source or several,
 * in one process. Each account gets a fresh options object from its provider, filled by parsing
 * the account's keys as {@code --key value} (so every option keeps its converter and checks), and
 * its own token file, API and auth URLs and VIN filter; its fetcher is then built the way
 * {@code --vehicle} builds one.
 */
final class AccountSources {

    private static final Logger LOG = Logger.getLogger(AccountSources.class.getName());

    /** The keys every account may hold besides its source's own options. */
    @Command(name = "account")
    static final class Account {
        @Option(names = "--vehicle", required = true)
        String vehicle;

        @Option(names = "--name")
        String name;

        @Option(names = "--token-file")
        Path tokenFile;

        @Option(names = "--api-base-url")
        String apiBaseUrl;

        @Option(names = "--auth-base-url")
        String authBaseUrl;

        @Option(names = "--vin", split = ",")
        List<String> vins = new ArrayList<>();

        SourceProvider provider;
        SourceSettings options;
        int line;

        String label() {
            return vehicle + (name == null ? "" : " '" + name + "'");
        }
    }

    private AccountSources() {
    }

    /** Every account parsed and checked; one line per problem in {@code problems}. */
    static List<Account> parse(List<ConfigFile.Account> accounts, List<String> problems) {
        List<Account> result = new ArrayList<>();
        Map<String, Integer> tokenFiles = new HashMap<>();
        Map<String, Integer> names = new HashMap<>();
        for (ConfigFile.Account entry : accounts) {
            int before = problems.size();
            Account account = parse(entry, problems);
            if (problems.size() > before) {
                continue;
            }
            String label = account.vehicle + "/" + (account.name == null ? "" : account.name);
            Integer first = names.putIfAbsent(label, entry.line());
            if (first != null) {
                problems.add("line " + entry.line() + ": sources: a second " + account.label()
                        + " account (first on line " + first + "); give each a different name");
            }
            // two accounts of one signed-in source must not share (and overwrite) one token file
            if (account.provider.hasLogin()) {
                String token = account.vehicle + ":" + (account.tokenFile == null ? "(default)"
                        : account.tokenFile.toAbsolutePath().normalize());
                Integer other = tokenFiles.putIfAbsent(token, entry.line());
                if (other != null) {
                    problems.add("line " + entry.line() + ": token-file: " + account.label()
                            + " uses the same token file as the account on line " + other
                            + "; give each account its own token-file");
                }
            }
            result.add(account);
        }
        return result;
    }

    private static Account parse(ConfigFile.Account entry, List<String> problems) {
        int before = problems.size();
        Account account = new Account();
        account.line = entry.line();
        ConfigFile.Setting vehicle = entry.settings().stream().filter(s -> s.key().equals("vehicle")).findFirst()
                .orElse(null);
        if (vehicle == null || !vehicle.value().isTextual()) {
            problems.add("line " + entry.line() + ": sources: each entry needs `vehicle: NAME` ("
                    + SourceOptions.SourceNames.list("or") + ")");
            return account;
        }
        String kind = vehicle.value().asText().trim().toLowerCase(java.util.Locale.ROOT);
        SourceProvider provider = SourceRegistry.find(kind).orElse(null);
        if (provider == null) {
            problems.add("line " + vehicle.line() + ": vehicle: unknown source '" + vehicle.value().asText()
                    + "' (use " + SourceOptions.SourceNames.list("or") + ")");
            return account;
        }
        account.provider = provider;
        account.options = new SourceSettings(provider.options());
        CommandLine cli = new CommandLine(account);
        cli.addMixin(kind, SourceOptionSpecs.mixin(account.options));
        Map<String, OptionSpec> options = new HashMap<>();
        for (OptionSpec o : cli.getCommandSpec().options()) {
            options.put(o.longestName().substring(2), o);
        }
        List<String> args = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ConfigFile.Setting s : entry.settings()) {
            String where = "line " + s.line() + ": " + s.key() + ": ";
            OptionSpec option = options.get(s.key());
            if (option == null) {
                problems.add("line " + s.line() + ": unknown key '" + s.key() + "' for a " + kind + " account");
                continue;
            }
            if (!seen.add(s.key())) {
                problems.add(where + "given twice");
                continue;
            }
            try {
                List<String> one = ConfigCheckCommand.arguments(s, option);
                probe(kind, one);
                args.addAll(one);
            } catch (IllegalArgumentException e) {
                problems.add(where + e.getMessage());
            } catch (CommandLine.ParameterException e) {
                problems.add(where + e.getMessage());
            }
        }
        if (problems.size() == before) {
            try {
                cli.parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                problems.add("line " + entry.line() + ": " + e.getMessage());
            }
            if (account.tokenFile != null && account.tokenFile.toString().startsWith("~/")) {
                account.tokenFile = Path.of(System.getProperty("user.home"), account.tokenFile.toString().substring(2));
            }
        }
        return account;
    }

    /** Parses one key alone on a scratch account, so a bad value is reported against its own line. */
    private static void probe(String kind, List<String> args) {
        Account scratch = new Account();
        CommandLine cli = new CommandLine(scratch);
        cli.addMixin(kind, SourceOptionSpecs.mixin(new SourceSettings(SourceRegistry.find(kind).orElseThrow().options())));
        List<String> withVehicle = new ArrayList<>(args);
        if (args.stream().noneMatch(a -> a.startsWith("--vehicle"))) {
            withVehicle.add("--vehicle=" + kind);
        }
        cli.parseArgs(withVehicle.toArray(String[]::new));
    }

    /** One fetcher per account, built the way {@code --vehicle} builds one; all closed if one fails. */
    static List<AbstractVehicleFetcher> create(List<Account> accounts, SelfMetrics selfMetrics, Clock clock)
            throws LoginRequiredException {
        List<AbstractVehicleFetcher> fetchers = new ArrayList<>();
        try {
            for (Account a : accounts) {
                SourceContext context = new SourceContext(a.apiBaseUrl, a.authBaseUrl, a.tokenFile, a.vins,
                        selfMetrics, clock);
                fetchers.add(a.provider.create(a.options, context));
                LOG.info(() -> "account " + a.label() + (a.tokenFile == null ? "" : ": token file " + a.tokenFile));
            }
        } catch (RuntimeException | LoginRequiredException e) {
            fetchers.forEach(AbstractVehicleFetcher::close);
            throw e;
        }
        return fetchers;
    }
}
