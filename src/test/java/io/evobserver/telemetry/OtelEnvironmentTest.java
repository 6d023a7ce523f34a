package io.evobserver.telemetry;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The standard variables are checked before the SDK reads them: one line, naming the variable, no value. */
class OtelEnvironmentTest {

    private static String problem(Map<String, String> env) {
        return OtelEnvironment.problem(env, ExportSettings.defaults());
    }

    @Test
    void malformedHeadersAreNamedButNeverQuoted() {
        for (String headers : List.of("Authorization: Bearer SECRET123", "Authorization=Bearer%20SECRET123%0D",
                "X-Ok=1,Authorization=Bearer%20SECRET123%0A", "Authorization=Bearer%ZZSECRET123", "=SECRET123")) {
            String p = problem(Map.of("OTEL_EXPORTER_OTLP_HEADERS", headers));
            assertThat(p).as(headers).startsWith("OTEL_EXPORTER_OTLP_HEADERS: ").doesNotContain("SECRET123")
                    .doesNotContain("\n");
        }
        assertThat(problem(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Basic%20YWxhZGRpbg==,X-Greptime-DB-Name=public")))
                .isNull();
    }

    @Test
    void durationsPortsEndpointsAndExporters() {
        assertThat(problem(Map.of("OTEL_METRIC_EXPORT_INTERVAL", "abc"))).startsWith("OTEL_METRIC_EXPORT_INTERVAL: 'abc'");
        assertThat(problem(Map.of("OTEL_METRIC_EXPORT_INTERVAL", "0"))).contains("positive");
        assertThat(problem(Map.of("OTEL_METRIC_EXPORT_INTERVAL", "15000"))).isNull();
        assertThat(problem(Map.of("OTEL_METRIC_EXPORT_INTERVAL", "15s"))).isNull();
        assertThat(problem(Map.of("OTEL_EXPORTER_OTLP_TIMEOUT", "soon"))).startsWith("OTEL_EXPORTER_OTLP_TIMEOUT");
        assertThat(problem(Map.of("OTEL_EXPORTER_PROMETHEUS_PORT", "99999"))).contains("not a TCP port");
        assertThat(problem(Map.of("OTEL_METRICS_EXPORTER", "carrier-pigeon"))).contains("carrier-pigeon");
        assertThat(problem(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"))).contains("http/json");
        assertThat(problem(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://u:SECRET123@h/")))
                .startsWith("OTEL_EXPORTER_OTLP_ENDPOINT").doesNotContain("SECRET123");
    }

    @Test
    void aFlagMakesTheVariableItOverridesIrrelevant() {
        ExportSettings flags = new ExportSettings(null, null, null, null, java.time.Duration.ofSeconds(5), null, null);
        assertThat(OtelEnvironment.problem(Map.of("OTEL_METRIC_EXPORT_INTERVAL", "abc"), flags)).isNull();
    }

    @Test
    void theFlagsOwnCheckNeverQuotesAHeaderValue() {
        for (String h : List.of("Authorization: Bearer SECRET123", "Authorization=Bearer SECRET123\r",
                "Bearer SECRET123", "Author ization=SECRET123")) {
            String p = new ExportSettings(null, null, null, List.of(h), null, null, null).problem();
            assertThat(p).as(h).startsWith("--otlp-header: ").doesNotContain("SECRET123");
        }
        assertThat(new ExportSettings(null, "http://u:SECRET123@ bad", null, null, null, null, null).problem())
                .startsWith("--otlp-endpoint").doesNotContain("SECRET123");
    }
}
