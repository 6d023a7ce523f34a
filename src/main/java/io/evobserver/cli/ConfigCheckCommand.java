package io.evobserver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.telemetry.ExportSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code ev-observer config check FILE}: validates a YAML file whose keys are the long options
 * of {@code run} without their dashes ({@code otlp-endpoint: http://…}, lists for repeatable
 * options, {@code true} for switches), printing one line per problem. It checks each setting
 * as {@code run} would parse it, then the settings together (source names, export and buffer
 * values). The same schema {@code run --config FILE} reads (see {@link RunConfig}).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate a YAML configuration file (keys: the options of `run` without --); "
                + "one line per problem, exit 0 when valid, 2 otherwise.")
final class ConfigCheckCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The YAML file.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = new ArrayList<>();
        ConfigFile config = ConfigFile.read(file, problems);
        List<ConfigFile.Setting> settings = config.settings();
        if (problems.isEmpty()) {
            problems.addAll(check(config));
        }
        for (String p : problems) {
            err.println(file + ": " + p);
        }
        if (problems.isEmpty()) {
            out.println(file + ": ok (" + settings.size() + " setting" + (settings.size() == 1 ? "" : "s") + ")");
            return 0;
        }
        return Main.EXIT_USAGE;
    }

    /** Each setting alone as `run` parses it, then all of them together; one line per problem. */
    static List<String> check(ConfigFile config) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> all = eachAlone(config.settings(), seen, problems);
        AccountSources.parse(config.accounts(), problems);
        if (seen.contains(ConfigFile.SOURCES) && seen.contains("vehicle")) {
            problems.add("vehicle and sources: use one of them (sources lists every account)");
        }
        if (problems.isEmpty()) {
            allTogether(all, problems);
        }
        return problems;
    }

    /**
     * Parses each setting on its own, adding a line per problem.
     *
     * @param seen the keys met so far, filled in
     * @return the command-line arguments of the settings that parsed
     */
    private static List<String> eachAlone(List<ConfigFile.Setting> settings, Set<String> seen, List<String> problems) {
        Map<String, CommandLine.Model.OptionSpec> options = runOptions();
        List<String> all = new ArrayList<>();
        for (ConfigFile.Setting s : settings) {
            String where = "line " + s.line() + ": " + s.key() + ": ";
            if (s.key().equals(ConfigFile.SOURCES)) {
                if (!s.value().isArray()) {
                    problems.add(where + "expected a list of accounts (`- vehicle: NAME`)");
                }
                if (!seen.add(s.key())) {
                    problems.add(where + "given twice");
                }
                continue;
            }
            if (s.key().equals("config")) {
                problems.add(where + "not allowed inside a configuration file");
                continue;
            }
            CommandLine.Model.OptionSpec option = options.get(s.key());
            if (option == null) {
                problems.add("line " + s.line() + ": unknown key '" + s.key() + "'" + suggestion(s.key(), options));
                continue;
            }
            if (!seen.add(s.key())) {
                problems.add(where + "given twice");
                continue;
            }
            try {
                List<String> args = arguments(s, option);
                new CommandLine(new RunCommand()).parseArgs(args.toArray(String[]::new));
                all.addAll(args);
            } catch (IllegalArgumentException | CommandLine.ParameterException e) {
                problems.add(where + e.getMessage());
            }
        }
        return all;
    }

    /** `run`'s long options by name, without the dashes. */
    private static Map<String, CommandLine.Model.OptionSpec> runOptions() {
        Map<String, CommandLine.Model.OptionSpec> options = new HashMap<>();
        for (CommandLine.Model.OptionSpec o : new CommandLine(new RunCommand()).getCommandSpec().options()) {
            if (o.longestName().startsWith("--") && !o.usageHelp() && !o.versionHelp()) {
                options.put(o.longestName().substring(2), o);
            }
        }
        return options;
    }

    /** The checks `run` makes of its settings together, before it starts anything. */
    private static void allTogether(List<String> all, List<String> problems) {
        RunCommand run = new RunCommand();
        try {
            new CommandLine(run).parseArgs(all.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            problems.add(e.getMessage());
            return;
        }
        List<Runnable> checks = List.of(
                () -> run.source.kinds(),
                () -> run.buffer.settings(),
                () -> run.shard.filter(),
                () -> run.health.port(),
                () -> {
                    String p = new ExportSettings(run.exporters, run.otlpEndpoint, run.otlpProtocol,
                            run.otlpHeaders, run.exportInterval, run.prometheusPort, run.prometheusHost).problem();
                    if (p != null) {
                        throw new UsageException(p);
                    }
                });
        for (Runnable c : checks) {
            try {
                c.run();
            } catch (UsageException e) {
                problems.add(e.getMessage());
            }
        }
    }

    /** A setting as the command line would spell it. */
    static List<String> arguments(ConfigFile.Setting s, CommandLine.Model.OptionSpec option) {
        String flag = "--" + s.key();
        JsonNode v = s.value();
        boolean isSwitch = option.arity().max() == 0 || option.type() == Boolean.class;
        List<String> args = new ArrayList<>();
        if (isSwitch) {
            if (!v.isBoolean()) {
                throw new IllegalArgumentException("expected true or false");
            }
            if (v.booleanValue()) {
                args.add(flag);
            } else if (option.arity().max() > 0) {
                args.add(flag + "=false"); // a source's switch: false beats its variable
            }
            return args;
        }
        if (v.isNull() || v.isObject() && !s.key().equals("otlp-header")) {
            throw new IllegalArgumentException("expected a value");
        }
        List<String> values = new ArrayList<>();
        if (v.isArray()) {
            if (!option.isMultiValue()) {
                throw new IllegalArgumentException("takes one value, not a list");
            }
            v.forEach(item -> values.add(scalar(item)));
        } else if (v.isObject()) {
            v.fields().forEachRemaining(e -> values.add(e.getKey() + "=" + scalar(e.getValue())));
        } else {
            values.add(scalar(v));
        }
        for (String value : values) {
            args.add(flag + "=" + value);
        }
        return args;
    }

    private static String scalar(JsonNode v) {
        if (!v.isValueNode() || v.isNull()) {
            throw new IllegalArgumentException("expected plain values");
        }
        return v.asText();
    }

    private static String suggestion(String key, Map<String, CommandLine.Model.OptionSpec> options) {
        String bare = key.replaceFirst("^-+", "").replace('_', '-').toLowerCase(java.util.Locale.ROOT);
        if (options.containsKey(bare)) {
            return " (did you mean '" + bare + "'?)";
        }
        return options.keySet().stream().filter(k -> k.startsWith(bare) || bare.startsWith(k)).sorted().findFirst()
                .map(k -> " (did you mean '" + k + "'?)").orElse("");
    }
}
