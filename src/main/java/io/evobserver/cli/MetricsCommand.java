package io.evobserver.cli;

import io.evobserver.telemetry.MetricCatalogue;
import io.evobserver.telemetry.MetricDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints the metric catalogue. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "List the metric catalogue: name, unit, kind, the name Prometheus-style backends "
                + "store it under, and what it means.")
final class MetricsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default) or markdown (the README's list).")
    String format;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "table" -> table(out);
            case "markdown", "md" -> out.print(markdown());
            default -> throw new UsageException("--format: '" + format + "' is not table or markdown");
        }
        out.flush();
    }

    private static void table(PrintWriter out) {
        out.printf(Locale.ROOT, "%-38s %-6s %-9s %-46s %s%n", "NAME", "UNIT", "KIND", "PROMETHEUS NAME", "DESCRIPTION");
        for (MetricDefinition d : MetricCatalogue.ALL) {
            out.printf(Locale.ROOT, "%-38s %-6s %-9s %-46s %s%n", d.name(), d.unit(),
                    d.kind().name().toLowerCase(Locale.ROOT), d.prometheusName(), d.description());
        }
    }

    /** The README's metric list; a test keeps the README equal to this. */
    static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| name | unit | kind | Prometheus / GreptimeDB name | meaning |\n");
        sb.append("| --- | --- | --- | --- | --- |\n");
        for (MetricDefinition d : MetricCatalogue.ALL) {
            sb.append("| `").append(d.name()).append("` | ").append(d.unit().replace("|", "\\|")).append(" | ")
                    .append(d.kind().name().toLowerCase(Locale.ROOT)).append(" | `").append(d.prometheusName())
                    .append("` | ").append(d.description()).append(" |\n");
        }
        return sb.toString();
    }
}
