package io.evobserver.telemetry;

import io.evobserver.testing.StubServer;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetrySetupTest {

    private static String endpoint(Map<String, String> environment, Map<String, String> flags, String protocol) {
        return TelemetrySetup.otlpEndpoint(DefaultConfigProperties.createFromMap(environment), flags, protocol);
    }

    @Test
    void theStartUpLineNamesTheUrlTheExporterReallyUses() {
        assertThat(endpoint(Map.of(), Map.of(), "http/protobuf"))
                .isEqualTo("http://localhost:4318/v1/metrics (default: nothing set it)");
        assertThat(endpoint(Map.of(), Map.of(), "grpc")).isEqualTo("http://localhost:4317 (default: nothing set it)");
        assertThat(endpoint(Map.of("otel.exporter.otlp.endpoint", "http://greptime:4000/v1/otlp"), Map.of(),
                "http/protobuf")).isEqualTo("http://greptime:4000/v1/otlp/v1/metrics");
        assertThat(endpoint(Map.of("otel.exporter.otlp.endpoint", "http://env:4318"),
                Map.of("otel.exporter.otlp.endpoint", "http://flag:4318/"), "http/protobuf"))
                .isEqualTo("http://flag:4318/v1/metrics");
        // the SDK uses a metrics-specific endpoint as given, whatever the base says
        assertThat(endpoint(Map.of("otel.exporter.otlp.metrics.endpoint", "http://vm:8428/opentelemetry/v1/metrics"),
                Map.of("otel.exporter.otlp.endpoint", "http://flag:4318"), "http/protobuf"))
                .isEqualTo("http://vm:8428/opentelemetry/v1/metrics");
    }

    @Test
    void credentialsInTheEndpointAreNotPrinted() {
        String shown = endpoint(Map.of(), Map.of("otel.exporter.otlp.endpoint",
                "https://user:s3cret@collector.example:4318/otlp?token=abc123"), "http/protobuf");
        // the one redaction rule: userinfo masked, secret-looking query values too
        assertThat(shown).contains("collector.example:4318/otlp/v1/metrics")
                .doesNotContain("s3cret").doesNotContain("user:").doesNotContain("abc123");
    }

    /** POSTs that reached {@code backend} within {@code wait} after an early export of one counter. */
    private static int exportsSoonAfterAnEarlyExport(Duration interval, Duration wait) throws Exception {
        try (StubServer backend = StubServer.start()) {
            backend.on("POST", "/v1/metrics").respondAlways(StubServer.Response.empty(200));
            ExportSettings flags = new ExportSettings(List.of("otlp"), backend.baseUri().toString(), "http/protobuf",
                    null, interval, null, null);
            try (TelemetrySetup telemetry = TelemetrySetup.start(flags, "test")) {
                telemetry.meter().counterBuilder("test.counter").build().add(1);
                telemetry.exportEarly();
                long deadline = System.nanoTime() + wait.toNanos();
                while (backend.requests().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(100);
                return backend.requests("POST", "/v1/metrics").size();
            }
        }
    }

    @Test
    void theEarlyExportGoesOutAtOnceWhenTheIntervalIsLongAndNotAtAllWhenItIsShort() throws Exception {
        // a minute: the periodic export is far off, so the one request is the early one
        assertThat(exportsSoonAfterAnEarlyExport(Duration.ofMinutes(1), Duration.ofSeconds(10))).isEqualTo(1);
        // 9 s: the periodic export comes soon anyway; an early one would make the SDK drop it when they overlap
        assertThat(exportsSoonAfterAnEarlyExport(Duration.ofSeconds(9), Duration.ofSeconds(2))).isZero();
    }
}
