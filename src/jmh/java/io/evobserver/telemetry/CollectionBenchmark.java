package io.evobserver.telemetry;

import io.evobserver.benchmark.StandardBenchmark;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.source.demo.DemoFetcher;
import io.opentelemetry.exporter.internal.otlp.metrics.LowAllocationMetricsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * One export's worth of work for N demo vehicles, through the real SDK: the SDK collects
 * (our {@link SnapshotMetricProducer} turns the snapshot into gauge points) and the OTLP marshaler
 * encodes the request to protobuf into a counting sink. Only the HTTP round trip is left out.
 * Both SDK memory modes are measured: {@code IMMUTABLE_DATA} (the default: fresh point objects
 * per collection, {@link MetricsRequestMarshaler}) and {@code REUSABLE_DATA} (points and
 * marshaler reused, what {@code otel.java.exporter.memory_mode=reusable_data} selects).
 *
 * <p>Run: {@code mvn -B -q -Pjmh -DskipTests package && java -jar target/benchmarks.jar Collection -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CollectionBenchmark extends StandardBenchmark {

    @Param({"10", "100", "1000", "10000"})
    public int vehicles;

    @Param({"IMMUTABLE_DATA", "REUSABLE_DATA"})
    public MemoryMode memoryMode;

    private SdkMeterProvider provider;
    private BenchReader reader;
    private VehicleInstrumentor instrumentor;
    private final LowAllocationMetricsRequestMarshaler lowAllocation = new LowAllocationMetricsRequestMarshaler();
    private final CountingSink sink = new CountingSink();

    @Setup(Level.Trial)
    public void setup() throws Exception {
        reader = new BenchReader(memoryMode);
        // the daemon's wiring: snapshot gauges from the producer, the same exemplar filter
        SnapshotMetricProducer snapshots = new SnapshotMetricProducer(InstrumentationScopeInfo.create("io.evobserver"));
        provider = SdkMeterProvider.builder().setExemplarFilter(ExemplarFilter.alwaysOff())
                .registerMetricReader(reader).registerMetricProducer(snapshots).build();
        Clock clock = Clock.fixed(Instant.parse("2025-01-06T06:00:00Z"), ZoneOffset.UTC);
        DemoFetcher fetcher = new DemoFetcher(new DemoFetcher.DemoConfig(vehicles, 42, 60), clock);
        instrumentor = new VehicleInstrumentor(fetcher, PollingPolicy.DEFAULT, SelfMetrics.NOOP, clock);
        instrumentor.refreshOnce();
        instrumentor.registerInstruments(snapshots.registrar(VinLabels.plain()));
        Collection<MetricData> first = reader.collect();
        long points = first.stream().mapToLong(m -> m.getData().getPoints().size()).sum();
        System.out.printf("%n[collection] %d vehicles: %d metrics, %,d points, %,d bytes OTLP%n", vehicles,
                first.size(), points, encode());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        instrumentor.close();
        provider.close();
    }

    /** Collect + encode: returns the request size so nothing is optimised away. */
    @Benchmark
    public long collectAndEncode() throws IOException {
        return encode();
    }

    /** Collection alone, to tell the SDK's aggregation from the protobuf encoding. */
    @Benchmark
    public int collectOnly() {
        return reader.collect().size();
    }

    private long encode() throws IOException {
        Collection<MetricData> metrics = reader.collect();
        sink.count = 0;
        if (memoryMode == MemoryMode.REUSABLE_DATA) {
            lowAllocation.initialize(metrics);
            try {
                lowAllocation.writeBinaryTo(sink);
            } finally {
                lowAllocation.reset();
            }
        } else {
            MetricsRequestMarshaler.create(metrics).writeBinaryTo(sink);
        }
        return sink.count;
    }

    /** A pull reader: what PeriodicMetricReader does on its timer, minus the exporter. */
    static final class BenchReader implements MetricReader {
        private final MemoryMode mode;
        private volatile CollectionRegistration registration = CollectionRegistration.noop();

        BenchReader(MemoryMode mode) {
            this.mode = mode;
        }

        Collection<MetricData> collect() {
            return registration.collectAllMetrics();
        }

        @Override
        public void register(CollectionRegistration registration) {
            this.registration = registration;
        }

        @Override
        public MemoryMode getMemoryMode() {
            return mode;
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType type) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode forceFlush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** Counts bytes instead of keeping them: the encoder's cost without a growing buffer's. */
    static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
