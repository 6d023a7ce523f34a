package io.evobserver.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ev-observer config check FILE}: validates a YAML file whose keys are the long options
 * of {@code run} without their dashes ({@code otlp-endpoint: http://…}, lists for repeatable
 * options, {@code true} for switches), printing one line per problem. It checks each setting
 * as {@code run} would parse it, then the settings together (source names, export and buffer
 * values). A first step towards {@code run --config FILE}.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate a YAML configuration file (keys: the options of `run` without --); "
                + "one line per problem, exit 0 when valid, 2 otherwise.")
final class ConfigCheckCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The YAML file.")
    Path file;

    /** One key of the file, where it stands, and its value. */
    record Setting(String key, int line, JsonNode value) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = new ArrayList<>();
        List<Setting> settings = read(file, problems);
        if (problems.isEmpty()) {
            problems.addAll(check(settings));
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

    /** The top-level keys in file order, or the one problem that stops reading. */
    static List<Setting> read(Path file, List<String> problems) {
        List<Setting> settings = new ArrayList<>();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            problems.add("no such file");
            return settings;
        } catch (IOException e) {
            problems.add("cannot read: " + e.getMessage());
            return settings;
        }
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        try (JsonParser p = mapper.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return settings; // an empty file sets nothing
            }
            if (first != JsonToken.START_OBJECT) {
                problems.add("line " + line(p.currentLocation()) + ": expected `key: value` lines at the top");
                return settings;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int line = line(p.currentLocation());
                p.nextToken();
                JsonNode value = mapper.readTree(p);
                settings.add(new Setting(key, line, value));
            }
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage().lines().findFirst().orElse("not YAML");
            problems.add("line " + line(e.getLocation()) + ": not valid YAML (" + message + ")");
        } catch (IOException e) {
            problems.add("cannot read: " + e.getMessage());
        }
        return settings;
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : location.getLineNr();
    }

    /** Each setting alone as `run` parses it, then all of them together; one line per problem. */
    static List<String> check(List<Setting> settings) {
        List<String> problems = new ArrayList<>();
        Map<String, CommandLine.Model.OptionSpec> options = new java.util.HashMap<>();
        for (CommandLine.Model.OptionSpec o : new CommandLine(new RunCommand()).getCommandSpec().options()) {
            if (o.longestName().startsWith("--") && !o.usageHelp() && !o.versionHelp()) {
                options.put(o.longestName().substring(2), o);
            }
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> all = new ArrayList<>();
        for (Setting s : settings) {
            String where = "line " + s.line() + ": " + s.key() + ": ";
            CommandLine.Model.OptionSpec option = options.get(s.key());
            if (option == null) {
                problems.add("line " + s.line() + ": unknown key '" + s.key() + "'" + suggestion(s.key(), options));
                continue;
            }
            if (!seen.add(s.key())) {
                problems.add(where + "given twice");
                continue;
            }
            List<String> args;
            try {
                args = arguments(s, option);
            } catch (IllegalArgumentException e) {
                problems.add(where + e.getMessage());
                continue;
            }
            try {
                new CommandLine(new RunCommand()).parseArgs(args.toArray(String[]::new));
                all.addAll(args);
            } catch (CommandLine.ParameterException e) {
                problems.add(where + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        RunCommand run = new RunCommand();
        try {
            new CommandLine(run).parseArgs(all.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            problems.add(e.getMessage());
            return problems;
        }
        List<Runnable> checks = List.of(
                () -> run.source.kinds(),
                () -> run.buffer.settings(),
                () -> run.shard.filter(),
                () -> run.health.port(),
                () -> {
                    String p = new io.evobserver.telemetry.ExportSettings(run.exporters, run.otlpEndpoint,
                            run.otlpProtocol, run.otlpHeaders, run.exportInterval, run.prometheusPort,
                            run.prometheusHost).problem();
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
        return problems;
    }

    /** A setting as the command line would spell it. */
    private static List<String> arguments(Setting s, CommandLine.Model.OptionSpec option) {
        String flag = "--" + s.key();
        JsonNode v = s.value();
        boolean isSwitch = option.arity().max() == 0;
        List<String> args = new ArrayList<>();
        if (isSwitch) {
            if (!v.isBoolean()) {
                throw new IllegalArgumentException("expected true or false");
            }
            if (v.booleanValue()) {
                args.add(flag);
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
