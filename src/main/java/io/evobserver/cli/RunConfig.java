package io.evobserver.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Applies {@code --config FILE} to {@code run} or {@code snapshot}: the file is checked as
 * {@code config check} checks it, then each top-level key sets its option unless that option was
 * given on the command line or its {@code OTEL_*} variable is set, and the {@code sources:}
 * accounts decide what is polled unless {@code --vehicle} was given.
 */
final class RunConfig {

    /** Options whose OpenTelemetry variable overrides the file, as the flag does. */
    private static final Map<String, String> OTEL = Map.of(
            "exporter", "OTEL_METRICS_EXPORTER",
            "otlp-endpoint", "OTEL_EXPORTER_OTLP_ENDPOINT",
            "otlp-protocol", "OTEL_EXPORTER_OTLP_PROTOCOL",
            "otlp-header", "OTEL_EXPORTER_OTLP_HEADERS",
            "export-interval", "OTEL_METRIC_EXPORT_INTERVAL");

    private RunConfig() {
    }

    /**
     * @param fresh a new command object of the same kind, to parse one key on
     * @throws UsageException naming the file, the line and the key of the first problem
     */
    static void apply(CommandSpec spec, SourceOptions source, Supplier<Object> fresh) {
        apply(spec, source, fresh, System::getenv);
    }

    static void apply(CommandSpec spec, SourceOptions source, Supplier<Object> fresh,
                      java.util.function.UnaryOperator<String> env) {
        if (source.config == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        ConfigFile file = ConfigFile.read(source.config, problems);
        if (problems.isEmpty()) {
            problems.addAll(ConfigCheckCommand.check(file));
        }
        if (!problems.isEmpty()) {
            throw new UsageException("--config " + source.config + ": " + problems.get(0)
                    + (problems.size() == 1 ? "" : " (and " + (problems.size() - 1)
                    + " more: ev-observer config check " + source.config + ")"));
        }
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        for (ConfigFile.Setting s : file.settings()) {
            OptionSpec target = spec.findOption("--" + s.key());
            if (target == null || given.hasMatchedOption("--" + s.key())) {
                continue; // a run-only key read by snapshot, or overridden by the flag
            }
            String otel = OTEL.get(s.key());
            if (otel != null && env.apply(otel) != null && !env.apply(otel).isBlank()) {
                continue;
            }
            CommandLine scratch = new CommandLine(fresh.get());
            scratch.parseArgs(ConfigCheckCommand.arguments(s, target).toArray(String[]::new));
            target.setValue(scratch.getCommandSpec().findOption("--" + s.key()).getValue());
        }
        if (!file.accounts().isEmpty() && !given.hasMatchedOption("--vehicle")) {
            source.accounts = AccountSources.parse(file.accounts(), problems);
        }
    }
}
