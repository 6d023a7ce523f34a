package io.evobserver.source.demo;

import io.evobserver.core.EVMetricData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * One demo refresh of N vehicles at the default time scale, 30 s of real time after the last
 * (the active poll interval): each car advances 180 ten-second steps and builds its snapshot.
 * This is what a {@code --demo-vehicles 10000} run pays per refresh, next to the export.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar DemoRefresh}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DemoRefreshBenchmark {

    @Param({"10", "100", "1000", "10000"})
    public int vehicles;

    private SteppingClock clock;
    private DemoFetcher fetcher;

    @Setup
    public void setup() {
        clock = new SteppingClock(Instant.parse("2025-01-06T06:00:00Z"));
        fetcher = new DemoFetcher(new DemoFetcher.DemoConfig(vehicles, 42, DemoFetcher.DEFAULT_TIME_SCALE), clock);
        fetcher.refresh();
    }

    @Benchmark
    public EVMetricData refresh() {
        clock.now = clock.now.plusSeconds(30);
        return fetcher.refresh();
    }

    /** A clock the benchmark moves by hand. */
    static final class SteppingClock extends Clock {
        Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
