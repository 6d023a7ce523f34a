package io.evobserver.source.bmw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.Signal;
import io.evobserver.testing.MutableClock;
import io.evobserver.testing.StubServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BmwStateFileFetcherTest {

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.at("2025-06-14T19:00:00Z");

    private Path write(String name, String fixture) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, StubServer.fixture("bmw/" + fixture));
        return file;
    }

    @Test
    void readsEveryFileOnEveryRefreshWithTheVinFromTheFileName() throws Exception {
        Path ev = write("bmw-eadrax-vcs_v4_vehicles_state_WBA71AW010FT00042.json", "state_file_ev_charging.json");
        Path ice = write("wba8e36080nu00317.json", "state_file_combustion_unlocked.json");
        BmwStateFileFetcher fetcher = new BmwStateFileFetcher(List.of(ev, ice), List.of(), clock);

        EVMetricData data = fetcher.refresh();
        assertThat(data.source()).isEqualTo("bmw");
        assertThat(data.vehicles()).extracting(v -> v.id().vin())
                .containsExactly("WBA71AW010FT00042", "WBA8E36080NU00317");
        assertThat(data.vehicles().get(0).id().brand()).isEqualTo("bmw");
        assertThat(data.vehicles().get(0).get(Signal.BATTERY_LEVEL)).hasValue(58);

        Files.writeString(ev, Files.readString(ev).replace("\"chargingLevelPercent\": 58", "\"chargingLevelPercent\": 61"));
        assertThat(fetcher.refresh().vehicles().get(0).get(Signal.BATTERY_LEVEL)).as("re-read").hasValue(61);
    }

    @Test
    void aSingleFileTakesTheVinOption() throws Exception {
        Path f = write("state.json", "state_file_ev_charging.json");
        assertThat(new BmwStateFileFetcher(List.of(f), List.of("wba71aw010ft00042"), clock).refresh().vehicles())
                .extracting(v -> v.id().vin()).containsExactly("WBA71AW010FT00042");
        assertThat(new BmwStateFileFetcher(List.of(f), List.of(), clock).refresh().vehicles())
                .extracting(v -> v.id().vin()).containsExactly("state");
    }

    @Test
    void missingBrokenOrForeignFilesAreClassifiedFailures() throws Exception {
        Path missing = dir.resolve("nope.json");
        assertThat(catchThrowableOfType(new BmwStateFileFetcher(List.of(missing), List.of(), clock)::refresh,
                FetchException.class).reason()).isEqualTo(Reason.UNAVAILABLE);
        Path broken = write("broken.json", "telematic_data_truncated.json");
        assertThat(catchThrowableOfType(new BmwStateFileFetcher(List.of(broken), List.of(), clock)::refresh,
                FetchException.class).reason()).isEqualTo(Reason.PARSE);
        Path foreign = write("foreign.json", "mappings.json");
        FetchException e = catchThrowableOfType(new BmwStateFileFetcher(List.of(foreign), List.of(), clock)::refresh,
                FetchException.class);
        assertThat(e.reason()).isEqualTo(Reason.PARSE);
        assertThat(e.getMessage()).contains("not a MyBMW vehicle state");
    }
}
