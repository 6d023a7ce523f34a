package io.evobserver.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which vehicles (and charge stations) this instance owns when several instances split one
 * fleet ({@code --shard I/N}). An entity belongs to shard {@code I} exactly when the first 8
 * bytes of the SHA-256 of its key, read as an unsigned big-endian 64-bit integer, modulo N,
 * equal I. The key of a vehicle is its VIN (UTF-8); of a station, {@code network + "/" + id}.
 * The rule depends on nothing but the key and N, so every instance, release and JVM agrees,
 * and every key is owned by exactly one of the N shards. Changing N reassigns about (N-1)/N
 * of the fleet, as any modulo scheme does; pick N with some headroom.
 *
 * @param index this instance's shard, 0 to count - 1
 * @param count how many instances share the fleet
 */
public record ShardFilter(int index, int count) {

    /** The single-instance default: owns everything. */
    public static final ShardFilter ALL = new ShardFilter(0, 1);

    /** Ample for any fleet; guards against a typo turning into millions of empty shards. */
    static final int MAX_COUNT = 10_000;

    public ShardFilter {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("shard count must be between 1 and " + MAX_COUNT + ", got " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shard index must be between 0 and " + (count - 1) + ", got " + index);
        }
    }

    /**
     * Parses {@code I/N}. {@code I} may also be a name ending in {@code -<ordinal>}, such as a
     * Kubernetes StatefulSet pod name ({@code ev-observer-3/8} is shard 3 of 8), so a pod can
     * pass {@code $(POD_NAME)/8} without a shell.
     */
    public static ShardFilter parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.trim();
        int slash = s.lastIndexOf('/');
        if (slash <= 0 || slash == s.length() - 1) {
            throw new IllegalArgumentException("--shard: expected I/N (e.g. 0/4), got '" + spec + "'");
        }
        String index = s.substring(0, slash);
        int dash = index.lastIndexOf('-');
        if (dash >= 0 && dash < index.length() - 1 && !index.substring(0, dash).isEmpty()) {
            index = index.substring(dash + 1); // a pod name: its ordinal
        }
        try {
            return new ShardFilter(Integer.parseInt(index), Integer.parseInt(s.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard: expected I/N with whole numbers (e.g. 0/4), got '"
                    + spec + "'");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--shard " + spec + ": " + e.getMessage());
        }
    }

    public boolean isAll() {
        return count == 1;
    }

    /** The shard, 0 to {@code count - 1}, that owns this key. */
    public static int shardOf(String key, int count) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xFF);
            }
            return (int) Long.remainderUnsigned(h, count);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** True when this instance owns the vehicle with this VIN. */
    public boolean ownsVin(String vin) {
        return isAll() || shardOf(vin, count) == index;
    }

    /** True when this instance owns the station (key {@code network/id}). */
    public boolean ownsStation(ChargeStation station) {
        return isAll() || shardOf(station.network() + "/" + station.id(), count) == index;
    }

    /** The part of a snapshot this instance owns; the snapshot itself when it owns everything. */
    public EVMetricData apply(EVMetricData data) {
        if (isAll()) {
            return data;
        }
        List<Vehicle> vehicles = new ArrayList<>(data.vehicles().size() / count + 1);
        for (Vehicle v : data.vehicles()) {
            if (ownsVin(v.id().vin())) {
                vehicles.add(v);
            }
        }
        List<ChargeStation> stations = new ArrayList<>(data.stations().size() / count + 1);
        for (ChargeStation s : data.stations()) {
            if (ownsStation(s)) {
                stations.add(s);
            }
        }
        return new EVMetricData(data.source(), data.fetchedAt(), vehicles, stations);
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
