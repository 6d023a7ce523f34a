package io.evobserver.source.volvo;

import static io.evobserver.source.volvo.VolvoMapperTest.EV;
import static org.assertj.core.api.Assertions.assertThat;

import io.evobserver.core.EVMetricData;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.VehicleState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request budget over a simulated hour: the fetcher runs as the instrumentor runs it (refresh,
 * wait {@code nextInterval}, repeat) on a fake clock against the stub, and every call is counted.
 */
class VolvoCadenceTest {

    @TempDir
    Path dir;
    @AutoClose
    VolvoRig rig;

    @BeforeEach
    void start() {
        rig = new VolvoRig(dir);
        rig.tokens();
        rig.tokenEndpointRotates(); // 299 s access tokens: refreshed all along the hour
    }

    private static Map<VolvoEndpoint, String> fixtures(boolean driving) {
        Map<VolvoEndpoint, String> f = new EnumMap<>(VolvoMapperTest.evFixtures());
        f.put(VolvoEndpoint.ENGINE_STATUS, driving ? "engine_status_running.json" : "ev_engine_status_stopped.json");
        f.put(VolvoEndpoint.ENERGY_STATE, "ev_energy_state_parked_unplugged.json");
        return f;
    }

    private List<EVMetricData> runOneHour(VolvoFetcher fetcher, PollingPolicy policy) throws Exception {
        Instant end = VolvoRig.T0.plus(Duration.ofHours(1));
        List<EVMetricData> snapshots = new ArrayList<>();
        while (rig.clock.instant().isBefore(end)) {
            EVMetricData data = fetcher.refresh();
            snapshots.add(data);
            rig.clock.advance(fetcher.nextInterval(data, policy));
        }
        return snapshots;
    }

    @Test
    void oneDrivingCarPollsFastEndpointsEveryMinuteAndSlowOnesHourly() throws Exception {
        rig.vehicles("vehicles_one_ev.json");
        rig.car(EV, fixtures(true));

        List<EVMetricData> snapshots = runOneHour(rig.fetcher(), PollingPolicy.DEFAULT);

        assertThat(snapshots).allSatisfy(d -> assertThat(d.vehicles().get(0).state()).contains(VehicleState.DRIVING));
        assertThat(rig.calls(VolvoEndpoint.DOORS.path(EV))).isEqualTo(60);
        assertThat(rig.calls(VolvoEndpoint.LOCATION.path(EV))).isEqualTo(60);
        assertThat(rig.calls(VolvoEndpoint.ENERGY_STATE.path(EV))).isEqualTo(60);
        assertThat(rig.calls(VolvoEndpoint.STATISTICS.path(EV))).isEqualTo(30);
        assertThat(rig.calls(VolvoEndpoint.ODOMETER.path(EV))).isEqualTo(12);
        assertThat(rig.calls(VolvoEndpoint.TYRES.path(EV))).isEqualTo(1);
        assertThat(rig.calls(VolvoEndpoint.DIAGNOSTICS.path(EV))).isEqualTo(1);
        assertThat(rig.calls(VolvoEndpoint.DETAILS.path(EV))).isEqualTo(1);
        assertThat(rig.calls(VolvoEndpoint.VEHICLES_PATH)).isEqualTo(1);
        assertThat(rig.busiestMinute()).isLessThanOrEqualTo(16); // the first refresh: everything once
        // every snapshot is complete: slow readings carried over between their calls
        assertThat(snapshots).allSatisfy(d -> assertThat(d.vehicles().get(0).warnings()).isNotEmpty());
    }

    @Test
    void aParkedCarIsPolledFiveTimesLessOften() throws Exception {
        rig.vehicles("vehicles_one_ev.json");
        rig.car(EV, fixtures(false));

        runOneHour(rig.fetcher(), PollingPolicy.DEFAULT);

        assertThat(rig.calls(VolvoEndpoint.DOORS.path(EV))).isEqualTo(12);
        assertThat(rig.calls(VolvoEndpoint.LOCATION.path(EV))).isEqualTo(4);
        assertThat(rig.calls(VolvoEndpoint.ODOMETER.path(EV))).isEqualTo(1);
        assertThat(rig.requestTimes.size()).isLessThan(80);
    }

    @Test
    void twentyDrivingCarsStayUnderOneHundredRequestsInEveryMinute() throws Exception {
        List<String> vins = new ArrayList<>();
        StringBuilder list = new StringBuilder("{\"data\":[");
        for (int i = 0; i < 20; i++) {
            String vin = String.format("YV1XZEFV5R21%05d", i);
            vins.add(vin);
            list.append(i == 0 ? "" : ",").append("{\"vin\":\"").append(vin).append("\"}");
            rig.car(vin, fixtures(true));
        }
        rig.serveBytes(VolvoEndpoint.VEHICLES_PATH, (list + "]}").getBytes(StandardCharsets.UTF_8));

        List<EVMetricData> snapshots = runOneHour(rig.fetcher(), PollingPolicy.DEFAULT);

        assertThat(rig.busiestMinute()).isLessThanOrEqualTo(VolvoConfig.DEFAULT_REQUESTS_PER_MINUTE).isLessThan(100)
                .isGreaterThan(60); // the cap was actually under pressure
        assertThat(rig.requestTimes.size()).isLessThanOrEqualTo(VolvoConfig.DEFAULT_REQUESTS_PER_MINUTE * 60);
        for (String vin : vins) {
            for (VolvoEndpoint endpoint : VolvoEndpoint.values()) {
                assertThat(rig.calls(endpoint.path(vin))).as(endpoint + " " + vin).isPositive();
            }
            assertThat(rig.calls(VolvoEndpoint.DOORS.path(vin))).as("fast endpoints more often")
                    .isGreaterThan(20 * rig.calls(VolvoEndpoint.TYRES.path(vin)) / 2)
                    .isGreaterThan(rig.calls(VolvoEndpoint.ODOMETER.path(vin)));
        }
        // once every car has been read in full (the start-up burst is spread by the cap), all stay complete
        EVMetricData last = snapshots.get(snapshots.size() - 1);
        assertThat(last.vehicles()).hasSize(20).allSatisfy(v -> assertThat(v.warnings()).isNotEmpty());
    }

    @Test
    void budgetStretchGrowsWithTheFleet() {
        VolvoSchedule schedule = new VolvoSchedule(rig.clock, 90, java.util.Optional.empty());
        assertThat(schedule.stretch(1, true)).isEqualTo(1.0);
        assertThat(schedule.stretch(11, true)).isEqualTo(1.0);
        assertThat(schedule.stretch(20, true)).isGreaterThan(1.5);
        assertThat(schedule.interval(VolvoEndpoint.DOORS, true, 1, true)).isEqualTo(Duration.ofMinutes(1));
        assertThat(schedule.interval(VolvoEndpoint.DOORS, false, 1, true)).isEqualTo(Duration.ofMinutes(5));
        schedule.fixed(java.util.Optional.of(Duration.ofSeconds(20)));
        assertThat(schedule.interval(VolvoEndpoint.DOORS, false, 1, true)).isEqualTo(Duration.ofMinutes(1));
        assertThat(schedule.interval(VolvoEndpoint.TYRES, false, 1, true)).isEqualTo(Duration.ofMinutes(60));
    }
}
