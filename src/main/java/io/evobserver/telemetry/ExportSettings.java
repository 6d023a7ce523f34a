package io.evobserver.telemetry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Export settings given on the command line. Each one left null falls back to the standard
 * {@code OTEL_*} variable, then to our default; a flag always wins.
 */
public record ExportSettings(List<String> exporters, String otlpEndpoint, String otlpProtocol,
                             List<String> otlpHeaders, Duration exportInterval, Integer prometheusPort,
                             String prometheusHost) {

    public static final Set<String> EXPORTERS = Set.of("otlp", "console", "prometheus", "none");
    public static final Set<String> PROTOCOLS = Set.of("http/protobuf", "grpc");

    public static ExportSettings defaults() {
        return new ExportSettings(null, null, null, null, null, null, null);
    }

    public ExportSettings {
        exporters = exporters == null || exporters.isEmpty() ? null : List.copyOf(exporters);
        otlpHeaders = otlpHeaders == null || otlpHeaders.isEmpty() ? null : List.copyOf(otlpHeaders);
    }

    /** Checks values; returns a one-line problem naming the option, or null when all is well. */
    public String problem() {
        if (exporters != null) {
            for (String e : exporters) {
                if (!EXPORTERS.contains(e)) {
                    return "--exporter: unknown exporter '" + e + "' (use otlp, console, prometheus or none)";
                }
            }
            if (exporters.contains("none") && exporters.size() > 1) {
                return "--exporter: 'none' cannot be combined with other exporters";
            }
        }
        if (otlpProtocol != null && !PROTOCOLS.contains(otlpProtocol)) {
            return "--otlp-protocol: '" + otlpProtocol + "' is not supported (use http/protobuf or grpc)";
        }
        if (otlpEndpoint != null && !OtelEnvironment.isHttpUrl(otlpEndpoint)) {
            return "--otlp-endpoint: '" + io.evobserver.http.Redactor.redactUrl(otlpEndpoint)
                    + "' is not an http:// or https:// URL";
        }
        if (otlpEndpoint != null) {
            OtelEnvironment.rememberSecretsOf(otlpEndpoint);
        }
        if (otlpHeaders != null) {
            for (String h : otlpHeaders) {
                String p = ExportHeaderCheck.problem("--otlp-header", h, false);
                if (p != null) {
                    return p;
                }
            }
        }
        if (exportInterval != null && (exportInterval.isNegative() || exportInterval.isZero())) {
            return "--export-interval: must be positive";
        }
        if (prometheusPort != null && (prometheusPort < 0 || prometheusPort > 65535)) {
            return "--prometheus-port: " + prometheusPort + " is not a TCP port";
        }
        return null;
    }

    /** The flags as OpenTelemetry autoconfigure properties (these override the environment). */
    Map<String, String> asProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        if (exporters != null) {
            p.put("otel.metrics.exporter", String.join(",", exporters));
        }
        if (otlpEndpoint != null) {
            p.put("otel.exporter.otlp.endpoint", otlpEndpoint);
        }
        if (otlpProtocol != null) {
            p.put("otel.exporter.otlp.protocol", otlpProtocol);
        }
        if (otlpHeaders != null) {
            // autoconfigure URL-decodes header values, so encode what the user typed literally
            p.put("otel.exporter.otlp.headers", otlpHeaders.stream().map(h -> {
                int eq = h.indexOf('=');
                return h.substring(0, eq).trim() + "="
                        + URLEncoder.encode(h.substring(eq + 1), StandardCharsets.UTF_8).replace("+", "%20");
            }).collect(Collectors.joining(",")));
        }
        if (exportInterval != null) {
            p.put("otel.metric.export.interval", Long.toString(exportInterval.toMillis()));
        }
        if (prometheusPort != null) {
            p.put("otel.exporter.prometheus.port", Integer.toString(prometheusPort));
        }
        if (prometheusHost != null) {
            p.put("otel.exporter.prometheus.host", prometheusHost);
        }
        return p;
    }
}
