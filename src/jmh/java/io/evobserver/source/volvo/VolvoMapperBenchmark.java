package io.evobserver.source.volvo;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.benchmark.StandardBenchmark;
import io.evobserver.source.MapperBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Volvo has no single "vehicle data" document: a snapshot is mapped from the latest answer of
 * each endpoint. Two measures, in operations per second on one thread:
 * <ul>
 *   <li>{@link #fullVehicle()}: all 14 endpoint bodies of an EV parsed and mapped, the worst
 *       case (every endpoint answered in the same cycle);</li>
 *   <li>{@link #remapAfterOneAnswer()}: the usual cycle, one fast endpoint (energy state) parsed
 *       and the vehicle re-mapped from the other, already parsed answers.</li>
 * </ul>
 * Run: {@code java -jar target/benchmarks.jar VolvoMapperBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VolvoMapperBenchmark extends StandardBenchmark {

    private static final String VIN = "YV1XZK9V0R1234567";

    private final Map<VolvoEndpoint, byte[]> bodies = new EnumMap<>(VolvoEndpoint.class);
    private final Map<VolvoEndpoint, JsonNode> parsed = new EnumMap<>(VolvoEndpoint.class);
    private final VolvoMapper mapper = new VolvoMapper();

    @Setup
    public void setup() throws IOException {
        put(VolvoEndpoint.DETAILS, "ev_details.json");
        put(VolvoEndpoint.DOORS, "ev_doors_locked_tailgate_ajar.json");
        put(VolvoEndpoint.WINDOWS, "ev_windows_front_left_ajar.json");
        put(VolvoEndpoint.ODOMETER, "ev_odometer.json");
        put(VolvoEndpoint.FUEL, "ev_fuel_battery_only.json");
        put(VolvoEndpoint.STATISTICS, "ev_statistics.json");
        put(VolvoEndpoint.TYRES, "ev_tyres_rear_left_low.json");
        put(VolvoEndpoint.WARNINGS, "ev_warnings_low_beam_failure.json");
        put(VolvoEndpoint.ENGINE_STATUS, "ev_engine_status_stopped.json");
        put(VolvoEndpoint.DIAGNOSTICS, "ev_diagnostics_washer_low.json");
        put(VolvoEndpoint.BRAKES, "ev_brakes_ok.json");
        put(VolvoEndpoint.COMMAND_ACCESSIBILITY, "ev_command_accessibility_available.json");
        put(VolvoEndpoint.ENERGY_STATE, "ev_energy_state_charging_ac.json");
        put(VolvoEndpoint.LOCATION, "ev_location.json");
        int bytes = bodies.values().stream().mapToInt(b -> b.length).sum();
        System.out.printf("%n[volvo] %d endpoint bodies, %,d bytes%n", bodies.size(), bytes);
    }

    private void put(VolvoEndpoint endpoint, String file) throws IOException {
        byte[] body = MapperBenchmark.fixture("volvo/" + file);
        bodies.put(endpoint, body);
        parsed.put(endpoint, MapperBenchmark.JSON.readTree(body));
    }

    @Benchmark
    public Object fullVehicle() throws IOException {
        Map<VolvoEndpoint, JsonNode> responses = new EnumMap<>(VolvoEndpoint.class);
        for (Map.Entry<VolvoEndpoint, byte[]> e : bodies.entrySet()) {
            responses.put(e.getKey(), MapperBenchmark.JSON.readTree(e.getValue()));
        }
        return mapper.map(VIN, responses);
    }

    @Benchmark
    public Object remapAfterOneAnswer() throws IOException {
        Map<VolvoEndpoint, JsonNode> responses = new EnumMap<>(parsed);
        responses.put(VolvoEndpoint.ENERGY_STATE, MapperBenchmark.JSON.readTree(bodies.get(VolvoEndpoint.ENERGY_STATE)));
        return mapper.map(VIN, responses);
    }
}
