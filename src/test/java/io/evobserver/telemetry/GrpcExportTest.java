package io.evobserver.telemetry;

import io.evobserver.core.PollingPolicy;
import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.source.demo.DemoFetcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.Protocol;
import okio.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --otlp-protocol grpc} over real HTTP/2 (cleartext, prior knowledge, as gRPC does for
 * http:// endpoints) against a local peer: the export is a gRPC call to the OTLP metrics
 * service with a length-prefixed protobuf message carrying our metrics.
 */
class GrpcExportTest {

    @Test
    void grpcProtocolSendsAnOtlpExportCall() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
            // an empty ExportMetricsServiceResponse: gRPC frame header (uncompressed, length 0)
            server.enqueue(new MockResponse.Builder().code(200).addHeader("content-type", "application/grpc")
                    .body(new Buffer().write(new byte[5])).trailers(Headers.of("grpc-status", "0")).build());
            server.start();
            String endpoint = "http://127.0.0.1:" + server.getPort();

            TelemetrySetup telemetry = TelemetrySetup.start(new ExportSettings(List.of("otlp"), endpoint, "grpc",
                    List.of("x-tenant=demo"), null, null, null), "test");
            VehicleInstrumentor demo = new VehicleInstrumentor(new DemoFetcher(DemoFetcher.DemoConfig.defaults(),
                    Clock.systemUTC()), PollingPolicy.DEFAULT, telemetry.selfMetrics(), Clock.systemUTC());
            demo.registerInstruments(telemetry.registrar(VinLabels.plain()));
            demo.refreshOnce();
            demo.stop();
            boolean exported = telemetry.closeAndReport(30);

            assertThat(exported).isTrue();
            RecordedRequest call = server.takeRequest(10, TimeUnit.SECONDS);
            assertThat(call).isNotNull();
            assertThat(call.getVersion()).isEqualTo("HTTP/2");
            assertThat(call.getTarget()).isEqualTo("/opentelemetry.proto.collector.metrics.v1.MetricsService/Export");
            assertThat(call.getHeaders().get("content-type")).startsWith("application/grpc");
            assertThat(call.getHeaders().get("x-tenant")).isEqualTo("demo");
            byte[] body = call.getBody().toByteArray();
            ByteBuffer frame = ByteBuffer.wrap(body);
            assertThat(frame.get()).as("uncompressed gRPC message").isZero();
            assertThat(frame.getInt()).isEqualTo(body.length - 5);
            String payload = new String(body, StandardCharsets.ISO_8859_1);
            assertThat(payload).contains("vehicle.battery.level", "vehicle.vin", "ev-observer");
        }
    }
}
