package io.evobserver.it;

import io.evobserver.testing.StubServer;
import io.evobserver.testing.TempDirs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The traffic the stack's dashboards expect, made with the real jar: the demo fleet and a
 * Chargy feed (a local stub serving a fixture) polled by one daemon; a second daemon whose
 * Chargy feed is down, so refresh errors and failed requests exist too; and a third polling
 * a stubbed Volvo cloud, the one source here that calls its API more than once in a short run
 * (Chargy downloads at most every 5 minutes), so request counters and latency histograms
 * really grow. All export every second.
 */
final class StackTraffic implements AutoCloseable {

    static final int DEMO_VEHICLES = 5;

    private final StubServer chargy = StubServer.start();
    private final StubServer volvoCloud = StubServer.start();
    private final List<Process> daemons = new ArrayList<>();

    private final Path volvoTokens;
    /** The daemons' built-in /metrics ports (loopback), for a scraping backend. */
    private final List<Integer> scrapePorts = new ArrayList<>();

    StackTraffic() throws IOException {
        volvoTokens = TempDirs.create("stack-volvo").resolve("volvo-token.json");
        StubbedVolvoCloud.saveExpiredTokens(volvoTokens, "stack-access", "stack-refresh");
        StubbedVolvoCloud.serveTwoCars(volvoCloud);
        chargy.on("GET", "/feed.kml").respondAlways(StubServer.Response.bytes(200,
                "application/vnd.google-earth.kml+xml", StubServer.fixtureBytes("chargy/feed_three_stations.kml")));
        chargy.on("GET", "/down.kml").respondAlways(StubServer.Response.empty(503));
    }

    /** Starts both daemons, exporting to {@code otlpEndpoint}. */
    void start(String otlpEndpoint) throws Exception {
        start(otlpEndpoint, false);
    }

    /** As {@link #start(String)}; with {@code scrape}, each daemon also serves /metrics ({@link #scrapePorts}). */
    void start(String otlpEndpoint, boolean scrape) throws Exception {
        daemons.add(EvObserverProcess.start(instance("demo-and-chargy"), args(scrape, "run", "--vehicle", "demo,chargy",
                "--demo-vehicles", String.valueOf(DEMO_VEHICLES), "--seed", "5",
                "--chargy-url", chargy.uri("/feed.kml").toString(),
                "--interval", "2s", "--export-interval", "1s", "--otlp-endpoint", otlpEndpoint)));
        daemons.add(EvObserverProcess.start(instance("chargy-down"), args(scrape, "run", "--vehicle", "chargy",
                "--chargy-url", chargy.uri("/down.kml").toString(),
                "--interval", "2s", "--export-interval", "1s", "--otlp-endpoint", otlpEndpoint)));
        String volvo = volvoCloud.baseUri().toString();
        daemons.add(EvObserverProcess.start(Map.of("EV_OBSERVER_VOLVO_CLIENT_SECRET", "stack-secret",
                        "EV_OBSERVER_VOLVO_API_KEY", "stack-api-key", "OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=volvo"),
                args(scrape, "run", "--vehicle", "volvo",
                "--volvo-client-id", "stack-client", "--api-base-url", volvo, "--auth-base-url", volvo,
                "--token-file", volvoTokens.toString(), "--export-interval", "1s", "--otlp-endpoint", otlpEndpoint)));
        for (Process p : daemons) {
            // nobody reads their output: discard it so a full pipe never blocks them
            EvObserverProcess.discardOutput(p);
        }
    }

    private String[] args(boolean scrape, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        if (scrape) {
            int port = VictoriaMetrics.freePort();
            scrapePorts.add(port);
            all.addAll(List.of("--exporter", "otlp,prometheus", "--prometheus-host", "127.0.0.1",
                    "--prometheus-port", Integer.toString(port)));
        }
        return all.toArray(String[]::new);
    }

    List<Integer> scrapePorts() {
        return List.copyOf(scrapePorts);
    }

    /**
     * Each daemon its own service.instance.id: two processes polling the same source would
     * otherwise write the very same series (the latency histogram has no status label), and
     * their interleaved samples would look like counter resets.
     */
    private static Map<String, String> instance(String id) {
        return Map.of("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=" + id);
    }

    /** Polls {@code ready} (a backend query) until it holds, at most {@code timeout}. */
    static void await(Duration timeout, String what, BooleanSupplier ready) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    /** Stops the daemons (SIGTERM: they flush a last export). */
    void stop() throws InterruptedException {
        for (Process p : daemons) {
            p.destroy();
        }
        for (Process p : daemons) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        chargy.close();
        volvoCloud.close();
    }
}
