package io.evobserver.derive;

import io.evobserver.core.DerivedReadings;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.Signal;
import io.evobserver.core.Vehicle;
import io.evobserver.source.demo.DemoFetcher;
import io.evobserver.testing.MutableClock;
import io.evobserver.testing.TempDirs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The derive layer on the demo fleet over simulated days: the demo's day cycle gives trips,
 * AC and DC sessions and parked drain, and its cars' true capacity is known, so the estimate
 * and the energy figures can be checked against the truth.
 */
class DemoDerivedTest {

    @Test
    void fiveSimulatedDaysOfThreeCarsGiveTripsSessionsDrainAndTheTrueCapacity() throws Exception {
        MutableClock clock = MutableClock.at("2026-03-02T06:00:00Z");
        DemoFetcher demo = new DemoFetcher(new DemoFetcher.DemoConfig(3, 42, 1440), clock);
        SnapshotDeriver deriver = new SnapshotDeriver(
                new DerivedStateStore(TempDirs.create("derive").resolve("demo.json")),
                Tariff.parse("EUR;00:00-07:00=0.12;07:00-24:00=0.30", ZoneOffset.UTC), clock);
        Map<String, Double> capacity = new HashMap<>();
        Map<String, double[]> socSeen = new HashMap<>(); // first and last SoC, to check energy against ΔSoC
        EVMetricData last = null;
        java.util.Set<String> produced = new java.util.HashSet<>();
        Map<String, String> version = new HashMap<>();
        Map<String, Long> versionChanges = new HashMap<>(); // counted here, from the snapshots themselves
        // a poll every 200 ms is one every 4.8 simulated minutes; 1,500 of them are five days
        for (int i = 0; i < 1_500; i++) {
            last = deriver.enrich(demo.refresh());
            for (Vehicle v : last.vehicles()) {
                for (io.evobserver.telemetry.MetricDefinition m : io.evobserver.telemetry.MetricCatalogue.DERIVED) {
                    m.vehicleWriter().write(last, v, last.fetchedAt(), (value, key) -> produced.add(m.name()));
                }
                capacity.put(v.id().vin(), v.get(Signal.BATTERY_CAPACITY).getAsDouble());
                String before = version.put(v.id().vin(), v.softwareVersion().orElseThrow());
                if (before != null && !before.equals(version.get(v.id().vin()))) {
                    versionChanges.merge(v.id().vin(), 1L, Long::sum);
                }
            }
            clock.advance(Duration.ofMillis(200));
        }
        assertThat(last.vehicles()).hasSize(3);
        double trips = 0;
        double km = 0;
        double kwh = 0;
        for (Vehicle v : last.vehicles()) {
            DerivedReadings d = last.derivedFor(v).orElseThrow();
            System.out.printf("%s %s: %s capacity %.2f (true %.0f), last trip %s, last session %s, parked %s%n",
                    v.id().vin(), v.id().model().orElse(""), d, d.capacityEstimateKwh().orElse(Double.NaN),
                    capacity.get(v.id().vin()), d.lastTrip().orElse(null), d.lastSession().orElse(null),
                    d.lastParked().map(p -> p.percentPerDay() + " %/d").orElse(null));
            trips += d.trips();
            km += d.tripKm();
            kwh += d.energyAddedAcKwh() + d.energyAddedDcKwh();
            assertThat(d.trips()).as("two commutes a day").isBetween(8L, 10L);
            assertThat(d.tripKm() / d.trips()).isBetween(20.0, 30.0);
            assertThat(d.sessions()).isPositive();
            assertThat(d.costTotal()).isPositive();
            assertThat(d.lastParked()).isPresent();
            assertThat(d.softwareUpdates()).as("updates of " + v.id().vin())
                    .hasValue(versionChanges.getOrDefault(v.id().vin(), 0L));
            assertThat(d.softwareUpdates().getAsLong()).as("an update in the first day, another every few days")
                    .isBetween(1L, 2L);
            assertThat(d.lastParked().get().percentPerDay()).isBetween(0.1, 15.0);
            if (!v.id().model().orElse("").contains("PHEV")) {
                assertThat(d.capacityEstimateKwh()).isPresent();
                assertThat(d.capacityEstimateKwh().getAsDouble() / capacity.get(v.id().vin()))
                        .as("capacity estimate within 5 %").isBetween(0.95, 1.05);
                DerivedReadings.Session s = d.lastSession().orElseThrow();
                double fromSoc = s.energyKwh() / ((s.socTo().getAsDouble() - s.socFrom().getAsDouble()) / 100);
                assertThat(fromSoc / capacity.get(v.id().vin())).as("energy added vs ΔSoC x capacity")
                        .isBetween(0.9, 1.1);
                assertThat(d.lastTrip().orElseThrow().efficiencyWhPerKm().getAsDouble()).isBetween(120.0, 220.0);
            }
        }
        assertThat(produced).as("every derived metric moves in the demo")
                .containsExactlyInAnyOrderElementsOf(io.evobserver.telemetry.MetricCatalogue.DERIVED.stream()
                        .map(io.evobserver.telemetry.MetricDefinition::name).toList());
        System.out.printf("fleet: %.0f trips, %.1f km, %.1f kWh added%n", trips, km, kwh);
    }
}
