package io.evobserver.it;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OTLP over gRPC and HTTP into a real OpenTelemetry Collector, read back from the
 * collector's Prometheus exporter. Needs a Docker engine; reported as skipped where none runs.
 */
class OtelCollectorIT {

    private static final String CONFIG = """
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 0.0.0.0:4317
                  http:
                    endpoint: 0.0.0.0:4318
            exporters:
              prometheus:
                endpoint: 0.0.0.0:8889
            service:
              pipelines:
                metrics:
                  receivers: [otlp]
                  exporters: [prometheus]
            """;

    @SuppressWarnings("resource")
    static final GenericContainer<?> COLLECTOR = new GenericContainer<>("otel/opentelemetry-collector-contrib:0.119.0")
            .withCopyToContainer(Transferable.of(CONFIG), "/etc/otelcol-contrib/config.yaml")
            .withExposedPorts(4317, 4318, 8889)
            .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(2)));

    /**
     * Skips the test (an assumption in the test itself, which Failsafe reports as skipped;
     * a class-level condition would be reported as nothing at all) where no Docker engine runs.
     */
    private static void startOrSkip() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine on this machine");
        COLLECTOR.start();
    }

    @AfterAll
    static void stop() {
        COLLECTOR.stop();
    }

    @Test
    void grpcAndHttpBothArrive() throws Exception {
        startOrSkip();
        String host = COLLECTOR.getHost();
        EvObserverProcess.Result grpc = EvObserverProcess.run(Duration.ofSeconds(90),
                Map.of("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=grpc"),
                "run", "--once", "--vehicle", "demo", "--otlp-protocol", "grpc",
                "--otlp-endpoint", "http://" + host + ":" + COLLECTOR.getMappedPort(4317));
        assertThat(grpc.exitCode()).as(grpc.stderr()).isZero();
        EvObserverProcess.Result http = EvObserverProcess.run(Duration.ofSeconds(90), Map.of(),
                "run", "--once", "--vehicle", "demo", "--seed", "9",
                "--otlp-endpoint", "http://" + host + ":" + COLLECTOR.getMappedPort(4318));
        assertThat(http.exitCode()).as(http.stderr()).isZero();

        String scraped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://" + host + ":" + COLLECTOR.getMappedPort(8889) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(scraped).contains("vehicle_battery_level_percent{").contains("vehicle_brand=\"demo\"");
    }
}
