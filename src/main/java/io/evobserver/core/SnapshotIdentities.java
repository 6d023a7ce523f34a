package io.evobserver.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry per identity in a snapshot: the same VIN twice (a vendor listing a car twice) or the
 * same station twice would otherwise give two series with equal labels, which a Prometheus scrape
 * refuses as a whole. Of a vehicle's entries the one with the most recent {@code reportedAt} wins,
 * else the first listed; of a station's entries the first listed wins.
 */
public final class SnapshotIdentities {

    /** The snapshot to publish, and how many entries were dropped as duplicates. */
    public record Result(EVMetricData data, int duplicates) {
    }

    private SnapshotIdentities() {
    }

    public static Result dedupe(EVMetricData data) {
        Map<VehicleId, Vehicle> vehicles = new LinkedHashMap<>();
        for (Vehicle v : data.vehicles()) {
            vehicles.merge(v.id(), v, SnapshotIdentities::preferred);
        }
        Map<List<String>, ChargeStation> stations = new LinkedHashMap<>();
        for (ChargeStation s : data.stations()) {
            stations.putIfAbsent(List.of(s.network(), s.id()), s);
        }
        int dropped = data.vehicles().size() - vehicles.size() + data.stations().size() - stations.size();
        if (dropped == 0) {
            return new Result(data, 0);
        }
        return new Result(new EVMetricData(data.source(), data.fetchedAt(), new ArrayList<>(vehicles.values()),
                new ArrayList<>(stations.values()), data.energySites()), dropped);
    }

    /** Of two entries of one vehicle, the one kept: the most recent {@code reportedAt}, else the first. */
    public static Vehicle preferred(Vehicle first, Vehicle second) {
        Instant a = first.reportedAt().orElse(null);
        Instant b = second.reportedAt().orElse(null);
        return b != null && (a == null || b.isAfter(a)) ? second : first;
    }
}
