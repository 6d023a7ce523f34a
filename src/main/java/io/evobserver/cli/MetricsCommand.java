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
            description = "table (default), markdown (the README's list) or backends (the per-backend "
                    + "names of docs/metrics.md).")
    String format;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "table" -> table(out);
            case "markdown", "md" -> out.print(markdown());
            case "backends" -> out.print(backends());
            default -> throw new UsageException("--format: '" + format + "' is not table, markdown or backends");
        }
        out.flush();
    }

    private static void table(PrintWriter out) {
        out.printf(Locale.ROOT, "%-42s %-11s %-9s %-50s %s%n", "NAME", "UNIT", "KIND", "SERIES NAME", "DESCRIPTION");
        for (MetricDefinition d : MetricCatalogue.ALL) {
            out.printf(Locale.ROOT, "%-42s %-11s %-9s %-50s %s%n", d.name(), d.unit(),
                    d.kind().name().toLowerCase(Locale.ROOT), d.prometheusName(), d.description());
        }
    }

    /** The README's metric list; a test keeps the README equal to this. */
    static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| OpenTelemetry name | series name (every backend) | unit | kind | meaning |\n");
        sb.append("| --- | --- | --- | --- | --- |\n");
        for (MetricDefinition d : MetricCatalogue.ALL) {
            sb.append("| `").append(d.name()).append("` | `").append(d.prometheusName()).append("` | ")
                    .append(d.unit().replace("|", "\\|")).append(" | ")
                    .append(d.kind().name().toLowerCase(Locale.ROOT)).append(" | ").append(d.description())
                    .append(" |\n");
        }
        return sb.toString();
    }

    /**
     * docs/metrics.md's per-backend table; a test keeps the page equal to this. Every
     * Prometheus-style path gives the same name (the catalogue is built so); VictoriaMetrics
     * without {@code -opentelemetry.usePrometheusNaming} keeps the OpenTelemetry name.
     */
    static String backends() {
        StringBuilder sb = new StringBuilder();
        sb.append("| OpenTelemetry name (VictoriaMetrics default) | built-in /metrics | Prometheus 3 OTLP |"
                + " VictoriaMetrics with Prometheus naming | GreptimeDB default and stack header |"
                + " Collector prometheus exporter |\n");
        sb.append("| --- | --- | --- | --- | --- | --- |\n");
        for (MetricDefinition d : MetricCatalogue.ALL) {
            String n = "`" + d.prometheusName() + (d.kind() == MetricDefinition.Kind.HISTOGRAM ? "_bucket`" : "`");
            sb.append("| `").append(d.name()).append("` | ").append(n).append(" | ").append(n).append(" | ")
                    .append(n).append(" | ").append(n).append(" | ").append(n).append(" |\n");
        }
        return sb.toString();
    }
}
