package io.evobserver.telemetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The OTLP-to-Prometheus name translation (unit words, {@code _total}, {@code _ratio} for unit
 * {@code 1} gauges) as Prometheus' otlptranslator, GreptimeDB's default strategy, the Collector's
 * prometheus exporter and VictoriaMetrics with {@code -opentelemetry.usePrometheusNaming} apply
 * it, and the rule ({@link #ruleViolations}) that makes the SDK's own /metrics endpoint, which
 * differs in two details, agree with them. docs/metrics.md explains both.
 */
final class PrometheusNaming {

    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"),
            Map.entry("s", "seconds"), Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"),
            Map.entry("ns", "nanoseconds"), Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"),
            Map.entry("MiBy", "mebibytes"), Map.entry("GiBy", "gibibytes"), Map.entry("TiBy", "tibibytes"),
            Map.entry("KBy", "kilobytes"), Map.entry("MBy", "megabytes"), Map.entry("GBy", "gigabytes"),
            Map.entry("TBy", "terabytes"), Map.entry("m", "meters"),
            Map.entry("V", "volts"), Map.entry("A", "amperes"), Map.entry("J", "joules"), Map.entry("W", "watts"),
            Map.entry("g", "grams"), Map.entry("Cel", "celsius"), Map.entry("Hz", "hertz"),
            Map.entry("%", "percent"));

    private static final Map<String, String> PER_UNITS = Map.of(
            "s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y", "year");

    /** Suffixes the SDK's exporter strips from names, or promtool reserves for other types. */
    private static final List<String> RESERVED_ENDINGS = List.of("_info", "_total", "_created", "_bucket",
            "_count", "_sum", "_ratio", "_gsum", "_gcount");

    private PrometheusNaming() {
    }

    /** The name with suffixes, as otlptranslator's UnderscoreEscapingWithSuffixes builds it. */
    static String metricName(String name, String unit, MetricDefinition.Kind kind) {
        List<String> tokens = new ArrayList<>(Arrays.asList(sanitize(name).split("_")));
        String main = unit;
        String per = "";
        int slash = unit.indexOf('/');
        if (slash >= 0) {
            main = unit.substring(0, slash);
            per = unit.substring(slash + 1);
        }
        String mainWord = unitWord(main, UNITS);
        String perWord = unitWord(per, PER_UNITS);
        if (!mainWord.isEmpty() && !tokens.contains(mainWord)) {
            tokens.add(mainWord);
        }
        if (!perWord.isEmpty()) {
            tokens.add("per");
            tokens.add(perWord);
        }
        if (kind == MetricDefinition.Kind.COUNTER) {
            tokens.remove("total");
            tokens.add("total");
        }
        if (kind == MetricDefinition.Kind.GAUGE && unit.equals("1")) {
            tokens.remove("ratio");
            tokens.add("ratio");
        }
        return String.join("_", tokens);
    }

    /**
     * Why a metric's Prometheus name would differ between paths or fail {@code promtool check
     * metrics}; empty when it follows the rule in docs/metrics.md.
     */
    static List<String> ruleViolations(String name, String unit, MetricDefinition.Kind kind) {
        List<String> problems = new ArrayList<>();
        if (unit.equals("1")) {
            problems.add("unit 1: OTLP translators add _ratio to gauges, the SDK's /metrics does not;"
                    + " use an annotation such as {flag} or {state}");
        }
        if (unit.isEmpty()) {
            problems.add("no unit: give a unit or an annotation such as {vehicle}");
        }
        String main = unit.contains("/") ? unit.substring(0, unit.indexOf('/')) : unit;
        if (!main.startsWith("{") && !UNITS.containsKey(main) && !main.equals(main.toLowerCase(java.util.Locale.ROOT))) {
            problems.add("unit " + unit + " becomes a suffix with capitals (promtool: camelCase);"
                    + " use a base unit (W, J, m, s) or a lower-case one (km, bar, l)");
        }
        if (unit.startsWith("{") && unit.indexOf('}') != unit.length() - 1) {
            problems.add("unit " + unit + ": an annotation must be the whole unit");
        }
        String base = sanitize(name);
        for (String ending : RESERVED_ENDINGS) {
            if (base.endsWith(ending)) {
                problems.add("name ends in " + ending + " (stripped by the SDK's exporter or reserved by promtool)");
            }
        }
        String word = unitWord(main, UNITS);
        if (!word.isEmpty() && Arrays.asList(base.split("_")).contains(word) && !base.endsWith("_" + word)) {
            problems.add("the unit word " + word + " inside the name: translators that look for it anywhere"
                    + " and the SDK's exporter, which looks only at the end, disagree");
        }
        return problems;
    }

    private static String unitWord(String unit, Map<String, String> words) {
        String u = unit.trim();
        if (u.isEmpty() || u.contains("{") || u.contains("}") || u.equals("1")) {
            return "";
        }
        return sanitize(words.getOrDefault(u, u));
    }

    static String sanitize(String s) {
        String r = s.replaceAll("[^a-zA-Z0-9_:]", "_").replaceAll("_+", "_");
        return r.replaceAll("^_|_$", "");
    }
}
