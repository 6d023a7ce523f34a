package io.evobserver.reliability;

import com.sun.net.httpserver.HttpServer;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.telemetry.BufferSettings;
import io.evobserver.telemetry.ExportSettings;
import io.evobserver.telemetry.TelemetrySetup;
import io.evobserver.telemetry.VinLabels;
import io.evobserver.source.demo.DemoFetcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, item 6: a shortened soak. A fleet of demo vehicles refreshed every second and exported
 * every second through the real telemetry stack (OTLP over HTTP, through the disk buffer, to a
 * local sink); heap after a full GC and the thread count are sampled over time and must not trend
 * upwards. The default run takes two minutes; the long run (see the README, Reliability / Soak):
 * {@code mvn -B test -Dtest=SoakTest -Devobserver.soak.minutes=60 -Devobserver.soak.vehicles=2000}.
 */
class SoakTest {

    private static final double MINUTES = Double.parseDouble(System.getProperty("evobserver.soak.minutes", "2"));
    private static final int VEHICLES = Integer.getInteger("evobserver.soak.vehicles", 2000);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    private static final Duration WARM_UP = Duration.ofSeconds(30);

    @TempDir
    Path buffer;

    record Sample(long atMillis, long heapAfterGc, int threads) {
    }

    @Test
    void heapAfterGcAndThreadsStayFlat() throws Exception {
        AtomicLong exports = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/", exchange -> {
            bytes.addAndGet(exchange.getRequestBody().readAllBytes().length);
            exports.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sink.start();
        TelemetrySetup telemetry = TelemetrySetup.start(new ExportSettings(List.of("otlp"),
                        "http://127.0.0.1:" + sink.getAddress().getPort(), "http/protobuf", null,
                        Duration.ofSeconds(1), null, null),
                // ~20 MB per export at 2,000 vehicles and a 1 s interval: the default 50 MB would drop files
                new BufferSettings(buffer, 512L << 20, BufferSettings.DEFAULT_MAX_AGE), "soak");
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
        VehicleInstrumentor instrumentor = new VehicleInstrumentor(
                new DemoFetcher(new DemoFetcher.DemoConfig(VEHICLES, 42, 60), Clock.systemUTC()),
                PollingPolicy.DEFAULT.withFixed(Duration.ofSeconds(1)), telemetry.selfMetrics(), Clock.systemUTC());
        instrumentor.registerInstruments(telemetry.registrar(VinLabels.plain()));
        List<Sample> samples = new ArrayList<>();
        long start = System.currentTimeMillis();
        long end = start + (long) (MINUTES * 60_000);
        try {
            instrumentor.start(executor, e -> {
                throw new AssertionError(e);
            });
            while (System.currentTimeMillis() < end) {
                Thread.sleep(SAMPLE_EVERY.toMillis());
                if (System.currentTimeMillis() - start < WARM_UP.toMillis()) {
                    continue;
                }
                samples.add(sample(start));
            }
        } finally {
            instrumentor.stop();
            executor.shutdownNow();
            telemetry.close();
            instrumentor.close();
            sink.stop(0);
        }
        String report = "soak: " + VEHICLES + " vehicles, " + exports.get() + " exports (" + bytes.get() / 1024
                + " KiB) in " + (System.currentTimeMillis() - start) / 1000 + " s\n" + table(samples);
        System.out.println(report);
        // proves the soak kept exporting; each 20 MB export takes seconds on a loaded 2-core machine
        assertThat(exports.get()).as(report).isGreaterThan((long) (MINUTES * 60 / 6));
        assertThat(samples).as(report).hasSizeGreaterThanOrEqualTo(6);

        int third = samples.size() / 3;
        List<Sample> first = samples.subList(0, third);
        List<Sample> middle = samples.subList(third, samples.size() - third);
        List<Sample> last = samples.subList(samples.size() - third, samples.size());
        // the floor of the last third against the ceiling of the middle one: on a loaded machine
        // the heap may still be settling during the first third (buffers, JIT), so a plateau
        // reached late must not read as growth, while a leak keeps raising every later floor
        long middleHeap = middle.stream().mapToLong(Sample::heapAfterGc).max().orElseThrow();
        long lastHeap = last.stream().mapToLong(Sample::heapAfterGc).min().orElseThrow();
        // a leak of one attribute set or snapshot per refresh would be megabytes per minute here
        assertThat(lastHeap).as("lowest heap after GC of the last third vs highest of the middle third\n" + report)
                .isLessThanOrEqualTo(middleHeap + middleHeap / 10 + 4L * 1024 * 1024);
        int firstThreads = first.stream().mapToInt(Sample::threads).max().orElseThrow();
        int lastThreads = last.stream().mapToInt(Sample::threads).max().orElseThrow();
        assertThat(lastThreads).as("live threads\n" + report).isLessThanOrEqualTo(firstThreads + 1);
    }

    /**
     * Heap after a full GC, the lowest of five tries 200 ms apart: with a 20 MB export in flight
     * most of the time, a single reading is as often "export in flight" as "steady state".
     */
    private static Sample sample(long start) throws InterruptedException {
        long heap = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            Thread.sleep(200);
        }
        return new Sample(System.currentTimeMillis() - start, heap, ManagementFactory.getThreadMXBean().getThreadCount());
    }

    private static String table(List<Sample> samples) {
        StringBuilder sb = new StringBuilder("  t[s]  heap-after-gc[MiB]  threads\n");
        for (Sample s : samples) {
            sb.append(String.format("%6d  %18.1f  %7d%n", s.atMillis() / 1000, s.heapAfterGc() / 1048576.0,
                    s.threads()));
        }
        return sb.toString();
    }
}
