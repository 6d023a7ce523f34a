package io.evobserver.telemetry;

import io.evobserver.core.ChargeStation;
import io.evobserver.core.DerivedReadings;
import io.evobserver.core.Connector;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.EnergySite;
import io.evobserver.core.SnapshotIdentities;
import io.evobserver.core.SnapshotRegistrar;
import io.evobserver.core.StateValue;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleId;
import io.evobserver.core.VehicleInstrumentor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.Data;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.GaugeData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.resources.Resource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The catalogue's snapshot gauges. At each collection it reads every registered
 * instrumentor's latest snapshot (no I/O, no locks) and hands the SDK finished gauge
 * points, one {@link MetricData} per catalogue row that has points.
 *
 * <p>Why a {@link MetricProducer} and not observable gauges: a snapshot already is the
 * complete, current state, and a gauge keeps no history, so the SDK's per-series storage
 * (a hash look-up and an aggregator per point, all kept between exports) only repeated what
 * the snapshot holds. At 10,000 vehicles (613k points) that storage was about a third of
 * the CPU of an export and ~300 MB of heap. Every reader of the meter provider (OTLP,
 * Prometheus, console) still gets these metrics through the SDK, encoded by the SDK.
 *
 * <p>Attribute sets are cached per vehicle and station, so a collection allocates little
 * beyond the points themselves.
 *
 * <p>Two instrumentors may list the same identity (two accounts sharing a car, a source
 * configured twice): equal label sets would make a Prometheus scrape fail as a whole, so a
 * collection keeps one series per identity across all instrumentors, by the rule of
 * {@link SnapshotIdentities} (the vehicle with the most recent {@code reportedAt}, else the
 * first registered; the first registered station and energy site), and counts the dropped
 * entries once per snapshot in {@code ev_observer.snapshot.duplicates}.
 */
public final class SnapshotMetricProducer implements MetricProducer {

    static final AttributeKey<String> VIN = AttributeKey.stringKey("vehicle.vin");
    static final AttributeKey<String> BRAND = AttributeKey.stringKey("vehicle.brand");
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("vehicle.model");
    static final AttributeKey<String> NAME = AttributeKey.stringKey("vehicle.name");
    static final AttributeKey<String> NETWORK = AttributeKey.stringKey("charger.network");
    static final AttributeKey<String> STATION_ID = AttributeKey.stringKey("charger.station.id");
    static final AttributeKey<String> STATION_NAME = AttributeKey.stringKey("charger.station.name");
    static final AttributeKey<String> CONNECTOR_ID = AttributeKey.stringKey("charger.connector.id");
    static final AttributeKey<String> STATION_LATITUDE = AttributeKey.stringKey("charger.station.latitude");
    static final AttributeKey<String> STATION_LONGITUDE = AttributeKey.stringKey("charger.station.longitude");
    static final AttributeKey<String> VENDOR = AttributeKey.stringKey("vendor");
    static final AttributeKey<String> SITE_ID = AttributeKey.stringKey("energy.site.id");
    static final AttributeKey<String> SITE_NAME = AttributeKey.stringKey("energy.site.name");
    static final AttributeKey<String> SITE_VENDOR = AttributeKey.stringKey("energy.site.vendor");

    private final InstrumentationScopeInfo scope;
    private final Clock clock;
    private final long startEpochNanos;
    private final List<MetricDefinition> definitions = new ArrayList<>();
    private final MetricDefinition lastSuccess = MetricCatalogue.byName("ev_observer.refresh.last_success_timestamp");
    private final List<Source> sources = new CopyOnWriteArrayList<>();

    public SnapshotMetricProducer(InstrumentationScopeInfo scope) {
        this(scope, Clock.getDefault());
    }

    SnapshotMetricProducer(InstrumentationScopeInfo scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
        this.startEpochNanos = clock.now();
        for (MetricDefinition d : MetricCatalogue.ALL) {
            if (d.fromSnapshot()) {
                definitions.add(d);
            }
        }
    }

    /** Registers instrumentors whose vehicles are labelled by {@code vinLabels} (plain, hashed...). */
    public SnapshotRegistrar registrar(VinLabels vinLabels) {
        return instrumentor -> {
            Source source = new Source(instrumentor, vinLabels);
            sources.add(source);
            return () -> sources.remove(source);
        };
    }

    @Override
    public Collection<MetricData> produce(Resource resource) {
        long now = clock.now();
        // each instrumentor's snapshot read once, so the winners below are chosen among what is collected
        Source[] current = sources.toArray(new Source[0]);
        EVMetricData[] snapshots = new EVMetricData[current.length];
        for (int i = 0; i < current.length; i++) {
            snapshots[i] = current[i].instrumentor.latest().orElse(null);
        }
        // identities can only repeat across instrumentors when there are several (within one, the
        // instrumentor already deduped): a single one pays for no set
        Identities identities = current.length > 1 ? Identities.of(current, snapshots) : null;
        List<DoublePointData>[] points = newPointLists(snapshots);
        Map<Attributes, DoublePointData> lastSuccessPoints = new java.util.LinkedHashMap<>();
        for (int i = 0; i < current.length; i++) {
            current[i].collect(now, snapshots[i], identities, points, lastSuccessPoints);
        }
        List<MetricData> metrics = new ArrayList<>(definitions.size() + 1);
        for (int i = 0; i < definitions.size(); i++) {
            if (!points[i].isEmpty()) {
                MetricDefinition d = definitions.get(i);
                metrics.add(d.kind() == MetricDefinition.Kind.COUNTER
                        ? new Gauge(resource, scope, d, MetricDataType.DOUBLE_SUM,
                                SumData.createDoubleSumData(true, AggregationTemporality.CUMULATIVE, points[i]))
                        : new Gauge(resource, scope, d, MetricDataType.DOUBLE_GAUGE,
                                GaugeData.createDoubleGaugeData(points[i])));
            }
        }
        if (!lastSuccessPoints.isEmpty()) {
            metrics.add(new Gauge(resource, scope, lastSuccess, MetricDataType.DOUBLE_GAUGE,
                    GaugeData.createDoubleGaugeData(new ArrayList<>(lastSuccessPoints.values()))));
        }
        return metrics;
    }

    /**
     * Which entry of each identity a collection over several instrumentors keeps: vehicles are
     * chosen up front (the most recent report wins wherever it is listed), stations and energy
     * sites as they come (the first registered wins).
     */
    private static final class Identities {
        private final Map<Attributes, Vehicle> vehicles;
        private final Set<Attributes> stations = new HashSet<>();
        private final Set<Attributes> sites = new HashSet<>();

        private Identities(Map<Attributes, Vehicle> vehicles) {
            this.vehicles = vehicles;
        }

        static Identities of(Source[] sources, EVMetricData[] snapshots) {
            int size = 0;
            for (EVMetricData d : snapshots) {
                size += d == null ? 0 : d.vehicles().size();
            }
            Map<Attributes, Vehicle> vehicles = new HashMap<>(size * 4 / 3 + 1);
            for (int i = 0; i < sources.length; i++) {
                if (snapshots[i] != null) {
                    for (Vehicle v : snapshots[i].vehicles()) {
                        vehicles.merge(sources[i].identity(v).base(), v, SnapshotIdentities::preferred);
                    }
                }
            }
            return new Identities(vehicles);
        }

        /** True once for the winner of its identity (removed, so an entry listed twice is still kept once). */
        boolean keeps(Attributes identity, Vehicle v) {
            return vehicles.remove(identity, v);
        }
    }

    @SuppressWarnings("unchecked")
    private List<DoublePointData>[] newPointLists(EVMetricData[] snapshots) {
        // sized from the snapshots so a 600k-point collection does not grow its lists step by step
        int vehicles = 0;
        for (EVMetricData d : snapshots) {
            vehicles += d == null ? 0 : d.vehicles().size();
        }
        List<DoublePointData>[] lists = new List[definitions.size()];
        for (int i = 0; i < lists.length; i++) {
            lists[i] = new ArrayList<>(definitions.get(i).vehicleWriter() != null ? vehicles : 16);
        }
        return lists;
    }

    /** One instrumentor and the attribute sets of its vehicles and stations. */
    private final class Source {
        private final VehicleInstrumentor instrumentor;
        private final VinLabels vinLabels;
        private final Attributes sourceAttributes;
        // concurrent: two readers (OTLP and Prometheus) may collect at the same time
        private final Map<VehicleId, KeyedAttributes> vehicleCache = new ConcurrentHashMap<>();
        private final Map<VehicleId, KeyedAttributes> vehicleDetailsCache = new ConcurrentHashMap<>();
        private final Map<String, KeyedAttributes> stationDetailsCache = new ConcurrentHashMap<>();
        private final Map<String, KeyedAttributes> stationCache = new ConcurrentHashMap<>();
        private final Map<String, KeyedAttributes> connectorCache = new ConcurrentHashMap<>();
        /** The last snapshot whose dropped duplicates were counted: counted per refresh, not per collection. */
        private final AtomicReference<EVMetricData> counted = new AtomicReference<>();

        Source(VehicleInstrumentor instrumentor, VinLabels vinLabels) {
            this.instrumentor = instrumentor;
            this.vinLabels = vinLabels;
            this.sourceAttributes = Attributes.of(VENDOR, instrumentor.source());
        }

        KeyedAttributes identity(Vehicle v) {
            KeyedAttributes attrs = vehicleCache.get(v.id());
            return attrs != null ? attrs : vehicleCache.computeIfAbsent(v.id(), this::vehicleAttributes);
        }

        void collect(long now, EVMetricData snapshot, Identities identities, List<DoublePointData>[] points,
                     Map<Attributes, DoublePointData> lastSuccessPoints) {
            // one source configured twice has one vendor label: its stalest success is kept, so an
            // account that stopped refreshing still shows in a staleness alert
            instrumentor.lastSuccess().ifPresent(t -> lastSuccessPoints.merge(sourceAttributes,
                    point(now, sourceAttributes, t.toEpochMilli() / 1000.0),
                    (a, b) -> b.getValue() < a.getValue() ? b : a));
            if (snapshot == null) {
                return;
            }
            trim(vehicleCache, snapshot.vehicles().size());
            trim(vehicleDetailsCache, snapshot.vehicles().size());
            trim(stationCache, snapshot.stations().size());
            trim(stationDetailsCache, snapshot.stations().size());
            PointSink sink = new PointSink(now, startEpochNanos);
            int dropped = collectVehicles(snapshot, identities, points, sink)
                    + collectSites(snapshot, identities, points, sink)
                    + collectStations(now, snapshot, identities, points);
            EVMetricData last = counted.get();
            if (dropped > 0 && last != snapshot && counted.compareAndSet(last, snapshot)) {
                instrumentor.droppedAsDuplicates(dropped);
            }
        }

        /** @return how many vehicles were dropped as duplicates */
        private int collectVehicles(EVMetricData snapshot, Identities identities, List<DoublePointData>[] points,
                                    PointSink sink) {
            int dropped = 0;
            Instant at = instrumentor.clock().instant();
            for (Vehicle v : snapshot.vehicles()) {
                KeyedAttributes identity = identity(v);
                if (identities != null && !identities.keeps(identity.base(), v)) {
                    dropped++;
                    continue;
                }
                // derived counters start when the vehicle was first seen, a start kept across restarts
                long counterStart = snapshot.derived().isEmpty() ? startEpochNanos : snapshot.derivedFor(v)
                        .map(DerivedReadings::countingSince)
                        .map(t -> t.getEpochSecond() * 1_000_000_000L + t.getNano()).orElse(startEpochNanos);
                for (int i = 0; i < definitions.size(); i++) {
                    MetricDefinition d = definitions.get(i);
                    if (d.vehicleWriter() != null) {
                        sink.points = points[i];
                        sink.attrs = d.scope() == MetricDefinition.Scope.VEHICLE_DETAILS
                                ? vehicleDetailsCache.computeIfAbsent(v.id(), this::vehicleDetailsAttributes)
                                : identity;
                        sink.key = d.attribute();
                        sink.start = d.kind() == MetricDefinition.Kind.COUNTER ? counterStart : startEpochNanos;
                        d.vehicleWriter().write(snapshot, v, at, sink);
                    }
                }
            }
            return dropped;
        }

        /** @return how many energy sites were dropped as duplicates */
        private int collectSites(EVMetricData snapshot, Identities identities, List<DoublePointData>[] points,
                                 PointSink sink) {
            int dropped = 0;
            for (EnergySite site : snapshot.energySites()) {
                if (identities != null && !identities.sites.add(Attributes.of(SITE_VENDOR, site.vendor(), SITE_ID, site.id()))) {
                    dropped++;
                    continue;
                }
                KeyedAttributes attrs = new KeyedAttributes(siteAttributes(site));
                for (int i = 0; i < definitions.size(); i++) {
                    MetricDefinition d = definitions.get(i);
                    if (d.energyWriter() != null) {
                        sink.points = points[i];
                        sink.attrs = attrs;
                        sink.key = null;
                        sink.start = startEpochNanos;
                        d.energyWriter().write(site, sink);
                    }
                }
            }
            return dropped;
        }

        /** @return how many stations were dropped as duplicates */
        private int collectStations(long now, EVMetricData snapshot, Identities identities,
                                    List<DoublePointData>[] points) {
            if (snapshot.stations().isEmpty()) {
                return 0;
            }
            int dropped = 0;
            trim(connectorCache, snapshot.stations().size() * 4);
            for (ChargeStation s : snapshot.stations()) {
                KeyedAttributes stationAttrs = stationCache.computeIfAbsent(s.network() + '\0' + s.id(),
                        k -> stationAttributes(s));
                if (identities != null && !identities.stations.add(stationAttrs.base())) {
                    dropped++;
                    continue;
                }
                for (int i = 0; i < definitions.size(); i++) {
                    MetricDefinition d = definitions.get(i);
                    if (d.stationWriter() != null) {
                        List<DoublePointData> out = points[i];
                        String key = d.attribute();
                        KeyedAttributes base = d.scope() == MetricDefinition.Scope.STATION_DETAILS
                                ? stationDetailsCache.computeIfAbsent(s.network() + '\0' + s.id() + '\0' + s.name() + '\0'
                                        + s.latitude() + '\0' + s.longitude(), k -> stationDetailsAttributes(s))
                                : stationAttrs;
                        d.stationWriter().write(s, (value, connector, k) -> {
                            KeyedAttributes a = connector == null ? base
                                    : connectorAttributes(s, stationAttrs, connector);
                            out.add(point(now, a.with(key, k), value));
                        });
                    }
                }
            }
            return dropped;
        }

        /** The stable identity only: a renamed car keeps its series. */
        private KeyedAttributes vehicleAttributes(VehicleId id) {
            return new KeyedAttributes(Attributes.of(VIN, vinLabels.label(id.vin()), BRAND, id.brand()));
        }

        /**
         * The name panels and alerts show: the owner's name for the car, else its model, else its
         * VIN label, so a source without names (Volvo) still gives every legend something to show.
         */
        private KeyedAttributes vehicleDetailsAttributes(VehicleId id) {
            String vin = vinLabels.label(id.vin());
            var b = Attributes.builder().put(VIN, vin).put(BRAND, id.brand());
            id.model().ifPresent(m -> b.put(MODEL, m));
            b.put(NAME, id.name().or(id::model).orElse(vin));
            return new KeyedAttributes(b.build());
        }

        private Attributes siteAttributes(EnergySite site) {
            // a household has one or two sites: built per collection, not cached
            var b = Attributes.builder().put(SITE_VENDOR, site.vendor()).put(SITE_ID, site.id());
            site.name().ifPresent(n -> b.put(SITE_NAME, n));
            return b.build();
        }

        private KeyedAttributes stationAttributes(ChargeStation s) {
            return new KeyedAttributes(Attributes.of(NETWORK, s.network(), STATION_ID, s.id()));
        }

        /** Cached by id, name and position: a new name or position gives a new details series. */
        private KeyedAttributes stationDetailsAttributes(ChargeStation s) {
            var b = Attributes.builder().put(NETWORK, s.network()).put(STATION_ID, s.id()).put(STATION_NAME, s.name());
            s.latitude().ifPresent(v -> b.put(STATION_LATITUDE, Double.toString(v)));
            s.longitude().ifPresent(v -> b.put(STATION_LONGITUDE, Double.toString(v)));
            return new KeyedAttributes(b.build());
        }

        private KeyedAttributes connectorAttributes(ChargeStation s, KeyedAttributes stationAttrs, Connector c) {
            return connectorCache.computeIfAbsent(s.network() + '\0' + s.id() + '\0' + c.id(),
                    k -> new KeyedAttributes(stationAttrs.base().toBuilder().put(CONNECTOR_ID, c.id()).build()));
        }
    }

    /** One gauge point; no exemplars (a poller has no spans to sample). */
    private DoublePointData point(long now, Attributes attributes, double value) {
        return DoublePointData.create(startEpochNanos, now, attributes, value, List.of());
    }

    /** Forget entries of vehicles/stations that went away, without churning every time. */
    private static void trim(Map<?, ?> cache, int live) {
        if (cache.size() > 2 * live + 64) {
            cache.clear();
        }
    }

    /**
     * Where a writer's points go: re-aimed per vehicle and metric instead of a capturing
     * lambda per vehicle per metric (~380k allocations per export at 10k vehicles).
     */
    private final class PointSink implements MetricDefinition.PointOut {
        private final long now;
        List<DoublePointData> points;
        KeyedAttributes attrs;
        String key;
        long start;

        PointSink(long now, long start) {
            this.now = now;
            this.start = start;
        }

        @Override
        public void accept(double value, StateValue k) {
            points.add(DoublePointData.create(start, now, attrs.with(key, k), value, List.of()));
        }
    }

    /** A base attribute set plus lazily built variants with one extra key (state, door...). */
    static final class KeyedAttributes {
        /** One key object per name ({@code state}, {@code door}...) instead of one per vehicle and variant. */
        private static final Map<String, AttributeKey<String>> KEYS = new ConcurrentHashMap<>();
        private final Attributes base;
        private final Map<StateValue, Attributes> variants = new ConcurrentHashMap<>();

        KeyedAttributes(Attributes base) {
            this.base = base;
        }

        Attributes base() {
            return base;
        }

        Attributes with(String key, StateValue value) {
            if (key == null || value == null) {
                return base;
            }
            Attributes cached = variants.get(value); // get first: computeIfAbsent's capturing lambda allocates
            return cached != null ? cached : variants.computeIfAbsent(value,
                    v -> base.toBuilder().put(KEYS.computeIfAbsent(key, AttributeKey::stringKey), v.label()).build());
        }
    }

    /** One catalogue row's gauge (or, for derived counters, cumulative sum) as the SDK's exporters read it. */
    private record Gauge(Resource resource, InstrumentationScopeInfo scope, MetricDefinition definition,
                         MetricDataType type, Data<DoublePointData> points) implements MetricData {
        @Override
        public Resource getResource() {
            return resource;
        }

        @Override
        public InstrumentationScopeInfo getInstrumentationScopeInfo() {
            return scope;
        }

        @Override
        public String getName() {
            return definition.name();
        }

        @Override
        public String getDescription() {
            return definition.description();
        }

        @Override
        public String getUnit() {
            return definition.unit();
        }

        @Override
        public MetricDataType getType() {
            return type;
        }

        @Override
        public Data<?> getData() {
            return points;
        }
    }
}
