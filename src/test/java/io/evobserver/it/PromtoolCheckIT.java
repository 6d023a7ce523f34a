package io.evobserver.it;

import io.evobserver.telemetry.MetricCatalogue;
import io.evobserver.telemetry.MetricDefinition;
import io.evobserver.testing.StubServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus' own linter on what the built-in endpoint serves: the demo fleet plus a Chargy
 * feed (vehicles, stations, details series, request counters and the latency histogram), checked
 * with {@code promtool check metrics} from Debian's package (scripts/fetch-promtool.sh). Skipped
 * only when the fetch was switched off with {@code EV_OBSERVER_PROMTOOL=skip}; a missing binary
 * otherwise fails.
 */
class PromtoolCheckIT {

    @Test
    void theScrapeOutputIsLintClean() throws Exception {
        Path promtool = Paths.get(System.getProperty("evobserver.promtool", "target/backends/promtool/usr/bin/promtool"));
        if (!Files.isExecutable(promtool)) {
            Assumptions.assumeFalse("skip".equals(System.getenv("EV_OBSERVER_PROMTOOL")),
                    "promtool not fetched (EV_OBSERVER_PROMTOOL=skip)");
            throw new AssertionError("promtool not found at " + promtool + "; run scripts/fetch-promtool.sh");
        }
        try (StubServer chargy = StubServer.start()) {
            chargy.on("GET", "/feed.kml").respondAlways(StubServer.Response.bytes(200,
                    "application/vnd.google-earth.kml+xml", StubServer.fixtureBytes("chargy/feed_three_stations.kml")));
            int port = VictoriaMetrics.freePort();
            Process p = EvObserverProcess.start(Map.of(), "run", "--vehicle", "demo,chargy",
                    "--chargy-url", chargy.uri("/feed.kml").toString(), "--interval", "2s",
                    "--exporter", "prometheus", "--prometheus-port", Integer.toString(port),
                    "--prometheus-host", "127.0.0.1");
            try {
                String body = scrapeUntil(port, "charger_station_details{", "ev_observer_api_requests_total{",
                        "vehicle_details{", "ev_observer_api_duration_seconds_bucket{");
                assertThat(body).contains("# HELP target_info ");
                for (MetricDefinition d : MetricCatalogue.ALL) {
                    if (d.name().startsWith("vehicle.") && d.fromSnapshot() && body.contains(d.prometheusName())) {
                        assertThat(body).contains("# HELP " + d.prometheusName() + " ");
                    }
                }
                Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                        .redirectErrorStream(true).start();
                check.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
                check.getOutputStream().close();
                String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(out).as("promtool check metrics").isEmpty();
                assertThat(check.exitValue()).isZero();
            } finally {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String scrapeUntil(int port, String... needles) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                boolean all = true;
                for (String n : needles) {
                    all &= body.contains(n);
                }
                if (all) {
                    return body;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the scrape never showed all of " + String.join(", ", needles) + ":\n" + body);
    }
}
