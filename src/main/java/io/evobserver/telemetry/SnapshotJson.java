package io.evobserver.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evobserver.core.ChargeStation;
import io.evobserver.core.Connector;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.Vehicle;

import java.time.Instant;
import java.util.List;

/**
 * The normalised snapshot as JSON ({@code ev-observer snapshot}): each vehicle's readings
 * under their metric names, produced by the same catalogue writers the exporters use, so
 * what this prints is exactly what a collection would export. State sets show the current
 * state as a string; keyed metrics (doors, tires...) are objects.
 */
public final class SnapshotJson {
    private final ObjectMapper mapper;
    private final VinLabels vinLabels;

    public SnapshotJson(ObjectMapper mapper, VinLabels vinLabels) {
        this.mapper = mapper;
        this.vinLabels = vinLabels;
    }

    public ObjectNode write(List<EVMetricData> snapshots, Instant now) {
        ObjectNode root = mapper.createObjectNode();
        root.put("taken_at", now.toString());
        ArrayNode sources = root.putArray("sources");
        for (EVMetricData data : snapshots) {
            ObjectNode s = sources.addObject();
            s.put("source", data.source());
            s.put("fetched_at", data.fetchedAt().toString());
            ArrayNode vehicles = s.putArray("vehicles");
            for (Vehicle v : data.vehicles()) {
                vehicles.add(vehicle(data, v, now));
            }
            if (!data.energySites().isEmpty()) {
                ArrayNode sites = s.putArray("energy_sites");
                for (io.evobserver.core.EnergySite site : data.energySites()) {
                    ObjectNode n = sites.addObject();
                    n.put("energy.site.id", site.id());
                    site.name().ifPresent(name -> n.put("energy.site.name", name));
                    ObjectNode metrics = n.putObject("metrics");
                    for (MetricDefinition d : MetricCatalogue.ALL) {
                        if (d.energyWriter() != null) {
                            d.energyWriter().write(site, (value, key) -> metrics.put(d.name(), value));
                        }
                    }
                }
            }
            if (!data.stations().isEmpty()) {
                ArrayNode stations = s.putArray("stations");
                for (ChargeStation st : data.stations()) {
                    stations.add(station(st));
                }
            }
        }
        return root;
    }

    private ObjectNode vehicle(EVMetricData data, Vehicle v, Instant now) {
        ObjectNode n = mapper.createObjectNode();
        n.put("vehicle.vin", vinLabels.label(v.id().vin()));
        n.put("vehicle.brand", v.id().brand());
        v.id().model().ifPresent(m -> n.put("vehicle.model", m));
        v.id().name().ifPresent(m -> n.put("vehicle.name", m));
        v.reportedAt().ifPresent(t -> n.put("reported_at", t.toString()));
        v.softwareVersion().ifPresent(s -> n.put("vehicle.software.version", s));
        ObjectNode metrics = n.putObject("metrics");
        for (MetricDefinition d : MetricCatalogue.ALL) {
            if (d.vehicleWriter() == null) {
                continue;
            }
            boolean stateSet = "state".equals(d.attribute());
            d.vehicleWriter().write(data, v, now, (value, key) -> {
                if (key == null) {
                    metrics.put(d.name(), value);
                } else if (stateSet) {
                    if (value == 1) {
                        metrics.put(d.name(), key.label());
                    }
                } else {
                    ObjectNode keyed = metrics.has(d.name()) ? (ObjectNode) metrics.get(d.name())
                            : metrics.putObject(d.name());
                    keyed.put(key.label(), value);
                }
            });
        }
        return n;
    }

    private ObjectNode station(ChargeStation st) {
        ObjectNode n = mapper.createObjectNode();
        n.put("charger.network", st.network());
        n.put("charger.station.id", st.id());
        n.put("charger.station.name", st.name());
        st.latitude().ifPresent(v -> n.put("latitude", v));
        st.longitude().ifPresent(v -> n.put("longitude", v));
        ArrayNode connectors = n.putArray("connectors");
        for (Connector c : st.connectors()) {
            ObjectNode cn = connectors.addObject();
            cn.put("charger.connector.id", c.id());
            cn.put("state", c.state().label());
            c.maxPowerKw().ifPresent(p -> cn.put("max_power_kw", p));
            c.plugType().ifPresent(p -> cn.put("plug_type", p));
        }
        return n;
    }
}
