package io.evobserver.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.benchmark.StandardBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The floor under every vendor mapper: a Jackson tree parse of a vehicle-data-sized document
 * (~4 KB, 150 fields in nested objects, vendor-neutral keys), in documents per second on one
 * thread. The mappers themselves are measured next to their code, in the vendor packages
 * (their classes are package-private): {@code TeslaMapperBenchmark}, {@code VolvoMapperBenchmark},
 * {@code BmwMapperBenchmark}; they load their fixtures with {@link #fixture(String)}.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar MapperBenchmark} (all four:
 * {@code java -jar target/benchmarks.jar "MapperBenchmark"} matches every class with that suffix).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MapperBenchmark extends StandardBenchmark {

    /** One parser for the mapper benchmarks, as the fetchers keep one. */
    public static final ObjectMapper JSON = new ObjectMapper();

    /** A vehicle-data-sized document (~4 KB, ~150 fields in nested objects), vendor-neutral keys. */
    private byte[] generic;

    @Setup
    public void setup() {
        generic = genericDocument();
    }

    @Benchmark
    public JsonNode jsonTree() throws IOException {
        return JSON.readTree(generic);
    }

    /** A fixture from src/test/resources (the benchmark jar carries the test classes and resources). */
    public static byte[] fixture(String resource) {
        try (InputStream in = MapperBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + resource + " not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Six sections of 25 mixed fields: the size and nesting of a full vehicle-data response. */
    static byte[] genericDocument() {
        StringBuilder sb = new StringBuilder("{\"response\":{\"id\":12345678901234567,\"vin\":\"DEMEV000000000042\"");
        String[] sections = {"charge", "climate", "drive", "gui", "config", "vehicle"};
        for (String section : sections) {
            sb.append(",\"").append(section).append("_state\":{");
            for (int i = 0; i < 25; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append("\"").append(section).append("_field_").append(i).append("\":");
                switch (i % 5) {
                    case 0 -> sb.append(i * 12.375);
                    case 1 -> sb.append(i % 2 == 0);
                    case 2 -> sb.append("\"value_").append(i).append('"');
                    case 3 -> sb.append("null");
                    default -> sb.append(1_700_000_000_000L + i);
                }
            }
            sb.append('}');
        }
        return sb.append("}}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
