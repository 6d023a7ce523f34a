package io.evobserver.telemetry;

import io.evobserver.http.Redactor;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the standard {@code OTEL_*} variables the SDK's autoconfigure would read, before it
 * starts: its own errors are multi-line, exit 1 and may quote a header value. A variable that a
 * flag overrides is not checked (it is not used); the per-signal {@code _METRICS_} forms always are.
 */
public final class OtelEnvironment {

    /** What autoconfigure accepts as a duration: a whole number, optionally with a unit. */
    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+)\\s*(ms|s|m|h|d)?\\s*");
    private static final Set<String> ALSO_ACCEPTED_EXPORTERS = Set.of("logging", "logging-otlp");

    private OtelEnvironment() {
    }

    /** One-line problem naming the variable, or null. */
    public static String problem(Map<String, String> env, ExportSettings flags) {
        String p = null;
        if (flags.exporters() == null) {
            p = exporters(env, "OTEL_METRICS_EXPORTER");
        }
        if (p == null && flags.otlpProtocol() == null) {
            p = protocol(env, "OTEL_EXPORTER_OTLP_PROTOCOL");
        }
        if (p == null) {
            p = protocol(env, "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL");
        }
        if (p == null && flags.otlpEndpoint() == null) {
            p = endpoint(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
        }
        if (p == null) {
            p = endpoint(env, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
        }
        if (p == null && flags.otlpHeaders() == null) {
            p = headers(env, "OTEL_EXPORTER_OTLP_HEADERS");
        }
        if (p == null) {
            p = headers(env, "OTEL_EXPORTER_OTLP_METRICS_HEADERS");
        }
        if (p == null && flags.exportInterval() == null) {
            p = duration(env, "OTEL_METRIC_EXPORT_INTERVAL");
        }
        for (String timeout : new String[] {"OTEL_METRIC_EXPORT_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT",
                "OTEL_EXPORTER_OTLP_METRICS_TIMEOUT"}) {
            p = p != null ? p : duration(env, timeout);
        }
        if (p == null && flags.prometheusPort() == null) {
            p = port(env, "OTEL_EXPORTER_PROMETHEUS_PORT");
        }
        return p;
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    private static String exporters(Map<String, String> env, String name) {
        String v = value(env, name);
        if (v == null) {
            return null;
        }
        for (String e : v.split(",")) {
            String exporter = e.strip().toLowerCase(Locale.ROOT);
            if (!ExportSettings.EXPORTERS.contains(exporter) && !ALSO_ACCEPTED_EXPORTERS.contains(exporter)) {
                return name + ": unknown exporter '" + e.strip() + "' (use otlp, console, prometheus or none)";
            }
        }
        return null;
    }

    private static String protocol(Map<String, String> env, String name) {
        String v = value(env, name);
        return v == null || ExportSettings.PROTOCOLS.contains(v.strip()) ? null
                : name + ": '" + v.strip() + "' is not supported (use http/protobuf or grpc)";
    }

    private static String endpoint(Map<String, String> env, String name) {
        String v = value(env, name);
        if (v != null) {
            rememberSecretsOf(v);
        }
        return v == null || isHttpUrl(v) ? null
                : name + ": '" + Redactor.redactUrl(v) + "' is not an http:// or https:// URL";
    }

    /** An absolute http(s) URL with a host, as the OTLP exporters need. */
    static boolean isHttpUrl(String url) {
        try {
            java.net.URI uri = new java.net.URI(url.strip());
            return uri.getScheme() != null && uri.getScheme().toLowerCase(Locale.ROOT).matches("https?")
                    && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Makes the user info and query secrets of an endpoint URL masked in every later log line. */
    static void rememberSecretsOf(String url) {
        try {
            Redactor.secretsOf(new java.net.URI(url.strip())).forEach(Redactor::remember);
        } catch (java.net.URISyntaxException e) {
            // not a URL: the SDK refuses it and the message goes through the textual rule
        }
    }

    private static String headers(Map<String, String> env, String name) {
        String v = value(env, name);
        if (v == null) {
            return null;
        }
        for (String entry : v.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String p = ExportHeaderCheck.problem(name, entry.strip(), true);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static String duration(Map<String, String> env, String name) {
        String v = value(env, name);
        if (v == null) {
            return null;
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            return name + ": '" + v.strip() + "' is not a duration (milliseconds, e.g. 60000)";
        }
        try {
            if (Long.parseLong(m.group(1)) <= 0 && name.equals("OTEL_METRIC_EXPORT_INTERVAL")) {
                return name + ": must be positive";
            }
        } catch (NumberFormatException e) {
            return name + ": '" + v.strip() + "' is too large";
        }
        return null;
    }

    private static String port(Map<String, String> env, String name) {
        String v = value(env, name);
        if (v == null) {
            return null;
        }
        try {
            int port = Integer.parseInt(v.strip());
            if (port >= 0 && port <= 65535) {
                return null;
            }
        } catch (NumberFormatException e) {
            // below
        }
        return name + ": '" + v.strip() + "' is not a TCP port";
    }
}
