package io.evobserver.source.demo;

import io.evobserver.core.ChargingState;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.core.ShardFilter;
import io.evobserver.core.Signal;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleState;
import io.evobserver.telemetry.MetricCatalogue;
import io.evobserver.telemetry.MetricDefinition;
import io.evobserver.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DemoFetcherTest {

    private static List<EVMetricData> day(long seed, int vehicles, Duration step) {
        MutableClock clock = MutableClock.at("2026-11-23T00:00:00Z");
        DemoFetcher f = new DemoFetcher(new DemoFetcher.DemoConfig(vehicles, seed, 60), clock);
        List<EVMetricData> out = new ArrayList<>();
        Instant end = clock.instant().plus(Duration.ofMinutes(24 * 2)); // two simulated days
        while (clock.instant().isBefore(end)) {
            out.add(f.refresh());
            clock.advance(step);
        }
        return out;
    }

    @Test
    void everyCarRunsASeededVersionAndUpdatesWithinTwoSimulatedDays() {
        Map<String, List<String>> versions = new HashMap<>(); // each car's versions in the order first seen
        for (EVMetricData d : day(7, 5, Duration.ofSeconds(30))) {
            for (Vehicle v : d.vehicles()) {
                List<String> seen = versions.computeIfAbsent(v.id().vin(), k -> new ArrayList<>());
                String now = v.softwareVersion().orElseThrow();
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
                    seen.add(now);
                }
            }
        }
        assertThat(versions).hasSize(5);
        // the first update comes 2 to 24 simulated hours in, the next one 3 days or more later
        assertThat(versions.values()).allSatisfy(seen -> assertThat(seen).hasSize(2).doesNotHaveDuplicates());
        // not all cars on the same release or update day: each has its own
        assertThat(versions.values().stream().map(seen -> seen.get(0)).distinct().count()).isGreaterThan(1);
        // another seed, other versions
        Set<String> firstOfSeed8 = new HashSet<>();
        day(8, 5, Duration.ofMinutes(10)).get(0).vehicles().forEach(v -> firstOfSeed8.add(v.softwareVersion().get()));
        assertThat(firstOfSeed8).isNotEqualTo(new HashSet<>(versions.values().stream().map(l -> l.get(0)).toList()));
    }

    @Test
    void aShardSimulatesOnlyItsOwnCarsAndTheyMatchTheUnshardedFleet() {
        MutableClock clock = MutableClock.at("2026-11-23T00:00:00Z");
        DemoFetcher all = new DemoFetcher(new DemoFetcher.DemoConfig(40, 3, 60), clock);
        DemoFetcher shard = new DemoFetcher(new DemoFetcher.DemoConfig(40, 3, 60), clock);
        ShardFilter one = new ShardFilter(1, 4);
        shard.restrictTo(one);
        clock.advance(Duration.ofMinutes(5));
        List<Vehicle> everyone = all.refresh().vehicles();
        List<Vehicle> mine = shard.refresh().vehicles();

        assertThat(mine).isNotEmpty().hasSizeLessThan(everyone.size())
                .allMatch(v -> one.ownsVin(v.id().vin()));
        assertThat(mine).isEqualTo(everyone.stream().filter(v -> one.ownsVin(v.id().vin())).toList());
    }

    @Test
    void theSameSeedGivesTheSameFleetWhateverTheRefreshRhythm() {
        List<EVMetricData> every10s = day(7, 3, Duration.ofSeconds(10));
        List<EVMetricData> every30s = day(7, 3, Duration.ofSeconds(30));
        // compare at the same instants (every 30 s); data.age aside, the vehicles are equal
        for (int i = 0; i < every30s.size(); i++) {
            assertThat(withoutReportTime(every30s.get(i).vehicles()))
                    .isEqualTo(withoutReportTime(every10s.get(i * 3).vehicles()));
        }
        assertThat(withoutReportTime(day(8, 3, Duration.ofSeconds(30)).get(0).vehicles()))
                .isNotEqualTo(withoutReportTime(every30s.get(0).vehicles()));
    }

    private static List<Vehicle> withoutReportTime(List<Vehicle> vehicles) {
        return vehicles.stream().map(v -> v.toBuilder().build())
                .map(v -> new Vehicle(v.id(), v.signals(), v.state(), v.chargingState(), v.doorsOpen(),
                        v.windowsOpen(), v.tirePressureKpa(), v.tirePressureTargetKpa(), v.warnings(),
                        java.util.Optional.empty(), v.softwareVersion()))
                .toList();
    }

    @Test
    void overADayEveryVehicleMetricMovesAndEveryStateIsVisited() {
        List<EVMetricData> days = day(42, 5, Duration.ofSeconds(1)); // one simulated minute
        Map<Signal, Set<Double>> seen = new HashMap<>();
        Set<VehicleState> states = EnumSet.noneOf(VehicleState.class);
        Set<ChargingState> charging = EnumSet.noneOf(ChargingState.class);
        Set<Object> doors = new HashSet<>();
        Set<Object> windows = new HashSet<>();
        Set<Double> tires = new HashSet<>();
        for (EVMetricData d : days) {
            for (Vehicle v : d.vehicles()) {
                v.signals().forEach((s, x) -> seen.computeIfAbsent(s, k -> new HashSet<>()).add(x));
                v.state().ifPresent(states::add);
                v.chargingState().ifPresent(charging::add);
                v.doorsOpen().forEach((k, open) -> {
                    if (open) {
                        doors.add(k);
                    }
                });
                v.windowsOpen().forEach((k, open) -> {
                    if (open) {
                        windows.add(k);
                    }
                });
                tires.addAll(v.tirePressureKpa().values());
            }
        }
        for (Signal s : Signal.values()) {
            if (s == Signal.BATTERY_CAPACITY) {
                assertThat(seen.get(s)).as(s.name()).isNotEmpty();
                continue;
            }
            assertThat(seen.get(s)).as(s + " takes several values").isNotNull().hasSizeGreaterThan(1);
        }
        assertThat(states).containsExactlyInAnyOrder(VehicleState.ASLEEP, VehicleState.PARKED,
                VehicleState.DRIVING, VehicleState.CHARGING);
        assertThat(charging).contains(ChargingState.CHARGING, ChargingState.COMPLETE, ChargingState.SCHEDULED,
                ChargingState.DISCONNECTED);
        assertThat(doors).isNotEmpty();
        assertThat(windows).isNotEmpty();
        assertThat(tires).hasSizeGreaterThan(10);
    }

    @Test
    void theCarFollowsTheRouteAndStaysInLuxembourg() {
        for (EVMetricData d : day(3, 2, Duration.ofSeconds(20))) {
            for (Vehicle v : d.vehicles()) {
                assertThat(v.get(Signal.LATITUDE).getAsDouble()).isBetween(49.44, 50.19);
                assertThat(v.get(Signal.LONGITUDE).getAsDouble()).isBetween(5.73, 6.53);
                assertThat(v.get(Signal.BATTERY_LEVEL).getAsDouble()).isBetween(0.0, 100.0);
                if (v.state().orElseThrow() == VehicleState.DRIVING) {
                    assertThat(v.get(Signal.SPEED).getAsDouble()).isLessThan(140);
                }
            }
        }
    }

    @Test
    void everyVehicleMetricOfTheCatalogueIsProducedByTheDemoFleet() {
        Set<String> produced = new HashSet<>();
        for (EVMetricData d : day(42, 5, Duration.ofMinutes(1))) {
            for (Vehicle v : d.vehicles()) {
                for (MetricDefinition m : MetricCatalogue.ALL) {
                    if (m.vehicleWriter() != null && !MetricCatalogue.DERIVED.contains(m)) {
                        m.vehicleWriter().write(d, v, d.fetchedAt(), (value, key) -> produced.add(m.name()));
                    }
                }
            }
        }
        Set<String> vehicleMetrics = new HashSet<>();
        // the derived rows need the derive layer: DemoDerivedTest checks them
        MetricCatalogue.ALL.stream().filter(m -> m.vehicleWriter() != null && !MetricCatalogue.DERIVED.contains(m))
                .forEach(m -> vehicleMetrics.add(m.name()));
        assertThat(produced).isEqualTo(vehicleMetrics);
    }

    /** Runs the instrumentor's refresh rhythm on a fake clock for {@code real} and returns every snapshot. */
    private static List<EVMetricData> polled(int vehicles, double scale, PollingPolicy policy, Duration real)
            throws Exception {
        MutableClock clock = MutableClock.at("2026-11-23T00:00:00Z");
        DemoFetcher f = new DemoFetcher(new DemoFetcher.DemoConfig(vehicles, 42, scale), clock);
        VehicleInstrumentor i = new VehicleInstrumentor(f, policy, SelfMetrics.NOOP, clock);
        Instant end = clock.instant().plus(real);
        List<EVMetricData> out = new ArrayList<>();
        while (clock.instant().isBefore(end)) {
            assertThat(i.refreshOnce()).isTrue();
            out.add(i.latest().orElseThrow());
            clock.advance(i.nextDelay());
        }
        return out;
    }

    @Test
    void theDemoIsPolledOnItsSimulatedClockSoAFastDemoCapturesDrivesAndCharges() throws Exception {
        // the case: 3 cars at 600x were refreshed once in 5 real minutes (~50 simulated hours)
        List<EVMetricData> snapshots = polled(3, 600, PollingPolicy.DEFAULT, Duration.ofMinutes(5));
        assertThat(snapshots).hasSizeGreaterThanOrEqualTo(150); // parked: 5 min / 600 -> the 1 s floor
        Set<VehicleState> states = EnumSet.noneOf(VehicleState.class);
        snapshots.forEach(d -> d.vehicles().forEach(v -> v.state().ifPresent(states::add)));
        assertThat(states).contains(VehicleState.DRIVING, VehicleState.CHARGING, VehicleState.PARKED);
    }

    @Test
    void atTheDefaultScaleEveryCarMovesWithinARealMinute() throws Exception {
        List<EVMetricData> minute = polled(5, DemoFetcher.DEFAULT_TIME_SCALE, PollingPolicy.DEFAULT,
                Duration.ofMinutes(1));
        // parked 5 min / 60 = 5 s; driving or charging 30 s / 60 -> the 1 s floor
        assertThat(minute).hasSizeGreaterThanOrEqualTo(12);
        Map<String, Set<Double>> odometerOrBattery = new HashMap<>();
        for (EVMetricData d : minute) {
            for (Vehicle v : d.vehicles()) {
                Set<Double> seen = odometerOrBattery.computeIfAbsent(v.id().vin(), k -> new HashSet<>());
                v.get(Signal.BATTERY_LEVEL).ifPresent(seen::add);
                v.get(Signal.ODOMETER).ifPresent(x -> seen.add(-x));
            }
        }
        assertThat(odometerOrBattery.values()).anyMatch(values -> values.size() > 1);
    }

    @Test
    void theWaitIsTheSimulatedIntervalInRealTimeWithAFloorAndAFixedIntervalStaysAsGiven() {
        MutableClock clock = MutableClock.at("2026-11-23T00:00:00Z");
        DemoFetcher slow = new DemoFetcher(new DemoFetcher.DemoConfig(1, 42, 2), clock);
        DemoFetcher fast = new DemoFetcher(new DemoFetcher.DemoConfig(1, 42, 100_000), clock);
        EVMetricData parked = EVMetricData.ofVehicles("demo", clock.instant(), List.of(
                Vehicle.builder(io.evobserver.core.VehicleId.of("V", "demo")).state(VehicleState.PARKED).build()));
        assertThat(slow.nextInterval(parked, PollingPolicy.DEFAULT)).isEqualTo(Duration.ofSeconds(150));
        assertThat(fast.nextInterval(parked, PollingPolicy.DEFAULT)).isEqualTo(DemoFetcher.MIN_REAL_INTERVAL);
        assertThat(fast.nextInterval(parked, PollingPolicy.DEFAULT.withFixed(Duration.ofSeconds(30))))
                .isEqualTo(Duration.ofSeconds(30));
    }
}
