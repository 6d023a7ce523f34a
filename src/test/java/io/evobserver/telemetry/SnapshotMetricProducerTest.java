package io.evobserver.telemetry;

import io.evobserver.core.ChargeStation;
import io.evobserver.core.ChargingState;
import io.evobserver.core.Connector;
import io.evobserver.core.ConnectorState;
import io.evobserver.core.Door;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.EnergyReading;
import io.evobserver.core.EnergySite;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.Signal;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleId;
import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.core.VehicleState;
import io.evobserver.testing.FixedFetcher;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot gauges as an SDK reader sees them: values, units, attributes, state sets,
 * several sources, unregistering, and fleets beyond the SDK's per-instrument limit.
 */
class SnapshotMetricProducerTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final SnapshotMetricProducer producer = new SnapshotMetricProducer(
            InstrumentationScopeInfo.builder("io.evobserver").setVersion("test").build());
    // the SDK's own defaults (cardinality limit 2,000 per instrument): the producer must not need more
    private final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader)
            .registerMetricProducer(producer).build();

    @AfterEach
    void close() {
        provider.close();
    }

    private static VehicleInstrumentor refreshed(FixedFetcher fetcher) throws Exception {
        VehicleInstrumentor i = new VehicleInstrumentor(fetcher, PollingPolicy.DEFAULT, SelfMetrics.NOOP, CLOCK);
        assertThat(i.refreshOnce()).isTrue();
        return i;
    }

    private static Vehicle car(String vin, double level) {
        return Vehicle.builder(VehicleId.of(vin, "tesla").withModel("Model 3").withName("Blue"))
                .set(Signal.BATTERY_LEVEL, level).set(Signal.ODOMETER, 12_345.6)
                .state(VehicleState.CHARGING).chargingState(ChargingState.CHARGING)
                .door(Door.values()[0], true).reportedAt(NOW.minusSeconds(90)).build();
    }

    private Map<String, MetricData> collect() {
        return reader.collectAllMetrics().stream().collect(Collectors.toMap(MetricData::getName, m -> m));
    }

    private static List<DoublePointData> points(MetricData m) {
        return new ArrayList<>(m.getDoubleGaugeData().getPoints());
    }

    private static String attr(DoublePointData p, String key) {
        return p.getAttributes().get(AttributeKey.stringKey(key));
    }

    @Test
    void derivedCountersAreMonotonicCumulativeSumsStartingWhenTheVehicleWasFirstSeen() throws Exception {
        Instant since = NOW.minus(java.time.Duration.ofDays(30));
        var readings = new io.evobserver.core.DerivedReadings(since, 7, 150.5, 25, 3, 20, 12.5, 4.2,
                Optional.of("EUR"), Optional.empty(), Optional.empty(), Optional.empty(), OptionalDouble.of(74.8),
                java.util.OptionalLong.of(2));
        EVMetricData data = EVMetricData.ofVehicles("tesla", NOW, List.of(car("5YJ3E1EA7KF000001", 81)))
                .withDerived(Map.of("5YJ3E1EA7KF000001", readings));
        refreshed(new FixedFetcher("tesla", data)).registerInstruments(producer.registrar(VinLabels.plain()));

        Map<String, MetricData> metrics = collect();
        MetricData trips = metrics.get("vehicle.trips");
        assertThat(trips.getType()).isEqualTo(MetricDataType.DOUBLE_SUM);
        assertThat(trips.getDoubleSumData().isMonotonic()).isTrue();
        assertThat(trips.getDoubleSumData().getAggregationTemporality())
                .isEqualTo(io.opentelemetry.sdk.metrics.data.AggregationTemporality.CUMULATIVE);
        DoublePointData p = trips.getDoubleSumData().getPoints().iterator().next();
        assertThat(p.getValue()).isEqualTo(7.0);
        assertThat(p.getStartEpochNanos()).isEqualTo(since.getEpochSecond() * 1_000_000_000L);
        Map<String, Double> byType = new java.util.HashMap<>();
        metrics.get("vehicle.charging.energy").getDoubleSumData().getPoints()
                .forEach(q -> byType.put(attr(q, "charging.type"), q.getValue()));
        // kWh in the model, joules on the wire
        assertThat(byType).containsExactlyInAnyOrderEntriesOf(Map.of("ac", 20.0 * 3.6e6, "dc", 12.5 * 3.6e6));
        DoublePointData cost = metrics.get("vehicle.charging.cost").getDoubleSumData().getPoints().iterator().next();
        assertThat(attr(cost, "currency")).isEqualTo("EUR");
        assertThat(metrics.get("vehicle.battery.capacity.estimated").getType()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
        assertThat(metrics).doesNotContainKey("vehicle.trip.last.distance"); // no trip completed: no point
        DoublePointData updates = metrics.get("vehicle.software.updates").getDoubleSumData().getPoints()
                .iterator().next();
        assertThat(updates.getValue()).isEqualTo(2.0);
        assertThat(updates.getStartEpochNanos()).isEqualTo(since.getEpochSecond() * 1_000_000_000L);
    }

    @Test
    void theSoftwareVersionIsOneDetailsSeriesBesideTheIdentityAndAVehicleWithoutOneHasNone() throws Exception {
        Vehicle tesla = car("5YJ3E1EA7KF000001", 81).toBuilder().softwareVersion("2026.26.5").build();
        Vehicle volvo = Vehicle.builder(VehicleId.of("YV1XZEFV5R2100042", "volvo")).set(Signal.BATTERY_LEVEL, 50)
                .build();
        refreshed(new FixedFetcher("tesla", EVMetricData.ofVehicles("tesla", NOW, List.of(tesla, volvo))))
                .registerInstruments(producer.registrar(VinLabels.plain()));

        MetricData software = collect().get("vehicle.software.details");
        assertThat(software.getUnit()).isEqualTo("{vehicle}");
        List<DoublePointData> ps = points(software);
        assertThat(ps).hasSize(1);
        assertThat(ps.get(0).getValue()).isEqualTo(1.0);
        assertThat(ps.get(0).getAttributes().asMap()).hasSize(3);
        assertThat(attr(ps.get(0), "vehicle.vin")).isEqualTo("5YJ3E1EA7KF000001");
        assertThat(attr(ps.get(0), "vehicle.brand")).isEqualTo("tesla");
        assertThat(attr(ps.get(0), "vehicle.software.version")).isEqualTo("2026.26.5");
        // the other series keep the identity alone, so an update starts no new battery series
        assertThat(points(collect().get("vehicle.battery.level")).get(0).getAttributes().asMap()).hasSize(2);
    }

    @Test
    void aVehicleBecomesGaugesWithItsIdentityUnitsAndDescriptions() throws Exception {
        refreshed(new FixedFetcher("tesla", EVMetricData.ofVehicles("tesla", NOW, List.of(car("5YJ3E1EA7KF000001", 81)))))
                .registerInstruments(producer.registrar(VinLabels.plain()));

        Map<String, MetricData> metrics = collect();
        MetricData level = metrics.get("vehicle.battery.level");
        assertThat(level.getType()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
        assertThat(level.getUnit()).isEqualTo("%");
        assertThat(level.getDescription()).isEqualTo(MetricCatalogue.byName("vehicle.battery.level").description());
        assertThat(level.getInstrumentationScopeInfo().getName()).isEqualTo("io.evobserver");
        assertThat(level.getResource()).isEqualTo(Resource.getDefault());
        DoublePointData p = points(level).get(0);
        assertThat(p.getValue()).isEqualTo(81.0);
        // data points carry only the identity; the descriptive attributes are on vehicle.details
        assertThat(p.getAttributes().asMap()).hasSize(2);
        assertThat(attr(p, "vehicle.vin")).isEqualTo("5YJ3E1EA7KF000001");
        assertThat(attr(p, "vehicle.brand")).isEqualTo("tesla");
        DoublePointData details = points(metrics.get("vehicle.details")).get(0);
        assertThat(details.getValue()).isEqualTo(1.0);
        assertThat(attr(details, "vehicle.vin")).isEqualTo("5YJ3E1EA7KF000001");
        assertThat(attr(details, "vehicle.model")).isEqualTo("Model 3");
        assertThat(attr(details, "vehicle.name")).isEqualTo("Blue");
        assertThat(p.getEpochNanos()).isGreaterThanOrEqualTo(p.getStartEpochNanos()).isPositive();
        assertThat(p.getExemplars()).isEmpty();

        assertThat(points(metrics.get("vehicle.odometer")).get(0).getValue()).isEqualTo(12_345.6);
        assertThat(points(metrics.get("vehicle.data.age")).get(0).getValue()).isEqualTo(90.0);
        // absent readings are absent, never 0
        assertThat(metrics).doesNotContainKeys("vehicle.speed", "vehicle.fuel.level", "vehicle.tire.pressure");
        // the last successful refresh, per source
        DoublePointData last = points(metrics.get("ev_observer.refresh.last_success_timestamp")).get(0);
        assertThat(last.getValue()).isEqualTo(NOW.getEpochSecond());
        assertThat(attr(last, "vendor")).isEqualTo("tesla");
    }

    @Test
    void aVehicleWithoutANameIsNamedByItsModelOrElseItsVin() throws Exception {
        Vehicle modelOnly = Vehicle.builder(VehicleId.of("YV1XZEFV5R2100042", "volvo").withModel("EX30"))
                .set(Signal.BATTERY_LEVEL, 50).build();
        Vehicle bare = Vehicle.builder(VehicleId.of("YV4H60CL0P1900077", "volvo")).set(Signal.BATTERY_LEVEL, 60).build();
        refreshed(new FixedFetcher("volvo", EVMetricData.ofVehicles("volvo", NOW, List.of(modelOnly, bare))))
                .registerInstruments(producer.registrar(VinLabels.plain()));

        Map<String, String> names = new java.util.HashMap<>();
        points(collect().get("vehicle.details")).forEach(d -> names.put(attr(d, "vehicle.vin"), attr(d, "vehicle.name")));
        assertThat(names).containsExactlyInAnyOrderEntriesOf(
                Map.of("YV1XZEFV5R2100042", "EX30", "YV4H60CL0P1900077", "YV4H60CL0P1900077"));
    }

    @Test
    void aStateSetHasOnePointPerStateAndOnlyTheCurrentOneIsOne() throws Exception {
        refreshed(new FixedFetcher("tesla", EVMetricData.ofVehicles("tesla", NOW, List.of(car("V1", 50)))))
                .registerInstruments(producer.registrar(VinLabels.plain()));

        List<DoublePointData> states = points(collect().get("vehicle.charging.state"));
        assertThat(states).hasSize(ChargingState.values().length);
        Map<String, Double> byState = states.stream().collect(Collectors.toMap(p -> attr(p, "state"),
                DoublePointData::getValue));
        assertThat(byState).containsEntry(ChargingState.CHARGING.label(), 1.0);
        assertThat(byState.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(1.0);
        // every point still carries the vehicle's identity next to the state
        assertThat(states).allSatisfy(p -> assertThat(attr(p, "vehicle.vin")).isEqualTo("V1"));

        DoublePointData door = points(collect().get("vehicle.door.open")).get(0);
        assertThat(attr(door, "door")).isEqualTo(Door.values()[0].label());
        assertThat(door.getValue()).isEqualTo(1.0);
    }

    @Test
    void eachCollectionReadsTheLatestSnapshotAndHashedVinsStayHashed() throws Exception {
        FixedFetcher fetcher = new FixedFetcher("tesla", EVMetricData.ofVehicles("tesla", NOW, List.of(car("5YJ3SECRETVIN0001", 60))));
        VehicleInstrumentor i = refreshed(fetcher);
        VinLabels hashed = VinLabels.hidden("salt");
        i.registerInstruments(producer.registrar(hashed));
        assertThat(points(collect().get("vehicle.battery.level")).get(0).getValue()).isEqualTo(60.0);

        fetcher.next = EVMetricData.ofVehicles("tesla", NOW, List.of(car("5YJ3SECRETVIN0001", 59)));
        assertThat(i.refreshOnce()).isTrue();
        DoublePointData p = points(collect().get("vehicle.battery.level")).get(0);
        assertThat(p.getValue()).isEqualTo(59.0);
        assertThat(attr(p, "vehicle.vin")).isEqualTo(hashed.label("5YJ3SECRETVIN0001")).doesNotContain("SECRET");
    }

    @Test
    void severalSourcesAreCollectedTogetherAndAClosedRegistrationStops() throws Exception {
        VehicleInstrumentor tesla = refreshed(new FixedFetcher("tesla",
                EVMetricData.ofVehicles("tesla", NOW, List.of(car("T1", 70)))));
        VehicleInstrumentor chargy = refreshed(new FixedFetcher("chargy", EVMetricData.ofStations("chargy", NOW, List.of(
                new ChargeStation("chargy", "S1", "Place Guillaume", OptionalDouble.of(49.61), OptionalDouble.of(6.13),
                        List.of(new Connector("C1", ConnectorState.OCCUPIED, OptionalDouble.of(22), Optional.empty()),
                                new Connector("C2", ConnectorState.AVAILABLE, OptionalDouble.empty(),
                                        Optional.empty())))))));
        EnergySite site = new EnergySite("tesla", "1234567890123456789", Optional.of("Home"),
                new EnumMap<>(Map.of(EnergyReading.SOLAR_POWER, 3.5)), Optional.empty());
        VehicleInstrumentor energy = refreshed(new FixedFetcher("tesla-energy",
                EVMetricData.empty("tesla-energy", NOW).withEnergySites(List.of(site))));
        tesla.registerInstruments(producer.registrar(VinLabels.plain()));
        chargy.registerInstruments(producer.registrar(VinLabels.plain()));
        energy.registerInstruments(producer.registrar(VinLabels.plain()));

        Map<String, MetricData> metrics = collect();
        assertThat(points(metrics.get("vehicle.battery.level"))).hasSize(1);
        List<DoublePointData> connectorStates = points(metrics.get("charger.connector.state"));
        assertThat(connectorStates).hasSize(2 * ConnectorState.values().length);
        assertThat(connectorStates).filteredOn(p -> p.getValue() == 1.0)
                .extracting(p -> attr(p, "charger.connector.id") + "=" + attr(p, "state"))
                .containsExactlyInAnyOrder("C1=" + ConnectorState.OCCUPIED.label(),
                        "C2=" + ConnectorState.AVAILABLE.label());
        assertThat(connectorStates).allSatisfy(p -> {
            assertThat(attr(p, "charger.station.id")).isEqualTo("S1");
            assertThat(attr(p, "charger.station.name")).isNull();
        });
        DoublePointData station = points(metrics.get("charger.station.details")).get(0);
        assertThat(station.getValue()).isEqualTo(1.0);
        assertThat(attr(station, "charger.station.id")).isEqualTo("S1");
        assertThat(attr(station, "charger.station.name")).isEqualTo("Place Guillaume");
        assertThat(attr(station, "charger.station.latitude")).isEqualTo("49.61");
        DoublePointData maxPower = points(metrics.get("charger.connector.max_power")).get(0);
        assertThat(maxPower.getValue()).isEqualTo(22_000.0); // published in W
        assertThat(attr(maxPower, "charger.connector.id")).isEqualTo("C1");
        assertThat(points(metrics.get("charger.station.location.latitude")).get(0).getValue()).isEqualTo(49.61);
        DoublePointData solar = points(metrics.get("energy.solar.power")).get(0);
        assertThat(solar.getValue()).isEqualTo(3_500.0); // kW in the model, W on the wire
        assertThat(solar.getAttributes()).isEqualTo(Attributes.builder()
                .put("energy.site.vendor", "tesla").put("energy.site.id", "1234567890123456789")
                .put("energy.site.name", "Home").build());
        assertThat(points(metrics.get("ev_observer.refresh.last_success_timestamp")))
                .extracting(p -> attr(p, "vendor")).containsExactlyInAnyOrder("tesla", "chargy", "tesla-energy");

        chargy.close();
        tesla.close();
        energy.close();
        assertThat(collect()).isEmpty();
    }

    @Test
    void pointsCarryTheProducersStartAndEachCollectionsOwnTime() throws Exception {
        long[] now = {1_700_000_000_000_000_000L};
        io.opentelemetry.sdk.common.Clock fake = new io.opentelemetry.sdk.common.Clock() {
            @Override
            public long now() {
                return now[0];
            }

            @Override
            public long nanoTime() {
                return now[0];
            }
        };
        SnapshotMetricProducer timed = new SnapshotMetricProducer(InstrumentationScopeInfo.create("t"), fake);
        refreshed(new FixedFetcher("tesla", EVMetricData.ofVehicles("tesla", NOW, List.of(car("V1", 50)))))
                .registerInstruments(timed.registrar(VinLabels.plain()));
        long start = now[0];

        now[0] += 60_000_000_000L;
        DoublePointData first = timed.produce(Resource.empty()).iterator().next().getDoubleGaugeData().getPoints()
                .iterator().next();
        now[0] += 60_000_000_000L;
        DoublePointData second = timed.produce(Resource.empty()).iterator().next().getDoubleGaugeData().getPoints()
                .iterator().next();

        assertThat(first.getStartEpochNanos()).isEqualTo(start);
        assertThat(first.getEpochNanos()).isEqualTo(start + 60_000_000_000L);
        assertThat(second.getStartEpochNanos()).isEqualTo(start);
        assertThat(second.getEpochNanos()).isEqualTo(start + 120_000_000_000L);
    }

    @Test
    void aFleetFarBeyondTheSdksPerInstrumentLimitIsExportedWhole() throws Exception {
        List<Vehicle> fleet = new ArrayList<>();
        for (int n = 0; n < 3_000; n++) {
            fleet.add(car(String.format("VIN%014d", n), n % 100));
        }
        refreshed(new FixedFetcher("demo", EVMetricData.ofVehicles("demo", NOW, fleet)))
                .registerInstruments(producer.registrar(VinLabels.plain()));

        Collection<DoublePointData> level = collect().get("vehicle.battery.level").getDoubleGaugeData().getPoints();
        assertThat(level).hasSize(3_000);
        Set<String> vins = new HashSet<>();
        level.forEach(p -> vins.add(attr(p, "vehicle.vin")));
        assertThat(vins).hasSize(3_000);
        // no overflow series: that is what observable gauges gave past 2,000 attribute sets
        assertThat(level).noneMatch(p -> p.getAttributes().get(AttributeKey.booleanKey("otel.metric.overflow")) != null);
    }

    /** Counts {@code ev_observer.snapshot.duplicates} per instrumentor. */
    private static final class DuplicateCount implements io.evobserver.core.SelfMetrics {
        long dropped;

        @Override
        public void snapshotDuplicates(String vendor, long count) {
            dropped += count;
        }

        @Override
        public void apiRequest(String vendor, String endpoint, String status, java.time.Duration duration) {
        }

        @Override
        public void refreshError(String vendor, io.evobserver.core.FetchException.Reason reason) {
        }

        @Override
        public void wakeup(String vendor) {
        }

        @Override
        public void apiCost(String vendor, String endpoint, double usd) {
        }
    }

    private static Vehicle reported(String vin, double level, Instant at) {
        return Vehicle.builder(VehicleId.of(vin, "tesla").withModel("Model 3"))
                .set(Signal.BATTERY_LEVEL, level).state(VehicleState.ONLINE).reportedAt(at).build();
    }

    private static VehicleInstrumentor refreshed(FixedFetcher fetcher, DuplicateCount count) throws Exception {
        VehicleInstrumentor i = new VehicleInstrumentor(fetcher, PollingPolicy.DEFAULT, count, CLOCK);
        assertThat(i.refreshOnce()).isTrue();
        return i;
    }

    private static void assertOneSeriesPerLabelSet(Map<String, MetricData> metrics) {
        metrics.values().forEach(m -> {
            List<Attributes> sets = m.getData().getPoints().stream().map(p -> p.getAttributes()).toList();
            assertThat(sets).as(m.getName()).doesNotHaveDuplicates();
        });
    }

    @Test
    void anIdentityListedByTwoInstrumentorsIsOneSeriesTheMostRecentReportWinsAndTheDropIsCountedOncePerSnapshot()
            throws Exception {
        // two accounts sharing car V1: account b has the more recent report, though registered second
        FixedFetcher a = new FixedFetcher("tesla", EVMetricData.ofVehicles("tesla", NOW, List.of(
                reported("V1", 60, NOW.minusSeconds(90)), reported("V2", 50, NOW.minusSeconds(90)))));
        FixedFetcher b = new FixedFetcher("tesla", EVMetricData.ofVehicles("tesla", NOW, List.of(
                reported("V1", 70, NOW.minusSeconds(10)))));
        DuplicateCount countA = new DuplicateCount();
        DuplicateCount countB = new DuplicateCount();
        VehicleInstrumentor ia = refreshed(a, countA);
        VehicleInstrumentor ib = refreshed(b, countB);
        ia.registerInstruments(producer.registrar(VinLabels.plain()));
        ib.registerInstruments(producer.registrar(VinLabels.plain()));

        Map<String, MetricData> metrics = collect();
        assertOneSeriesPerLabelSet(metrics);
        Map<String, Double> level = new java.util.HashMap<>();
        points(metrics.get("vehicle.battery.level")).forEach(p -> level.put(attr(p, "vehicle.vin"), p.getValue()));
        assertThat(level).containsExactlyInAnyOrderEntriesOf(Map.of("V1", 70.0, "V2", 50.0));
        assertThat(points(metrics.get("ev_observer.refresh.last_success_timestamp"))).hasSize(1);
        assertThat(countA.dropped).isEqualTo(1); // a's V1 was dropped
        assertThat(countB.dropped).isZero();

        collect(); // a second reader or scrape of the same snapshots counts nothing new
        assertThat(countA.dropped).isEqualTo(1);
        a.next = EVMetricData.ofVehicles("tesla", NOW, List.of(reported("V1", 61, NOW.minusSeconds(60))));
        assertThat(ia.refreshOnce()).isTrue(); // a new snapshot with the same duplicate counts again
        assertOneSeriesPerLabelSet(collect());
        assertThat(countA.dropped).isEqualTo(2);

        // equal reports: the first registered wins
        b.next = EVMetricData.ofVehicles("tesla", NOW, List.of(reported("V1", 80, NOW.minusSeconds(60))));
        assertThat(ib.refreshOnce()).isTrue();
        Map<String, Double> tie = new java.util.HashMap<>();
        points(collect().get("vehicle.battery.level")).forEach(p -> tie.put(attr(p, "vehicle.vin"), p.getValue()));
        assertThat(tie).containsExactlyInAnyOrderEntriesOf(Map.of("V1", 61.0));
        assertThat(countB.dropped).isEqualTo(1);
    }

    @Test
    void aStationOrEnergySiteListedByTwoInstrumentorsIsOneSeriesTheFirstRegisteredWins() throws Exception {
        ChargeStation first = new ChargeStation("chargy", "S1", "First", OptionalDouble.of(49.61), OptionalDouble.of(6.13),
                List.of(new Connector("C1", ConnectorState.OCCUPIED, OptionalDouble.of(22), Optional.empty())));
        ChargeStation second = new ChargeStation("chargy", "S1", "Second", OptionalDouble.of(49.62), OptionalDouble.of(6.14),
                List.of(new Connector("C1", ConnectorState.AVAILABLE, OptionalDouble.of(11), Optional.empty())));
        EnergySite site = new EnergySite("tesla", "42", Optional.of("Home"),
                new EnumMap<>(Map.of(EnergyReading.SOLAR_POWER, 3.5)), Optional.empty());
        EnergySite siteAgain = new EnergySite("tesla", "42", Optional.of("Home"),
                new EnumMap<>(Map.of(EnergyReading.SOLAR_POWER, 1.0)), Optional.empty());
        DuplicateCount countSecond = new DuplicateCount();
        refreshed(new FixedFetcher("chargy", EVMetricData.ofStations("chargy", NOW, List.of(first))
                .withEnergySites(List.of(site))), new DuplicateCount()).registerInstruments(producer.registrar(VinLabels.plain()));
        refreshed(new FixedFetcher("chargy", EVMetricData.ofStations("chargy", NOW, List.of(second))
                .withEnergySites(List.of(siteAgain))), countSecond).registerInstruments(producer.registrar(VinLabels.plain()));

        Map<String, MetricData> metrics = collect();
        assertOneSeriesPerLabelSet(metrics);
        assertThat(points(metrics.get("charger.station.details"))).extracting(p -> attr(p, "charger.station.name"))
                .containsExactly("First");
        assertThat(points(metrics.get("charger.connector.max_power"))).extracting(DoublePointData::getValue)
                .containsExactly(22_000.0);
        assertThat(points(metrics.get("energy.solar.power"))).extracting(DoublePointData::getValue)
                .containsExactly(3_500.0);
        assertThat(countSecond.dropped).isEqualTo(2);
    }

    @Test
    void oneSnapshotRegisteredTwiceIsCollectedOnce() throws Exception {
        EVMetricData same = EVMetricData.ofVehicles("tesla", NOW, List.of(car("V1", 50)));
        refreshed(new FixedFetcher("tesla", same)).registerInstruments(producer.registrar(VinLabels.plain()));
        refreshed(new FixedFetcher("tesla", same)).registerInstruments(producer.registrar(VinLabels.plain()));

        Map<String, MetricData> metrics = collect();
        assertOneSeriesPerLabelSet(metrics);
        assertThat(points(metrics.get("vehicle.battery.level"))).hasSize(1);
    }
}
