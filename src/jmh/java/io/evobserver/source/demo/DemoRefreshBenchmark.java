package io.evobserver.source.demo;

import io.evobserver.benchmark.StandardBenchmark;
import io.evobserver.core.EVMetricData;
import io.evobserver.testing.MutableClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One demo refresh of N vehicles at the default time scale, 30 s of real time after the last
 * (the active poll interval): each car advances 180 ten-second steps and builds its snapshot.
 * This is what a {@code --demo-vehicles 10000} run pays per refresh, next to the export.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar DemoRefresh}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class DemoRefreshBenchmark extends StandardBenchmark {

    /** Real time between two refreshes: the active poll interval. */
    private static final Duration STEP = Duration.ofSeconds(30);

    @Param({"10", "100", "1000", "10000"})
    public int vehicles;

    private MutableClock clock;
    private DemoFetcher fetcher;

    @Setup
    public void setup() {
        clock = MutableClock.at("2025-01-06T06:00:00Z");
        fetcher = new DemoFetcher(new DemoFetcher.DemoConfig(vehicles, 42, DemoFetcher.DEFAULT_TIME_SCALE), clock);
        fetcher.refresh();
    }

    @Benchmark
    public EVMetricData refresh() {
        clock.advance(STEP);
        return fetcher.refresh();
    }
}
