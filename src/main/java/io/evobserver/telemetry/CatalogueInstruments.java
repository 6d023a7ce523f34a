package io.evobserver.telemetry;

import io.evobserver.core.ChargeStation;
import io.evobserver.core.Connector;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.EnergySite;
import io.evobserver.core.SnapshotRegistrar;
import io.evobserver.core.StateValue;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleId;
import io.evobserver.core.VehicleInstrumentor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableMeasurement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates the catalogue's snapshot gauges once and, per instrumentor, one batch callback
 * that only reads that instrumentor's latest snapshot. Attribute sets are cached per
 * vehicle and station, so a collection allocates little even for large fleets.
 */
public final class CatalogueInstruments implements SnapshotRegistrar {

    static final AttributeKey<String> VIN = AttributeKey.stringKey("vehicle.vin");
    static final AttributeKey<String> BRAND = AttributeKey.stringKey("vehicle.brand");
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("vehicle.model");
    static final AttributeKey<String> NAME = AttributeKey.stringKey("vehicle.name");
    static final AttributeKey<String> NETWORK = AttributeKey.stringKey("charger.network");
    static final AttributeKey<String> STATION_ID = AttributeKey.stringKey("charger.station.id");
    static final AttributeKey<String> STATION_NAME = AttributeKey.stringKey("charger.station.name");
    static final AttributeKey<String> CONNECTOR_ID = AttributeKey.stringKey("charger.connector.id");
    static final AttributeKey<String> VENDOR = AttributeKey.stringKey("vendor");
    static final AttributeKey<String> SITE_ID = AttributeKey.stringKey("energy.site.id");
    static final AttributeKey<String> SITE_NAME = AttributeKey.stringKey("energy.site.name");
    static final AttributeKey<String> SITE_VENDOR = AttributeKey.stringKey("energy.site.vendor");

    private final Meter meter;
    private final VinLabels vinLabels;
    private final List<MetricDefinition> definitions = new ArrayList<>();
    private final List<ObservableDoubleMeasurement> observers = new ArrayList<>();
    private final ObservableDoubleMeasurement lastSuccess;

    public CatalogueInstruments(Meter meter, VinLabels vinLabels) {
        this.meter = meter;
        this.vinLabels = vinLabels;
        for (MetricDefinition d : MetricCatalogue.ALL) {
            if (d.fromSnapshot()) {
                definitions.add(d);
                observers.add(meter.gaugeBuilder(d.name()).setUnit(d.unit()).setDescription(d.description())
                        .buildObserver());
            }
        }
        MetricDefinition ls = MetricCatalogue.byName("ev_observer.refresh.last_success");
        lastSuccess = meter.gaugeBuilder(ls.name()).setUnit(ls.unit()).setDescription(ls.description())
                .buildObserver();
    }

    @Override
    public AutoCloseable register(VehicleInstrumentor instrumentor) {
        SnapshotCallback callback = new SnapshotCallback(instrumentor);
        List<ObservableMeasurement> all = new ArrayList<>(observers);
        all.add(lastSuccess);
        return meter.batchCallback(callback, lastSuccess, all.toArray(new ObservableMeasurement[0]));
    }

    /**
     * Reads one instrumentor's snapshot into the observers; no I/O, no locks. Caches are
     * concurrent because two readers (OTLP and Prometheus) may collect at the same time.
     */
    private final class SnapshotCallback implements Runnable {
        private final VehicleInstrumentor instrumentor;
        private final Attributes sourceAttributes;
        private final Map<VehicleId, KeyedAttributes> vehicleCache = new ConcurrentHashMap<>();
        private final Map<String, KeyedAttributes> stationCache = new ConcurrentHashMap<>();
        private final Map<String, KeyedAttributes> connectorCache = new ConcurrentHashMap<>();

        SnapshotCallback(VehicleInstrumentor instrumentor) {
            this.instrumentor = instrumentor;
            this.sourceAttributes = Attributes.of(VENDOR, instrumentor.source());
        }

        @Override
        public void run() {
            instrumentor.lastSuccess().ifPresent(t -> lastSuccess.record(t.toEpochMilli() / 1000.0,
                    sourceAttributes));
            Optional<EVMetricData> latest = instrumentor.latest();
            if (latest.isEmpty()) {
                return;
            }
            EVMetricData snapshot = latest.get();
            Instant now = instrumentor.clock().instant();
            trim(vehicleCache, snapshot.vehicles().size());
            trim(stationCache, snapshot.stations().size());
            // one sink per collection, re-aimed per vehicle and metric: a 10k fleet would
            // otherwise allocate a capturing lambda per vehicle per metric (~380k per export)
            VehiclePoints points = new VehiclePoints();
            for (Vehicle v : snapshot.vehicles()) {
                KeyedAttributes attrs = vehicleCache.get(v.id());
                points.attrs = attrs != null ? attrs : vehicleCache.computeIfAbsent(v.id(), this::vehicleAttributes);
                for (int i = 0; i < definitions.size(); i++) {
                    MetricDefinition d = definitions.get(i);
                    if (d.vehicleWriter() != null) {
                        points.measurement = observers.get(i);
                        points.key = d.attribute();
                        d.vehicleWriter().write(snapshot, v, now, points);
                    }
                }
            }
            for (EnergySite site : snapshot.energySites()) {
                Attributes attrs = siteAttributes(site);
                for (int i = 0; i < definitions.size(); i++) {
                    MetricDefinition d = definitions.get(i);
                    if (d.energyWriter() != null) {
                        ObservableDoubleMeasurement m = observers.get(i);
                        d.energyWriter().write(site, (value, k) -> m.record(value, attrs));
                    }
                }
            }
            if (!snapshot.stations().isEmpty()) {
                trim(connectorCache, snapshot.stations().size() * 4);
                for (ChargeStation s : snapshot.stations()) {
                    KeyedAttributes stationAttrs = stationCache.computeIfAbsent(s.network() + '\0' + s.id(),
                            k -> stationAttributes(s));
                    for (int i = 0; i < definitions.size(); i++) {
                        MetricDefinition d = definitions.get(i);
                        if (d.stationWriter() != null) {
                            ObservableDoubleMeasurement m = observers.get(i);
                            String key = d.attribute();
                            d.stationWriter().write(s, (value, connector, k) -> {
                                KeyedAttributes a = connector == null ? stationAttrs
                                        : connectorAttributes(s, stationAttrs, connector);
                                m.record(value, a.with(key, k));
                            });
                        }
                    }
                }
            }
        }

        private KeyedAttributes vehicleAttributes(VehicleId id) {
            var b = Attributes.builder().put(VIN, vinLabels.label(id.vin())).put(BRAND, id.brand());
            id.model().ifPresent(m -> b.put(MODEL, m));
            id.name().ifPresent(n -> b.put(NAME, n));
            return new KeyedAttributes(b.build());
        }

        private Attributes siteAttributes(EnergySite site) {
            // a household has one or two sites: built per collection, not cached
            var b = Attributes.builder().put(SITE_VENDOR, site.vendor()).put(SITE_ID, site.id());
            site.name().ifPresent(n -> b.put(SITE_NAME, n));
            return b.build();
        }

        private KeyedAttributes stationAttributes(ChargeStation s) {
            return new KeyedAttributes(Attributes.builder().put(NETWORK, s.network()).put(STATION_ID, s.id())
                    .put(STATION_NAME, s.name()).build());
        }

        private KeyedAttributes connectorAttributes(ChargeStation s, KeyedAttributes stationAttrs, Connector c) {
            return connectorCache.computeIfAbsent(s.network() + '\0' + s.id() + '\0' + c.id(),
                    k -> new KeyedAttributes(stationAttrs.base().toBuilder().put(CONNECTOR_ID, c.id()).build()));
        }

        /** Forget entries of vehicles/stations that went away, without churning every time. */
        private static void trim(Map<?, ?> cache, int live) {
            if (cache.size() > 2 * live + 64) {
                cache.clear();
            }
        }
    }

    /** Where a vehicle writer's points go: the current metric's observer and the vehicle's attributes. */
    private static final class VehiclePoints implements MetricDefinition.PointOut {
        ObservableDoubleMeasurement measurement;
        KeyedAttributes attrs;
        String key;

        @Override
        public void accept(double value, StateValue k) {
            measurement.record(value, attrs.with(key, k));
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
}
