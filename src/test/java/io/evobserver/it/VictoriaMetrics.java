package io.evobserver.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.telemetry.MetricCatalogue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real VictoriaMetrics single-node process on a free loopback port, as the project's
 * {@code scripts/fetch-victoriametrics.sh} unpacked it (Maven runs the script before the
 * integration tests). Started with Prometheus naming, the naming GreptimeDB uses by default.
 * Missing binary = failed test, never a skipped one: CI must exercise the real backend.
 */
public final class VictoriaMetrics implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final int port;
    private final Path dataDir;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private VictoriaMetrics(Process process, int port, Path dataDir, Path log) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
    }

    public static Path binary() {
        String configured = System.getProperty("evobserver.victoriametrics",
                "target/backends/victoria-metrics/usr/bin/victoria-metrics");
        Path bin = Paths.get(configured);
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("VictoriaMetrics binary not found at " + bin
                    + "; run scripts/fetch-victoriametrics.sh (mvn verify does)");
        }
        return bin;
    }

    public static VictoriaMetrics start(String... extraFlags) throws IOException, InterruptedException {
        return start(null, extraFlags);
    }

    /** Starts on {@code fixedPort} (null: a free one), e.g. to restart on the same port with the same data. */
    public static VictoriaMetrics start(Integer fixedPort, String... extraFlags) throws IOException, InterruptedException {
        int port = fixedPort != null ? fixedPort : freePort();
        Path dataDir = Files.createTempDirectory("vm-data");
        return launch(port, dataDir, extraFlags);
    }

    /** Starts again with the same port and data folder (after {@link #stop()}). */
    public VictoriaMetrics restart(String... extraFlags) throws IOException, InterruptedException {
        return launch(port, dataDir, extraFlags);
    }

    private static VictoriaMetrics launch(int port, Path dataDir, String... extraFlags)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("vm", ".log");
        List<String> cmd = new ArrayList<>(List.of(binary().toString(),
                "-storageDataPath=" + dataDir,
                "-httpListenAddr=127.0.0.1:" + port,
                "-opentelemetry.usePrometheusNaming",
                "-search.latencyOffset=0s",
                "-search.disableCache",
                "-retentionPeriod=100y",
                "-loggerLevel=WARN"));
        cmd.addAll(List.of(extraFlags));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        VictoriaMetrics vm = new VictoriaMetrics(p, port, dataDir, log);
        vm.awaitHealthy();
        return vm;
    }

    private void awaitHealthy() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("VictoriaMetrics exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("VictoriaMetrics did not become healthy: " + Files.readString(log));
    }

    /** The name a catalogue metric's series is stored under here (started with Prometheus naming). */
    public static String seriesName(String catalogueMetric) {
        return MetricCatalogue.byName(catalogueMetric).prometheusName();
    }

    public int port() {
        return port;
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** The base for {@code --otlp-endpoint} ({@code /v1/metrics} is appended by the exporter). */
    public String otlpEndpoint() {
        return base() + "/opentelemetry";
    }

    /** Makes just-ingested samples searchable. */
    public void flush() throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(base() + "/internal/force_flush")).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /**
     * Runs an instant PromQL/MetricsQL query and returns {@code data.result}. New series take a
     * moment to become searchable even after a flush, so an empty answer is retried for up to
     * five seconds; use {@link #queryNow} to assert that something is absent.
     */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        JsonNode result = queryNow(promql);
        while (result.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            result = queryNow(promql);
        }
        return result;
    }

    /** The value of the one series a query must return (fails when it returns none or several). */
    public double singleValue(String promql) throws IOException, InterruptedException {
        return Double.parseDouble(single(promql).path("value").get(1).asText());
    }

    private JsonNode single(String promql) throws IOException, InterruptedException {
        JsonNode series = query(promql);
        if (series.size() != 1) {
            throw new AssertionError(promql + ": expected exactly one series, got " + series.size() + ": " + series);
        }
        return series.get(0);
    }

    /** A label of the one series a query must return (fails when it returns none or several). */
    public String label(String promql, String label) throws IOException, InterruptedException {
        return single(promql).path("metric").path(label).asText();
    }

    /** One instant query after a flush, no retry. */
    public JsonNode queryNow(String promql) throws IOException, InterruptedException {
        flush();
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("data")
                .path("result");
    }

    /** Every raw sample of the matching series, via the export API (one JSON line per series). */
    public List<JsonNode> export(String match) throws IOException, InterruptedException {
        flush();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/export?match[]="
                + URLEncoder.encode(match, StandardCharsets.UTF_8) + "&start=0")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> series = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (!line.isBlank()) {
                series.add(JSON.readTree(line));
            }
        }
        return series;
    }

    public JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("VictoriaMetrics answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Stops the process but keeps its data, for {@link #restart}. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        Files.deleteIfExists(log);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
