package io.evobserver.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.stack.StackFiles;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a dashboard variable offers, worked out as Grafana does against a backend's
 * Prometheus API: {@code label_values(metric, label)} through the label-values endpoint,
 * {@code query_result(q)} by matching the variable's regex against each result series as text.
 * Shared by the backend ITs so every backend is asked the same way.
 */
final class DashboardVariableValues {

    /** The two calls of a backend's Prometheus API a variable needs. */
    interface PrometheusApi {
        /** The {@code data} array of {@code /api/v1/label/<label>/values?match[]=<match>}. */
        JsonNode labelValues(String label, String match) throws Exception;

        /** The {@code data.result} array of an instant query. */
        JsonNode query(String promql) throws Exception;
    }

    /** A value and the text the drop-down shows for it. */
    record Offered(String value, String text) {
    }

    private DashboardVariableValues() {
    }

    static List<Offered> offered(StackFiles.Variable v, PrometheusApi api) throws Exception {
        String promql = StackFiles.variablePromQl(v.query());
        String label = StackFiles.variableLabel(v.query());
        List<Offered> out = new ArrayList<>();
        if (label != null) {
            api.labelValues(label, promql).forEach(n -> out.add(new Offered(n.asText(), n.asText())));
            return out;
        }
        // query_result: Grafana matches the regex against `name{labels} value timestamp`
        Pattern regex = Pattern.compile(v.regex().substring(1, v.regex().length() - 1));
        for (JsonNode series : api.query(promql)) {
            Matcher m = regex.matcher(seriesText(series));
            if (m.find()) {
                out.add(new Offered(m.group("value"), m.group("text")));
            }
        }
        return out;
    }

    /** A series as Grafana's query_result shows it: {@code name{a="b", c="d"} value timestamp}, labels sorted. */
    private static String seriesText(JsonNode series) {
        StringBuilder sb = new StringBuilder(series.path("metric").path("__name__").asText()).append('{');
        List<String> names = new ArrayList<>();
        series.path("metric").fieldNames().forEachRemaining(names::add);
        names.sort(null);
        for (String n : names) {
            if (!n.equals("__name__")) {
                sb.append(n).append("=\"").append(series.path("metric").path(n).asText()).append("\", ");
            }
        }
        return sb.append("} ").append(series.path("value").get(1).asText()).toString();
    }
}
