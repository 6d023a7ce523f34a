package io.evobserver.source.bmw;

import static org.assertj.core.api.Assertions.assertThat;

import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.testing.MutableClock;
import io.evobserver.testing.RecordingSelfMetrics;
import io.evobserver.testing.StubServer.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two simulated days of polling over real HTTP, driven the way the instrumentor drives it (refresh,
 * then wait {@code nextDelay()}) on a fake clock: the quota is never exceeded, and while the car
 * charges its data is never older than 30 minutes.
 */
class BmwPollingDayTest {

    private static final Instant START = Instant.parse("2025-06-14T00:00:00Z");
    /** Day 1: charging 17:30-23:30. Day 2: charging all day (the worst case for the budget). */
    private static final Instant CHARGE_FROM = Instant.parse("2025-06-14T17:30:00Z");
    private static final Instant CHARGE_TO = Instant.parse("2025-06-14T23:30:00Z");
    private static final Instant DAY2 = Instant.parse("2025-06-15T00:00:00Z");

    @TempDir
    Path dir;
    @AutoClose
    private final BmwStub stub = new BmwStub();
    private final MutableClock clock = new MutableClock(START);
    private final List<Instant> calls = new CopyOnWriteArrayList<>();
    private final List<Instant> dataCalls = new CopyOnWriteArrayList<>();

    private boolean charging(Instant t) {
        return !t.isBefore(CHARGE_FROM) && t.isBefore(CHARGE_TO) || !t.isBefore(DAY2);
    }

    @Test
    void twoDaysNeverExceedTheQuotaAndChargingDataStaysFresh() throws Exception {
        stub.standard();
        stub.server.on("GET", BmwStub.MAPPINGS).respondAlways(r -> {
            calls.add(clock.instant());
            return Response.fixture(200, "bmw/mappings.json");
        });
        stub.server.on("GET", BmwStub.CONTAINERS).respondAlways(r -> {
            calls.add(clock.instant());
            return Response.json(200, "{\"containers\": []}");
        });
        stub.server.on("POST", BmwStub.CONTAINERS).respondAlways(r -> {
            calls.add(clock.instant());
            return Response.fixture(201, "bmw/container_created.json");
        });
        stub.server.on("GET", BmwStub.BASIC).respondAlways(r -> {
            calls.add(clock.instant());
            return Response.fixture(200, "bmw/basic_data_i4.json");
        });
        stub.server.on("GET", BmwStub.TELEMATIC).respondAlways(r -> {
            calls.add(clock.instant());
            dataCalls.add(clock.instant());
            return Response.fixture(200, charging(clock.instant())
                    ? "bmw/telematic_data_ev_charging.json" : "bmw/telematic_data_combustion_parked.json");
        });
        Path tokens = BmwStub.tokenFile(dir, START.plusSeconds(3000), Map.of());
        RecordingSelfMetrics metrics = new RecordingSelfMetrics();
        BmwFetcher fetcher = new BmwFetcher(stub.config(tokens, List.of()), metrics, clock);
        VehicleInstrumentor instrumentor = new VehicleInstrumentor(fetcher, PollingPolicy.DEFAULT, metrics, clock);

        Instant end = START.plus(Duration.ofDays(2));
        List<Instant> sawCharging = new ArrayList<>();
        while (clock.instant().isBefore(end)) {
            instrumentor.refreshOnce();
            EVMetricData latest = instrumentor.latest().orElseThrow();
            if (latest.vehicles().get(0).state().map(s -> s.isActive()).orElse(false)) {
                sawCharging.add(clock.instant());
            }
            Duration wait = instrumentor.nextDelay();
            assertThat(wait).isPositive();
            clock.advance(wait);
        }

        assertThat(metrics.refreshErrors()).as("the budget is planned, not hit").isEmpty();
        BmwCallBudgetTest.assertNeverOver(calls, 50);
        assertThat(calls).as("every call the server saw was paid from the budget")
                .containsAll(fetcher.budget().calls());
        assertThat(metrics.budgets().get("bmw")).isBetween(0L, 50L);

        // day 1: parked hourly until charging is noticed, then every <= 30 min until it ends
        Instant noticed = sawCharging.get(0);
        assertThat(noticed).isBetween(CHARGE_FROM, CHARGE_FROM.plus(Duration.ofMinutes(61)));
        List<Instant> whileCharging = dataCalls.stream()
                .filter(t -> !t.isBefore(noticed) && t.isBefore(CHARGE_TO)).toList();
        assertThat(whileCharging).hasSizeGreaterThan(8);
        for (int i = 1; i < whileCharging.size(); i++) {
            assertThat(Duration.between(whileCharging.get(i - 1), whileCharging.get(i)))
                    .as("data age while charging at " + whileCharging.get(i))
                    .isLessThanOrEqualTo(Duration.ofMinutes(30));
        }
        // before charging, the parked plan: about hourly, not more
        long parkedDataCalls = dataCalls.stream().filter(t -> t.isBefore(CHARGE_FROM)).count();
        assertThat(parkedDataCalls).isBetween(17L, 19L);
        // day 2 charges all day: more polls than a parked day, but the cap holds (checked above)
        long day2 = dataCalls.stream().filter(t -> !t.isBefore(DAY2)).count();
        assertThat(day2).isGreaterThan(30);
    }

    @Test
    void aQuotaHitMidDayStopsRestUntilMidnightThroughTheInstrumentor() throws Exception {
        stub.standard();
        stub.server.on("GET", BmwStub.TELEMATIC)
                .respond(Response.fixture(200, "bmw/telematic_data_ev_charging.json"))
                .respond(r -> {
                    dataCalls.add(clock.instant());
                    return Response.fixture(403, "bmw/error_cu429_quota.json");
                })
                .respondAlways(r -> {
                    dataCalls.add(clock.instant());
                    return Response.fixture(200, "bmw/telematic_data_ev_charging.json");
                });
        Path tokens = BmwStub.tokenFile(dir, START.plusSeconds(3000), Map.of());
        RecordingSelfMetrics metrics = new RecordingSelfMetrics();
        VehicleInstrumentor instrumentor = new VehicleInstrumentor(
                new BmwFetcher(stub.config(tokens, List.of(BmwStub.VIN)), metrics, clock), PollingPolicy.DEFAULT,
                metrics, clock);
        clock.set(Instant.parse("2025-06-14T10:00:00Z"));
        for (int i = 0; i < 10; i++) {
            instrumentor.refreshOnce();
            clock.advance(instrumentor.nextDelay());
        }
        assertThat(metrics.refreshErrors()).contains(FetchException.Reason.RATE_LIMITED);
        assertThat(dataCalls.get(1)).as("first call after the quota hit")
                .isAfterOrEqualTo(Instant.parse("2025-06-15T00:00:00Z"));
        assertThat(instrumentor.latest()).as("the last good snapshot stays").isPresent();
    }
}
