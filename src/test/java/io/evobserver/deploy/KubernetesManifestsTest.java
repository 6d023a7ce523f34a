package io.evobserver.deploy;

import io.evobserver.core.ShardFilter;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The manifests under deploy/kubernetes parse, hang together, and shard the way the code does. */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("deploy/kubernetes");

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : yaml().loadAll(Files.readString(f))) {
                    assertThat(doc).as(f.toString()).isInstanceOf(Map.class);
                    docs.add((Map<String, Object>) doc);
                }
            }
        }
        return docs;
    }

    private static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata", "name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @SuppressWarnings("unchecked")
    private static Object at(Object node, Object... path) {
        Object n = node;
        for (Object p : path) {
            n = p instanceof Integer i ? ((List<Object>) n).get(i) : ((Map<String, Object>) n).get(p);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    @Test
    void everyDocumentIsAKubernetesObjectAndKustomizeListsEveryFile() throws IOException {
        List<Map<String, Object>> docs = documents();
        assertThat(docs).hasSizeGreaterThanOrEqualTo(6);
        for (Map<String, Object> d : docs) {
            assertThat(d).containsKeys("apiVersion", "kind");
            if (!"Kustomization".equals(d.get("kind"))) {
                assertThat(at(d, "metadata", "name")).as(d.toString()).isNotNull();
            }
        }
        Map<String, Object> k = docs.stream().filter(d -> "Kustomization".equals(d.get("kind"))).findFirst()
                .orElseThrow();
        List<String> listed = new ArrayList<>();
        for (Object resource : (List<?>) k.get("resources")) {
            assertThat(DIR.resolve(resource.toString())).exists();
            listed.add(resource.toString());
        }
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(listed).containsExactlyInAnyOrderElementsOf(files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachPodOwnsTheShardOfItsOrdinalAndTheCountIsTheReplicaCount() throws IOException {
        Map<String, Object> sts = find(documents(), "StatefulSet", "ev-observer");
        int replicas = (Integer) at(sts, "spec", "replicas");
        List<Map<String, Object>> env = (List<Map<String, Object>>) at(sts, "spec", "template", "spec",
                "containers", 0, "env");
        String shard = env.stream().filter(e -> "EV_OBSERVER_SHARD".equals(e.get("name")))
                .map(e -> (String) e.get("value")).findFirst().orElseThrow();
        assertThat(env.stream().map(e -> e.get("name"))).contains("POD_NAME"); // defined, so $(POD_NAME) expands
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            String expanded = shard.replace("$(POD_NAME)", "ev-observer-" + ordinal);
            assertThat(ShardFilter.parse(expanded)).isEqualTo(new ShardFilter(ordinal, replicas));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theObserversPushToTheGatewayAndTheGatewayToGreptimeDbOverOtlpHttp() throws IOException {
        List<Map<String, Object>> docs = documents();
        Map<String, Object> sts = find(docs, "StatefulSet", "ev-observer");
        List<Map<String, Object>> env = (List<Map<String, Object>>) at(sts, "spec", "template", "spec",
                "containers", 0, "env");
        String endpoint = env.stream().filter(e -> "OTEL_EXPORTER_OTLP_ENDPOINT".equals(e.get("name")))
                .map(e -> (String) e.get("value")).findFirst().orElseThrow();
        Map<String, Object> gatewayService = find(docs, "Service", "otel-gateway");
        List<Map<String, Object>> ports = (List<Map<String, Object>>) at(gatewayService, "spec", "ports");
        assertThat(ports).anyMatch(p -> endpoint.endsWith(":" + p.get("port")) && "otlp-http".equals(p.get("name")));
        assertThat(endpoint).startsWith("http://otel-gateway.");

        Map<String, Object> cm = find(docs, "ConfigMap", "otel-gateway");
        Map<String, Object> config = yaml().load((String) at(cm, "data", "config.yaml"));
        List<String> exporters = (List<String>) at(config, "service", "pipelines", "metrics", "exporters");
        for (String e : exporters) {
            assertThat((Map<String, Object>) config.get("exporters")).containsKey(e);
        }
        assertThat(exporters).contains("otlphttp/greptimedb");
        assertThat((String) at(config, "exporters", "otlphttp/greptimedb", "endpoint")).endsWith(":4000/v1/otlp");
        for (String p : (List<String>) at(config, "service", "pipelines", "metrics", "processors")) {
            assertThat((Map<String, Object>) config.get("processors")).containsKey(p);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void probesPointAtTheHealthPortAndPathsTheDaemonServes() throws Exception {
        Map<String, Object> sts = find(documents(), "StatefulSet", "ev-observer");
        Map<String, Object> container = (Map<String, Object>) at(sts, "spec", "template", "spec", "containers", 0);
        int port = -1;
        for (Object p : (List<Object>) container.get("ports")) {
            if ("health".equals(at(p, "name"))) {
                port = (Integer) at(p, "containerPort");
            }
        }
        assertThat(port).as("a port named health").isPositive();
        String env = null;
        for (Object e : (List<Object>) container.get("env")) {
            if ("EV_OBSERVER_HEALTH_PORT".equals(at(e, "name"))) {
                env = (String) at(e, "value");
            }
        }
        assertThat(env).as("the daemon listens on the probed port").isEqualTo(Integer.toString(port));
        assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/healthz");
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/readyz");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            Object p = at(container, probe, "httpGet", "port");
            assertThat(p).as(probe).isIn("health", port);
        }
        // the image listens there on every interface, and its own HEALTHCHECK asks the same path
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).contains("EV_OBSERVER_HEALTH_PORT=" + port).contains("EV_OBSERVER_HEALTH_HOST=0.0.0.0")
                .containsPattern("HEALTHCHECK [^\\n]*\\\\\\n\\s+CMD wget -q -O /dev/null http://127\\.0\\.0\\.1:" + port + "/readyz");

        // and those paths are what the daemon's health server answers (not 404)
        try (var server = io.evobserver.health.HealthServer.start("127.0.0.1", 0,
                () -> new io.evobserver.health.Readiness.Verdict(true, "test"))) {
            var http = java.net.http.HttpClient.newHttpClient();
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + server.port() + at(container, probe, "httpGet", "path"))).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(probe).isEqualTo(200);
            }
        }
    }
}
