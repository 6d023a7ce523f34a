package io.evobserver.source.tesla;

import io.evobserver.benchmark.StandardBenchmark;
import io.evobserver.core.FetchException;
import io.evobserver.source.MapperBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One Tesla {@code vehicle_data} body (bytes as they come off the wire) to a snapshot vehicle:
 * the Jackson parse, the envelope check ({@link TeslaApi#responseObject}) and {@link TeslaMapper#map},
 * in documents per second on one thread. Issue 9's target: at least 50,000 documents/s per core.
 *
 * <p>Lives in the mapper's package because the mapper is package-private; returns {@code Object}
 * because JMH's generated harness sits in another package.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar TeslaMapperBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TeslaMapperBenchmark extends StandardBenchmark {


    @Param({"vehicle_data_charging.json", "vehicle_data_driving.json", "vehicle_data_parked.json"})
    public String fixture;

    private byte[] body;
    private final TeslaMapper mapper = new TeslaMapper();

    @Setup
    public void setup() {
        body = MapperBenchmark.fixture("tesla/" + fixture);
    }

    @Benchmark
    public Object vehicleData() throws IOException, FetchException {
        return mapper.map(TeslaApi.responseObject(MapperBenchmark.JSON.readTree(body)));
    }
}
