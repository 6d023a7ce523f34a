package io.evobserver.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default backend: the demo fleet pushed once into a real GreptimeDB (OTLP/HTTP at
 * /v1/otlp) and read back through its PromQL API. Needs a Docker engine; reported as
 * skipped where none runs.
 */
class GreptimeDbIT {

    @SuppressWarnings("resource")
    static final GenericContainer<?> GREPTIME = new GenericContainer<>("greptime/greptimedb:v1.1.4")
            .withCommand("standalone", "start", "--http-addr", "0.0.0.0:4000")
            .withExposedPorts(4000)
            .waitingFor(Wait.forHttp("/health").forPort(4000).withStartupTimeout(Duration.ofMinutes(3)));

    /**
     * Skips the test (an assumption in the test itself, which Failsafe reports as skipped;
     * a class-level condition would be reported as nothing at all) where no Docker engine runs.
     */
    private static void startOrSkip() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine on this machine");
        GREPTIME.start();
    }

    @AfterAll
    static void stop() {
        GREPTIME.stop();
    }

    @Test
    void demoFleetArrivesWithGreptimeNaming() throws Exception {
        startOrSkip();
        String base = "http://" + GREPTIME.getHost() + ":" + GREPTIME.getMappedPort(4000);
        EvObserverProcess.Result snap = EvObserverProcess.run(Duration.ofSeconds(60), Map.of(),
                "snapshot", "--vehicle", "demo", "--seed", "11");
        JsonNode vehicle = new ObjectMapper().readTree(snap.stdout()).path("sources").get(0).path("vehicles").get(0);
        EvObserverProcess.Result run = EvObserverProcess.run(Duration.ofSeconds(90), Map.of(),
                "run", "--once", "--vehicle", "demo", "--seed", "11", "--otlp-endpoint", base + "/v1/otlp",
                "--otlp-header", "X-Greptime-DB-Name=public");
        assertThat(run.exitCode()).as(run.stderr()).isZero();

        HttpClient http = HttpClient.newHttpClient();
        String query = "vehicle_battery_level_percent{vehicle_vin=\"" + vehicle.path("vehicle.vin").asText() + "\"}";
        JsonNode result = null;
        for (int i = 0; i < 50 && (result == null || result.isEmpty()); i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/v1/prometheus/api/v1/query?db=public&query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            result = new ObjectMapper().readTree(r.body()).path("data").path("result");
            Thread.sleep(200);
        }
        assertThat(result).hasSize(1);
        assertThat(Double.parseDouble(result.get(0).path("value").get(1).asText()))
                .isEqualTo(vehicle.path("metrics").path("vehicle.battery.level").asDouble());
        assertThat(result.get(0).path("metric").path("vehicle_brand").asText()).isEqualTo("demo");
    }
}
