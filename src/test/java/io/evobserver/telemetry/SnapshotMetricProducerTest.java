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
import io.evobserver.core.StateValue;
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
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.assertj.DoublePointAssert;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

/**
 * The snapshot gauges as an SDK reader sees them: values, units, attributes, state sets,
 * several sources, unregistering, and fleets beyond the SDK's per-instrument limit.
 */
class SnapshotMetricProducerTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.builder("io.evobserver")
            .setVersion("test").build();
    private static final AttributeKey<String> VIN = AttributeKey.stringKey("vehicle.vin");
    private static final AttributeKey<String> BRAND = AttributeKey.stringKey("vehicle.brand");
    private static final AttributeKey<String> MODEL = AttributeKey.stringKey("vehicle.model");
    private static final AttributeKey<String> NAME = AttributeKey.stringKey("vehicle.name");
    private static final AttributeKey<String> VENDOR = AttributeKey.stringKey("vendor");
    private static final AttributeKey<String> STATE = AttributeKey.stringKey("state");
    private static final AttributeKey<String> DOOR = AttributeKey.stringKey("door");
    private static final AttributeKey<String> CHARGING_TYPE = AttributeKey.stringKey("charging.type");
    private static final AttributeKey<String> CURRENCY = AttributeKey.stringKey("currency");
    private static final AttributeKey<String> STATION_ID = AttributeKey.stringKey("charger.station.id");
    private static final AttributeKey<String> STATION_NAME = AttributeKey.stringKey("charger.station.name");
    private static final AttributeKey<String> LATITUDE = AttributeKey.stringKey("charger.station.latitude");
    private static final AttributeKey<String> CONNECTOR_ID = AttributeKey.stringKey("charger.connector.id");

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final SnapshotMetricProducer producer = new SnapshotMetricProducer(SCOPE);
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

    /** {@code metric} is a double gauge whose points match {@code points} one to one, in any order. */
    @SafeVarargs
    private static void assertGauge(MetricData metric, Consumer<DoublePointAssert>... points) {
        assertThat(metric).hasDoubleGaugeSatisfying(g -> g.hasPointsSatisfying(points));
    }

    /** A state set's points for one identity: one per state, only {@code current} is 1. */
    private static List<Consumer<DoublePointAssert>> stateSet(StateValue[] states, StateValue current,
                                                             Consumer<DoublePointAssert> identity) {
        return Arrays.stream(states).<Consumer<DoublePointAssert>>map(s -> p -> identity.accept(
                p.hasAttribute(STATE, s.label()).hasValue(s == current ? 1 : 0))).toList();
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
        assertThat(metrics.get("vehicle.trips")).hasDoubleSumSatisfying(sum -> sum.isMonotonic().isCumulative()
                .hasPointsSatisfying(p -> p.hasValue(7).hasStartEpochNanos(since.getEpochSecond() * 1_000_000_000L)));
        // kWh in the model, joules on the wire
        assertThat(metrics.get("vehicle.charging.energy")).hasDoubleSumSatisfying(sum -> sum.hasPointsSatisfying(
                p -> p.hasAttribute(CHARGING_TYPE, "ac").hasValue(20.0 * 3.6e6),
                p -> p.hasAttribute(CHARGING_TYPE, "dc").hasValue(12.5 * 3.6e6)));
        assertThat(metrics.get("vehicle.charging.cost")).hasDoubleSumSatisfying(sum -> sum.hasPointsSatisfying(
                p -> p.hasAttribute(CURRENCY, "EUR")));
        assertGauge(metrics.get("vehicle.battery.capacity.estimated"), p -> p.hasValue(74.8 * 3.6e6));
        assertThat(metrics).doesNotContainKey("vehicle.trip.last.distance"); // no trip completed: no point
        assertThat(metrics.get("vehicle.software.updates")).hasDoubleSumSatisfying(sum -> sum.hasPointsSatisfying(
                p -> p.hasValue(2).hasStartEpochNanos(since.getEpochSecond() * 1_000_000_000L)));
    }

    @Test
    void theSoftwareVersionIsOneDetailsSeriesBesideTheIdentityAndAVehicleWithoutOneHasNone() throws Exception {
        Vehicle tesla = car("5YJ3E1EA7KF000001", 81).toBuilder().softwareVersion("2026.26.5").build();
        Vehicle volvo = Vehicle.builder(VehicleId.of("YV1XZEFV5R2100042", "volvo")).set(Signal.BATTERY_LEVEL, 50)
                .build();
        refreshed(new FixedFetcher("tesla", EVMetricData.ofVehicles("tesla", NOW, List.of(tesla, volvo))))
                .registerInstruments(producer.registrar(VinLabels.plain()));

        Map<String, MetricData> metrics = collect();
        assertThat(metrics.get("vehicle.software.details")).hasUnit("{vehicle}").hasDoubleGaugeSatisfying(g -> g
                .hasPointsSatisfying(p -> p.hasValue(1).hasAttributes(Attributes.of(VIN, "5YJ3E1EA7KF000001",
                        BRAND, "tesla", AttributeKey.stringKey("vehicle.software.version"), "2026.26.5"))));
        // the other series keep the identity alone, so an update starts no new battery series
        assertGauge(metrics.get("vehicle.battery.level"),
                p -> p.hasAttributes(Attributes.of(VIN, "5YJ3E1EA7KF000001", BRAND, "tesla")),
                p -> p.hasAttributes(Attributes.of(VIN, "YV1XZEFV5R2100042", BRAND, "volvo")));
    }

    @Test
    void aVehicleBecomesGaugesWithItsIdentityUnitsAndDescriptions() throws Exception {
        refreshed(new FixedFetcher("tesla", EVMetricData.ofVehicles("tesla", NOW, List.of(car("5YJ3E1EA7KF000001", 81)))))
                .registerInstruments(producer.registrar(VinLabels.plain()));

        Map<String, MetricData> metrics = collect();
        assertThat(metrics.get("vehicle.battery.level")).hasUnit("%")
                .hasDescription(MetricCatalogue.byName("vehicle.battery.level").description())
                .hasInstrumentationScope(SCOPE).hasResource(Resource.getDefault())
                // data points carry only the identity; the descriptive attributes are on vehicle.details
                .hasDoubleGaugeSatisfying(g -> g.hasPointsSatisfying(p -> p.hasValue(81)
                        .hasAttributes(Attributes.of(VIN, "5YJ3E1EA7KF000001", BRAND, "tesla"))
                        .hasExemplars()
                        .satisfies(q -> assertThat(q.getEpochNanos()).isGreaterThanOrEqualTo(q.getStartEpochNanos())
                                .isPositive())));
        assertGauge(metrics.get("vehicle.details"), p -> p.hasValue(1).hasAttribute(VIN, "5YJ3E1EA7KF000001")
                .hasAttribute(MODEL, "Model 3").hasAttribute(NAME, "Blue"));
        assertGauge(metrics.get("vehicle.odometer"), p -> p.hasValue(12_345.6));
        assertGauge(metrics.get("vehicle.data.age"), p -> p.hasValue(90));
        // absent readings are absent, never 0
        assertThat(metrics).doesNotContainKeys("vehicle.speed", "vehicle.fuel.level", "vehicle.tire.pressure");
        // the last successful refresh, per source
        assertGauge(metrics.get("ev_observer.refresh.last_success_timestamp"),
                p -> p.hasValue(NOW.getEpochSecond()).hasAttribute(VENDOR, "tesla"));
    }

    @Test
    void aVehicleWithoutANameIsNamedByItsModelOrElseItsVin() throws Exception {
        Vehicle modelOnly = Vehicle.builder(VehicleId.of("YV1XZEFV5R2100042", "volvo").withModel("EX30"))
                .set(Signal.BATTERY_LEVEL, 50).build();
        Vehicle bare = Vehicle.builder(VehicleId.of("YV4H60CL0P1900077", "volvo")).set(Signal.BATTERY_LEVEL, 60).build();
        refreshed(new FixedFetcher("volvo", EVMetricData.ofVehicles("volvo", NOW, List.of(modelOnly, bare))))
                .registerInstruments(producer.registrar(VinLabels.plain()));

        assertGauge(collect().get("vehicle.details"),
                p -> p.hasAttribute(VIN, "YV1XZEFV5R2100042").hasAttribute(NAME, "EX30"),
                p -> p.hasAttribute(VIN, "YV4H60CL0P1900077").hasAttribute(NAME, "YV4H60CL0P1900077"));
    }

    @Test
    void aStateSetHasOnePointPerStateAndOnlyTheCurrentOneIsOne() throws Exception {
        refreshed(new FixedFetcher("tesla", EVMetricData.ofVehicles("tesla", NOW, List.of(car("V1", 50)))))
                .registerInstruments(producer.registrar(VinLabels.plain()));

        Map<String, MetricData> metrics = collect();
        // every point still carries the vehicle's identity next to the state
        assertThat(metrics.get("vehicle.charging.state")).hasDoubleGaugeSatisfying(g -> g.hasPointsSatisfying(
                stateSet(ChargingState.values(), ChargingState.CHARGING, p -> p.hasAttribute(VIN, "V1"))));
        assertGauge(metrics.get("vehicle.door.open"), p -> p.hasAttribute(DOOR, Door.values()[0].label()).hasValue(1));
    }

    @Test
    void eachCollectionReadsTheLatestSnapshotAndHashedVinsStayHashed() throws Exception {
        FixedFetcher fetcher = new FixedFetcher("tesla", EVMetricData.ofVehicles("tesla", NOW, List.of(car("5YJ3SECRETVIN0001", 60))));
        VehicleInstrumentor i = refreshed(fetcher);
        VinLabels hashed = VinLabels.hidden("salt");
        i.registerInstruments(producer.registrar(hashed));
        assertGauge(collect().get("vehicle.battery.level"), p -> p.hasValue(60));

        fetcher.next = EVMetricData.ofVehicles("tesla", NOW, List.of(car("5YJ3SECRETVIN0001", 59)));
        assertThat(i.refreshOnce()).isTrue();
        assertThat(hashed.label("5YJ3SECRETVIN0001")).doesNotContain("SECRET");
        assertGauge(collect().get("vehicle.battery.level"),
                p -> p.hasValue(59).hasAttribute(VIN, hashed.label("5YJ3SECRETVIN0001")));
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
        assertGauge(metrics.get("vehicle.battery.level"), p -> p.hasAttribute(VIN, "T1"));
        java.util.function.Function<String, Consumer<DoublePointAssert>> connector = id -> p -> p
                .hasAttribute(STATION_ID, "S1").hasAttribute(CONNECTOR_ID, id)
                .hasAttributesSatisfying(a -> assertThat(a.get(STATION_NAME)).isNull());
        List<Consumer<DoublePointAssert>> connectorStates = new ArrayList<>(
                stateSet(ConnectorState.values(), ConnectorState.OCCUPIED, connector.apply("C1")));
        connectorStates.addAll(stateSet(ConnectorState.values(), ConnectorState.AVAILABLE, connector.apply("C2")));
        assertThat(metrics.get("charger.connector.state")).hasDoubleGaugeSatisfying(g -> g.hasPointsSatisfying(
                connectorStates));
        assertGauge(metrics.get("charger.station.details"), p -> p.hasValue(1).hasAttribute(STATION_ID, "S1")
                .hasAttribute(STATION_NAME, "Place Guillaume").hasAttribute(LATITUDE, "49.61"));
        // published in W
        assertGauge(metrics.get("charger.connector.max_power"), p -> p.hasValue(22_000).hasAttribute(CONNECTOR_ID, "C1"));
        assertGauge(metrics.get("charger.station.location.latitude"), p -> p.hasValue(49.61));
        // kW in the model, W on the wire
        assertGauge(metrics.get("energy.solar.power"), p -> p.hasValue(3_500).hasAttributes(Attributes.builder()
                .put("energy.site.vendor", "tesla").put("energy.site.id", "1234567890123456789")
                .put("energy.site.name", "Home").build()));
        assertGauge(metrics.get("ev_observer.refresh.last_success_timestamp"), p -> p.hasAttribute(VENDOR, "tesla"),
                p -> p.hasAttribute(VENDOR, "chargy"), p -> p.hasAttribute(VENDOR, "tesla-energy"));

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

        for (long minutes = 1; minutes <= 2; minutes++) {
            now[0] = start + minutes * 60_000_000_000L;
            assertThat(timed.produce(Resource.empty())).isNotEmpty().allSatisfy(m -> assertThat(m.getData().getPoints())
                    .allSatisfy(p -> assertThat(List.of(p.getStartEpochNanos(), p.getEpochNanos()))
                            .containsExactly(start, now[0])));
        }
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
        // every VIN once, and no overflow series: that is what observable gauges gave past 2,000 attribute sets
        assertThat(level).extracting(p -> p.getAttributes().asMap()).hasSize(3_000).doesNotHaveDuplicates()
                .allSatisfy(a -> assertThat(a).containsOnlyKeys(VIN, BRAND));
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
        assertGauge(metrics.get("vehicle.battery.level"), p -> p.hasAttribute(VIN, "V1").hasValue(70),
                p -> p.hasAttribute(VIN, "V2").hasValue(50));
        assertGauge(metrics.get("ev_observer.refresh.last_success_timestamp"), p -> p.hasAttribute(VENDOR, "tesla"));
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
        assertGauge(collect().get("vehicle.battery.level"), p -> p.hasAttribute(VIN, "V1").hasValue(61));
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
        assertGauge(metrics.get("charger.station.details"), p -> p.hasAttribute(STATION_NAME, "First"));
        assertGauge(metrics.get("charger.connector.max_power"), p -> p.hasValue(22_000));
        assertGauge(metrics.get("energy.solar.power"), p -> p.hasValue(3_500));
        assertThat(countSecond.dropped).isEqualTo(2);
    }

    @Test
    void oneSnapshotRegisteredTwiceIsCollectedOnce() throws Exception {
        EVMetricData same = EVMetricData.ofVehicles("tesla", NOW, List.of(car("V1", 50)));
        refreshed(new FixedFetcher("tesla", same)).registerInstruments(producer.registrar(VinLabels.plain()));
        refreshed(new FixedFetcher("tesla", same)).registerInstruments(producer.registrar(VinLabels.plain()));

        Map<String, MetricData> metrics = collect();
        assertOneSeriesPerLabelSet(metrics);
        assertGauge(metrics.get("vehicle.battery.level"), p -> p.hasAttribute(VIN, "V1"));
    }
}
