package io.evobserver.telemetry;

import java.util.Map;

/**
 * The OTLP-to-Prometheus name translation that GreptimeDB, Prometheus and VictoriaMetrics
 * (with {@code -opentelemetry.usePrometheusNaming}) apply on ingest, so docs and dashboards
 * can name the series a user will actually find.
 */
final class PrometheusNaming {

    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"),
            Map.entry("s", "seconds"), Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"),
            Map.entry("ns", "nanoseconds"), Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"),
            Map.entry("MiBy", "mebibytes"), Map.entry("GiBy", "gibibytes"), Map.entry("KBy", "kilobytes"),
            Map.entry("MBy", "megabytes"), Map.entry("GBy", "gigabytes"), Map.entry("m", "meters"),
            Map.entry("V", "volts"), Map.entry("A", "amperes"), Map.entry("J", "joules"), Map.entry("W", "watts"),
            Map.entry("g", "grams"), Map.entry("Cel", "celsius"), Map.entry("Hz", "hertz"),
            Map.entry("%", "percent"));

    private static final Map<String, String> PER_UNITS = Map.of(
            "s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y", "year");

    private PrometheusNaming() {
    }

    static String metricName(String name, String unit, MetricDefinition.Kind kind) {
        StringBuilder sb = new StringBuilder(sanitize(name));
        String u = unit.replaceAll("\\{[^}]*}", "").trim();
        if (!u.isEmpty() && !u.equals("1")) {
            String main = u;
            String per = "";
            int slash = u.indexOf('/');
            if (slash >= 0) {
                main = u.substring(0, slash);
                per = u.substring(slash + 1);
            }
            appendSuffix(sb, sanitize(UNITS.getOrDefault(main, main)));
            if (!per.isEmpty()) {
                appendSuffix(sb, "per_" + sanitize(PER_UNITS.getOrDefault(per, per)));
            }
        }
        if (kind == MetricDefinition.Kind.GAUGE && u.equals("1") && !unit.contains("{")) {
            appendSuffix(sb, "ratio");
        }
        if (kind == MetricDefinition.Kind.COUNTER) {
            appendSuffix(sb, "total");
        }
        return sb.toString();
    }

    private static void appendSuffix(StringBuilder sb, String suffix) {
        if (suffix.isEmpty() || sb.toString().endsWith("_" + suffix)) {
            return;
        }
        sb.append('_').append(suffix);
    }

    static String sanitize(String s) {
        String r = s.replaceAll("[^a-zA-Z0-9_:]", "_").replaceAll("_+", "_");
        return r.replaceAll("^_|_$", "");
    }
}
