package io.evobserver.source.bmw;

import io.evobserver.benchmark.StandardBenchmark;
import io.evobserver.core.VehicleId;
import io.evobserver.source.MapperBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * BMW bodies to a snapshot vehicle, in documents per second on one thread: a CarData
 * {@code telematicData} answer (parse, key-to-reading map, {@link BmwMapper#toVehicle}) and a
 * bimmer_connected vehicle-state file ({@link BmwStateFileMapper#toVehicle}).
 *
 * <p>Run: {@code java -jar target/benchmarks.jar BmwMapperBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BmwMapperBenchmark extends StandardBenchmark {

    private static final VehicleId ID = VehicleId.of("WBA71AW090FP12345", "bmw");
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private byte[] telematic;
    private byte[] stateFile;

    @Setup
    public void setup() {
        telematic = MapperBenchmark.fixture("bmw/telematic_data_ev_charging.json");
        stateFile = MapperBenchmark.fixture("bmw/state_file_ev_charging.json");
    }

    @Benchmark
    public Object telematicData() throws IOException {
        return BmwMapper.toVehicle(ID, BmwMapper.readings(MapperBenchmark.JSON.readTree(telematic)), BmwMapper.StaticInfo.UNKNOWN, NOW);
    }

    @Benchmark
    public Object stateFile() throws IOException {
        return BmwStateFileMapper.toVehicle(ID, MapperBenchmark.JSON.readTree(stateFile), NOW);
    }
}
