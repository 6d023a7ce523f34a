package io.evobserver.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.evobserver.telemetry.MetricCatalogue;
import io.evobserver.telemetry.MetricDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the demo stack's files (docker-compose.yml, otel-collector.yaml, grafana/) from the
 * repository root and pulls the PromQL out of the dashboards and alert rules, so the unit
 * tests and the backend ITs check the very text Grafana loads.
 */
public final class StackFiles {

    /** The data source uid every panel, variable and alert query must use. */
    public static final String DATASOURCE_UID = "greptimedb";

    /** The attributes a vehicle or charger point carries, as Prometheus label names. */
    public static final Set<String> KNOWN_LABELS = Set.of("vehicle_vin", "vehicle_brand", "vehicle_model",
            "vehicle_name", "charger_network", "charger_station_id", "charger_station_name", "charger_connector_id",
            "vehicle_software_version");

    /**
     * The dashboards of the derive layer (trips, sessions, drain, capacity): their data needs
     * simulated days, so DerivedDashboardsVictoriaMetricsIT checks them against a fast demo run
     * and the other backend ITs leave them out.
     */
    public static final List<String> DERIVED_DASHBOARDS = List.of("trips.json", "charging-history.json",
            "efficiency.json", "battery-health.json", "vampire-drain.json", "software-updates.json");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\(\\s*([A-Za-z_:][A-Za-z0-9_:]*)"
            + "(\\{[^}]*})?\\s*,\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$");
    private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$", Pattern.DOTALL);

    /** One PromQL text and where it lives (for messages). */
    public record Query(String where, String expr) {
    }

    /**
     * The descriptive labels joined from the details series, as panels show them: in a legend
     * ({@code {{vehicle_name}}}), or as a table column or map text.
     */
    public static final Set<String> NAME_LABELS = Set.of("vehicle_name", "charger_station_name");

    /** A query whose result a panel or alert shows by name, and the name labels it shows. */
    public record NamedQuery(Query query, Set<String> shown) {
    }

    /** A dashboard variable: its name, its query as written and the optional regex. */
    public record Variable(String dashboard, String name, String query, String regex) {
    }

    private StackFiles() {
    }

    /** The repository root: the nearest folder up from the working directory with docker-compose.yml. */
    public static Path root() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no docker-compose.yml above " + Paths.get("").toAbsolutePath());
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }

    public static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("not valid JSON: " + file, e);
        }
    }

    /** Reads a YAML file (compose, collector, provisioning) as a tree. */
    public static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("not valid YAML: " + file, e);
        }
    }

    public static List<Path> dashboardFiles() {
        try (Stream<Path> files = Files.list(file("grafana/dashboards"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Path> alertRuleFiles() {
        try (Stream<Path> files = Files.list(file("grafana/provisioning/alerting"))) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel of a dashboard, including those nested in collapsed rows. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            for (JsonNode nested : p.path("panels")) {
                out.add(nested);
            }
        }
        return out;
    }

    /** Every panel target's PromQL in every dashboard. */
    public static List<Query> dashboardQueries() {
        List<Query> out = new ArrayList<>();
        for (Path f : dashboardFiles()) {
            JsonNode d = json(f);
            for (JsonNode p : panels(d)) {
                for (JsonNode t : p.path("targets")) {
                    out.add(new Query(f.getFileName() + " / " + p.path("title").asText() + " / " + t.path("refId").asText(),
                            t.path("expr").asText()));
                }
            }
        }
        return out;
    }

    /**
     * Every panel target and alert query whose series are shown by a name label: its legend
     * names one, its panel uses one as a field (table column, map text), or its alert's
     * annotations print one ({@code $labels.vehicle_name}). Of a panel's name fields a target
     * shows those it joins ({@code group_left(vehicle_name)}: the map's vehicle rows carry the
     * vehicle name, its station rows the station name), or all of them when it joins none.
     */
    public static List<NamedQuery> queriesShowingNames() {
        List<NamedQuery> out = new ArrayList<>();
        Pattern legend = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
        for (Path f : dashboardFiles()) {
            for (JsonNode p : panels(json(f))) {
                Set<String> panelFields = new LinkedHashSet<>();
                collectNameFields(p, panelFields);
                for (JsonNode t : p.path("targets")) {
                    Set<String> shown = fieldsShownBy(t.path("expr").asText(), panelFields);
                    Matcher m = legend.matcher(t.path("legendFormat").asText());
                    while (m.find()) {
                        if (NAME_LABELS.contains(m.group(1))) {
                            shown.add(m.group(1));
                        }
                    }
                    if (!shown.isEmpty()) {
                        out.add(new NamedQuery(new Query(f.getFileName() + " / " + p.path("title").asText() + " / "
                                + t.path("refId").asText(), t.path("expr").asText()), shown));
                    }
                }
            }
        }
        for (JsonNode rule : alertRules()) {
            Set<String> shown = new LinkedHashSet<>();
            Matcher m = Pattern.compile("\\$labels\\.([A-Za-z_][A-Za-z0-9_]*)").matcher(rule.path("annotations").toString());
            while (m.find()) {
                if (NAME_LABELS.contains(m.group(1))) {
                    shown.add(m.group(1));
                }
            }
            for (JsonNode data : rule.path("data")) {
                if (!shown.isEmpty() && !data.path("datasourceUid").asText().equals("__expr__")) {
                    out.add(new NamedQuery(new Query("alert " + rule.path("uid").asText() + " / "
                            + data.path("refId").asText(), data.path("model").path("expr").asText()), shown));
                }
            }
        }
        return out;
    }

    /** Of a panel's name fields, those the expression joins; all of them when it joins none. */
    private static Set<String> fieldsShownBy(String expr, Set<String> panelFields) {
        Set<String> joined = new LinkedHashSet<>();
        Matcher m = Pattern.compile("group_left\\s*\\(([^)]*)\\)").matcher(expr);
        while (m.find()) {
            for (String label : m.group(1).split(",")) {
                if (panelFields.contains(label.trim())) {
                    joined.add(label.trim());
                }
            }
        }
        return joined.isEmpty() ? new LinkedHashSet<>(panelFields) : joined;
    }

    /** Name labels a panel uses outside its targets: as a field value (map text) or a column it renames. */
    private static void collectNameFields(JsonNode node, Set<String> out) {
        node.fields().forEachRemaining(e -> {
            if (e.getKey().equals("targets")) {
                return;
            }
            JsonNode v = e.getValue();
            if (e.getKey().equals("renameByName")) {
                v.fieldNames().forEachRemaining(n -> {
                    if (NAME_LABELS.contains(n)) {
                        out.add(n);
                    }
                });
            } else if (v.isTextual() && e.getKey().equals("field") && NAME_LABELS.contains(v.asText())) {
                out.add(v.asText());
            } else if (v.isContainerNode()) {
                if (v.isArray()) {
                    v.forEach(c -> collectNameFields(c, out));
                } else {
                    collectNameFields(v, out);
                }
            }
        });
    }

    /**
     * A bare selector of a details series ({@code vehicle_software_details{...}}): the labels a
     * panel shows are the series' own, so it needs no name join (and a details series with more
     * labels than the join's cannot be joined portably).
     */
    public static boolean isBareDetailsSelector(String expr) {
        return expr.strip().matches("[a-z_]+_details\\{[^}]*}");
    }

    /** Whether a query (by its {@link Query#where()}) belongs to one of the {@link #DERIVED_DASHBOARDS}. */
    public static boolean isDerived(Query q) {
        return DERIVED_DASHBOARDS.stream().anyMatch(f -> q.where().startsWith(f + " / "));
    }

    /** Every panel target's PromQL in the dashboards other than the {@link #DERIVED_DASHBOARDS}. */
    public static List<Query> liveDashboardQueries() {
        return dashboardQueries().stream().filter(q -> !isDerived(q)).toList();
    }

    /** Every panel target's PromQL in the {@link #DERIVED_DASHBOARDS}. */
    public static List<Query> derivedDashboardQueries() {
        return dashboardQueries().stream().filter(StackFiles::isDerived).toList();
    }

    /** Every dashboard's query variables. */
    public static List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        for (Path f : dashboardFiles()) {
            for (JsonNode v : json(f).path("templating").path("list")) {
                if (v.path("type").asText().equals("query")) {
                    JsonNode q = v.path("query");
                    out.add(new Variable(f.getFileName().toString(), v.path("name").asText(),
                            q.isObject() ? q.path("query").asText() : q.asText(), v.path("regex").asText()));
                }
            }
        }
        return out;
    }

    /** The PromQL query (refId A style) of every provisioned alert rule: the data entries not run by Grafana's expression engine. */
    public static List<Query> alertQueries() {
        List<Query> out = new ArrayList<>();
        for (JsonNode rule : alertRules()) {
            for (JsonNode data : rule.path("data")) {
                if (!data.path("datasourceUid").asText().equals("__expr__")) {
                    out.add(new Query("alert " + rule.path("uid").asText() + " / " + data.path("refId").asText(),
                            data.path("model").path("expr").asText()));
                }
            }
        }
        return out;
    }

    public static List<JsonNode> alertRules() {
        List<JsonNode> out = new ArrayList<>();
        for (Path f : alertRuleFiles()) {
            for (JsonNode group : yaml(f).path("groups")) {
                group.path("rules").forEach(out::add);
            }
        }
        return out;
    }

    /**
     * Replaces Grafana's variables the way Grafana would before sending the query: the
     * given dashboard variables ({@code $vehicle}, {@code ${vehicle}}), and the built-in
     * intervals with fixed windows long enough for a short test run.
     */
    public static String substitute(String expr, Map<String, String> variables) {
        String out = expr.replace("$__rate_interval", "5m").replace("${__rate_interval}", "5m")
                .replace("$__interval", "1m").replace("${__interval}", "1m")
                .replace("$__range", "1h").replace("${__range}", "1h");
        for (Map.Entry<String, String> v : variables.entrySet()) {
            out = out.replace("${" + v.getKey() + "}", v.getValue()).replace("$" + v.getKey(), v.getValue());
        }
        if (out.matches("(?s).*\\$[A-Za-z_].*")) {
            throw new IllegalArgumentException("unsubstituted variable left in: " + out);
        }
        return out;
    }

    /**
     * The PromQL a variable query runs: {@code label_values(metric, label)} becomes the
     * selector (the test then reads the label), {@code query_result(q)} becomes {@code q}.
     */
    public static String variablePromQl(String variableQuery) {
        Matcher lv = LABEL_VALUES.matcher(variableQuery);
        if (lv.matches()) {
            return lv.group(1) + (lv.group(2) == null ? "" : lv.group(2));
        }
        Matcher qr = QUERY_RESULT.matcher(variableQuery);
        if (qr.matches()) {
            return qr.group(1);
        }
        throw new IllegalArgumentException("unsupported variable query: " + variableQuery);
    }

    /** For {@code label_values(metric, label)}: the label; null for other variable queries. */
    public static String variableLabel(String variableQuery) {
        Matcher lv = LABEL_VALUES.matcher(variableQuery);
        return lv.matches() ? lv.group(3) : null;
    }

    /** Identifiers in a PromQL text that look like ev-observer metric or label names. */
    public static Set<String> ourIdentifiers(String expr) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(stripStrings(expr));
        while (m.find()) {
            String id = m.group();
            if (id.startsWith("vehicle_") || id.startsWith("charger_") || id.startsWith("ev_observer_")) {
                out.add(id);
            }
        }
        return out;
    }

    /** The metric names used in a PromQL text (our identifiers less the known label names). */
    public static Set<String> metricNames(String expr) {
        Set<String> out = new LinkedHashSet<>(ourIdentifiers(expr));
        out.removeAll(KNOWN_LABELS);
        return out;
    }

    /** Every vector selector of one of our metrics, with its label matchers: {@code name{a="b"}}. */
    public static List<String> selectors(String expr) {
        List<String> out = new ArrayList<>();
        Set<String> names = metricNames(expr);
        Matcher m = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)(\\{[^}]*})?").matcher(expr);
        while (m.find()) {
            if (names.contains(m.group(1)) && (m.start() == 0 || !isIdentifierChar(expr.charAt(m.start() - 1)))) {
                String selector = m.group(1) + (m.group(2) == null ? "" : m.group(2));
                if (!out.contains(selector)) {
                    out.add(selector);
                }
            }
        }
        return out;
    }

    /** Catalogue names as a backend with Prometheus naming stores them (histograms as three series). */
    public static Set<String> cataloguePrometheusNames() {
        return cataloguePrometheusNames(MetricCatalogue.ALL);
    }

    /** The given catalogue rows' names as a backend with Prometheus naming stores them. */
    public static Set<String> cataloguePrometheusNames(List<MetricDefinition> definitions) {
        Set<String> out = new LinkedHashSet<>();
        for (MetricDefinition d : definitions) {
            if (d.kind() == MetricDefinition.Kind.HISTOGRAM) {
                out.add(d.prometheusName() + "_bucket");
                out.add(d.prometheusName() + "_sum");
                out.add(d.prometheusName() + "_count");
            } else {
                out.add(d.prometheusName());
            }
        }
        return out;
    }

    /** Quotes a value for a PromQL regex matcher, as Grafana does for a selected variable value. */
    public static String regexQuote(String value) {
        StringBuilder sb = new StringBuilder();
        for (char c : value.toCharArray()) {
            if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
                sb.append("\\\\");
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static boolean isIdentifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    /** Blanks string literals so that label values (a state, a regex) are not taken for names. */
    private static String stripStrings(String expr) {
        return expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
    }
}
