package io.evobserver.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.stack.StackFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo stack's data path with its own files: ev-observer (the jar, on the host) to the
 * OpenTelemetry Collector running {@code otel-collector.yaml}, to GreptimeDB running
 * {@code greptimedb/standalone.toml}, images as pinned in docker-compose.yml; then every
 * dashboard and alert expression and every dashboard variable through GreptimeDB's
 * Prometheus API, as Grafana's data source asks. Needs a Docker engine; reported as skipped where none runs (an assumption in
 * the test, as in the other container tests, so it shows up as skipped rather than not at all).
 */
class StackGreptimeDbIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Network network;
    private static GenericContainer<?> greptime;
    private static GenericContainer<?> collector;
    private static StackTraffic traffic;

    @SuppressWarnings("resource")
    private static void startOrSkip() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine on this machine");
        JsonNode services = StackFiles.yaml(StackFiles.file("docker-compose.yml")).path("services");
        network = Network.newNetwork();
        greptime = new GenericContainer<>(services.path("greptimedb").path("image").asText())
                .withNetwork(network).withNetworkAliases("greptimedb")
                .withCopyFileToContainer(MountableFile.forHostPath(StackFiles.file("greptimedb/standalone.toml")),
                        "/etc/greptimedb/standalone.toml")
                .withCommand(strings(services.path("greptimedb").path("command")))
                .withExposedPorts(4000)
                .waitingFor(Wait.forHttp("/health").forPort(4000).withStartupTimeout(Duration.ofMinutes(3)));
        greptime.start();
        collector = new GenericContainer<>(services.path("otel-collector").path("image").asText())
                .withNetwork(network)
                .withCopyFileToContainer(MountableFile.forHostPath(StackFiles.file("otel-collector.yaml")),
                        "/etc/otelcol-contrib/config.yaml")
                // the persistent queue's folder (a volume in compose), writable by the collector's uid
                .withTmpFs(java.util.Map.of("/var/lib/otelcol/queue", "rw,mode=1777"))
                .withCommand(strings(services.path("otel-collector").path("command")))
                .withExposedPorts(4318, 13133)
                .waitingFor(Wait.forHttp("/").forPort(13133).withStartupTimeout(Duration.ofMinutes(2)));
        collector.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (traffic != null) {
            traffic.close();
        }
        for (GenericContainer<?> c : new GenericContainer<?>[] {collector, greptime}) {
            if (c != null) {
                c.stop();
            }
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void everyDashboardAndAlertExpressionReturnsDataFromGreptimeDb() throws Exception {
        startOrSkip();
        traffic = new StackTraffic();
        traffic.start("http://" + collector.getHost() + ":" + collector.getMappedPort(4318));
        String base = "http://" + greptime.getHost() + ":" + greptime.getMappedPort(4000);
        HttpClient http = HttpClient.newHttpClient();
        StackTraffic.await(Duration.ofMinutes(3), "series in GreptimeDB", () ->
                !query(http, base, "count_over_time(vehicle_battery_level_percent[5m]) >= 2").isEmpty()
                        && !query(http, base, "max(max_over_time(ev_observer_api_duration_seconds_count{vendor=\"volvo\"}[5m])"
                        + " - min_over_time(ev_observer_api_duration_seconds_count{vendor=\"volvo\"}[5m])) > 0").isEmpty());
        traffic.stop();

        List<StackFiles.Query> all = new ArrayList<>(StackFiles.liveDashboardQueries());
        all.addAll(StackFiles.alertQueries());
        Map<String, String> vars = Map.of("vehicle", ".*", "station", ".*", "vendor", ".*");
        List<String> empty = new ArrayList<>();
        for (StackFiles.Query q : all) {
            String promql = StackFiles.substitute(q.expr(), vars);
            if (query(http, base, promql).isEmpty()) {
                empty.add(q.where() + ":\n" + promql);
            }
        }
        assertThat(empty).as("expressions without data in GreptimeDB").isEmpty();

        // every dashboard variable offers values, asked as Grafana asks (the VictoriaMetrics IT does the same)
        DashboardVariableValues.PrometheusApi api = new DashboardVariableValues.PrometheusApi() {
            @Override
            public JsonNode labelValues(String label, String match) {
                long now = System.currentTimeMillis() / 1000;
                return get(http, base + "/v1/prometheus/api/v1/label/" + label + "/values?db=public&start=" + (now - 3600)
                        + "&end=" + now + "&match%5B%5D=" + URLEncoder.encode(match, StandardCharsets.UTF_8)).path("data");
            }

            @Override
            public JsonNode query(String promql) {
                return StackGreptimeDbIT.query(http, base, promql);
            }
        };
        List<String> noValues = new ArrayList<>();
        for (StackFiles.Variable v : StackFiles.variables()) {
            List<DashboardVariableValues.Offered> values = DashboardVariableValues.offered(v, api);
            if (values.isEmpty() || values.stream().anyMatch(o -> o.text().isBlank())) {
                noValues.add(v.dashboard() + " $" + v.name() + " from " + v.query() + ": " + values);
            }
        }
        assertThat(noValues).as("variables offering no values (or blank ones) in GreptimeDB").isEmpty();
    }

    /** An instant query through the URL Grafana's data source uses, database as the collector writes it. */
    private static JsonNode query(HttpClient http, String base, String promql) {
        return get(http, base + "/v1/prometheus/api/v1/query?db=public&query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("data").path("result");
    }

    private static JsonNode get(HttpClient http, String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(url, e);
        }
    }

    private static String[] strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out.toArray(String[]::new);
    }
}
