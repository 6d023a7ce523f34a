package io.evobserver.reliability;

import io.evobserver.auth.TokenStore;
import io.evobserver.core.EVMetricData;
import io.evobserver.testing.RecordingSelfMetrics;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.TempDirs;
import io.evobserver.source.bmw.BmwFuzzTarget;
import io.evobserver.source.bmw.BmwStateFileFetcher;
import io.evobserver.source.chargy.ChargyConfig;
import io.evobserver.source.chargy.ChargyFetcher;
import io.evobserver.source.demo.DemoFetcher;
import io.evobserver.source.tesla.TeslaFuzzTarget;
import io.evobserver.source.volvo.VolvoFuzzTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, item 4 over every input path on main. One line per case: a new input path adds its
 * fixtures and its fetcher/mapper here. The vendor mappers are package-private, so each vendor's
 * test package has a small public {@code <Vendor>FuzzTarget} that runs the fetcher's own steps.
 * More iterations: {@code -Devobserver.fuzz.iterations=100000}.
 */
class InputFuzzTest {

    private static final int ITERATIONS = Integer.getInteger("evobserver.fuzz.iterations", 1500);
    private static final long SEED = Long.getLong("evobserver.fuzz.seed", 8);
    private static StubServer stub;
    private static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        stub = StubServer.start();
        tmp = TempDirs.create("fuzz");
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    static Stream<InputFuzz.Case> cases() {
        return Stream.of(
                new InputFuzz.Case("chargy KML feed", fixtures("chargy/feed_three_stations.kml",
                        "chargy/feed_quirks.kml", "chargy/feed_unknown_status.kml"), InputFuzzTest::chargy, List.of()),
                new InputFuzz.Case("demo fleet", List.of(new byte[16], "seed".getBytes()), InputFuzzTest::demo,
                        List.of()),
                new InputFuzz.Case("token file", List.of(("{\"access_token\":\"a\",\"refresh_token\":\"r\","
                        + "\"expires_at\":\"2026-11-23T10:00:00Z\",\"token_type\":\"Bearer\",\"scope\":\"s\","
                        + "\"extra\":{\"n\":1}}").getBytes()), InputFuzzTest::tokenFile, List.of()),
                new InputFuzz.Case("tesla vehicle_data", fixtures("tesla/vehicle_data_charging.json",
                        "tesla/vehicle_data_driving.json", "tesla/vehicle_data_parked.json",
                        "tesla/vehicle_data_null_sections.json"), TeslaFuzzTarget::vehicleData, List.of()),
                new InputFuzz.Case("volvo endpoints", VolvoFuzzTarget.bundles(), VolvoFuzzTarget::responses,
                        List.of()),
                new InputFuzz.Case("bmw telematicData", fixtures("bmw/telematic_data_ev_charging.json",
                        "bmw/telematic_data_combustion_parked.json", "bmw/telematic_data_truncated.json"),
                        BmwFuzzTarget::telematicData, List.of()),
                new InputFuzz.Case("bmw state file", fixtures("bmw/state_file_ev_charging.json",
                        "bmw/state_file_combustion_unlocked.json"), InputFuzzTest::bmwStateFile, List.of())
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void noExceptionEscapesAndEveryExportedValueIsSane(InputFuzz.Case c) throws Exception {
        int parsed = InputFuzz.run(c, SEED, ITERATIONS);
        System.out.println("fuzz " + c.name() + ": " + ITERATIONS + " mutations, " + parsed + " accepted");
        assertThat(parsed).as("some mutations still parse, so the value checks ran").isPositive();
    }

    private static List<byte[]> fixtures(String... names) {
        return Stream.of(names).map(StubServer::fixtureBytes).toList();
    }

    private static EVMetricData chargy(byte[] kml) throws Exception {
        stub.on("GET", "/feed").respond(StubServer.Response.bytes(200, "application/vnd.google-earth.kml+xml", kml));
        ChargyConfig config = ChargyConfig.defaults().withFeedUrl(stub.uri("/feed?API-KEY=fuzz"));
        try (ChargyFetcher fetcher = new ChargyFetcher(config, new RecordingSelfMetrics(), Clock.systemUTC())) {
            return fetcher.refresh();
        }
    }

    private static EVMetricData demo(byte[] input) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(java.util.Arrays.copyOf(input, 16));
        long seed = b.getLong();
        double scale = 1 + Math.abs(b.getInt() % 100_000);
        int vehicles = 1 + Math.abs(b.getInt() % 20);
        DemoFetcher demo = new DemoFetcher(new DemoFetcher.DemoConfig(vehicles, seed, scale), Clock.offset(
                Clock.systemUTC(), java.time.Duration.ofSeconds(Math.abs(seed % 10_000_000))));
        demo.refresh();
        return demo.refresh();
    }

    private static EVMetricData tokenFile(byte[] content) throws Exception {
        Path file = tmp.resolve("fuzz-token.json");
        Files.write(file, content);
        new TokenStore("fuzz", file).load(); // LoginRequiredException is a classified FetchException
        return EVMetricData.empty("fuzz", Instant.now());
    }

    /** Through the real fetcher: it reads the file itself and derives the VIN from its name. */
    private static EVMetricData bmwStateFile(byte[] content) throws Exception {
        Path file = tmp.resolve("WBA00000000000001.json");
        Files.write(file, content);
        return new BmwStateFileFetcher(List.of(file), List.of(), Clock.systemUTC()).refresh();
    }
}
