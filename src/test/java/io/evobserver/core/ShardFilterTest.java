package io.evobserver.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardFilterTest {

    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

    /** 10,000 VIN-shaped keys: three makers' prefixes, sequential serials, like a real fleet. */
    private static List<String> fleet() {
        String[] prefixes = {"5YJ3E1EA7KF", "WBY8P2C05M7", "YV1XZ16HDP1"};
        List<String> vins = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            vins.add(prefixes[i % 3] + String.format("%06d", i));
        }
        return vins;
    }

    @Test
    void theHashIsTheDocumentedOneSoEveryReleaseAndJvmAgrees() {
        // expected values computed independently (Python hashlib: first 8 bytes of SHA-256, big-endian, mod N)
        assertThat(ShardFilter.shardOf("5YJ3E1EA7KF000001", 4)).isEqualTo(2);
        assertThat(ShardFilter.shardOf("5YJ3E1EA7KF000001", 7)).isEqualTo(5);
        assertThat(ShardFilter.shardOf("WBY8P2C05M7J12345", 4)).isEqualTo(1);
        assertThat(ShardFilter.shardOf("YV1XZ16HDP1234567", 1000)).isEqualTo(545);
        // the top bit is set in this one's hash: the modulo must be unsigned
        assertThat(ShardFilter.shardOf("WBY8P2C05M7J12345", 1000)).isEqualTo(633);
        assertThat(ShardFilter.shardOf("DEMEV000000000042", 7)).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 8, 16})
    void shardsPartitionTheFleetExactly(int n) {
        List<String> vins = fleet();
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int i = 0; i < n; i++) {
            ShardFilter shard = new ShardFilter(i, n);
            for (String vin : vins) {
                if (shard.ownsVin(vin)) {
                    assertThat(seen.add(vin)).as("%s owned by two shards", vin).isTrue();
                    total++;
                }
            }
        }
        assertThat(total).isEqualTo(vins.size());
        assertThat(seen).containsExactlyInAnyOrderElementsOf(vins);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8, 16})
    void shardsAreBalancedWithinTenPercentForTenThousandVins(int n) {
        int[] counts = new int[n];
        for (String vin : fleet()) {
            counts[ShardFilter.shardOf(vin, n)]++;
        }
        double fair = 10_000.0 / n;
        for (int i = 0; i < n; i++) {
            assertThat((double) counts[i]).as("shard %d of %d", i, n).isBetween(fair * 0.9, fair * 1.1);
        }
    }

    @Test
    void applyKeepsOnlyOwnedVehiclesAndStationsAndTheSourceAndTime() {
        List<Vehicle> vehicles = new ArrayList<>();
        for (String vin : fleet().subList(0, 200)) {
            vehicles.add(Vehicle.builder(VehicleId.of(vin, "demo")).build());
        }
        List<ChargeStation> stations = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            stations.add(new ChargeStation("chargy", "LU-" + i, "Station " + i, OptionalDouble.empty(),
                    OptionalDouble.empty(), List.of()));
        }
        EVMetricData all = new EVMetricData("demo", AT, vehicles, stations);
        int vehiclesSeen = 0;
        int stationsSeen = 0;
        for (int i = 0; i < 3; i++) {
            ShardFilter shard = new ShardFilter(i, 3);
            EVMetricData mine = shard.apply(all);
            assertThat(mine.source()).isEqualTo("demo");
            assertThat(mine.fetchedAt()).isEqualTo(AT);
            assertThat(mine.vehicles()).allMatch(v -> ShardFilter.shardOf(v.id().vin(), 3) == shard.index());
            assertThat(mine.stations()).allMatch(s -> ShardFilter.shardOf("chargy/" + s.id(), 3) == shard.index());
            assertThat(mine.vehicles()).isNotEmpty();
            assertThat(mine.stations()).isNotEmpty();
            vehiclesSeen += mine.vehicles().size();
            stationsSeen += mine.stations().size();
        }
        assertThat(vehiclesSeen).isEqualTo(200);
        assertThat(stationsSeen).isEqualTo(100);
        assertThat(ShardFilter.ALL.apply(all)).isSameAs(all);
    }

    @Test
    void theInstrumentorPublishesOnlyItsShard() throws Exception {
        List<Vehicle> vehicles = new ArrayList<>();
        for (String vin : fleet().subList(0, 50)) {
            vehicles.add(Vehicle.builder(VehicleId.of(vin, "demo")).state(VehicleState.PARKED).build());
        }
        EVMetricData all = EVMetricData.ofVehicles("demo", AT, vehicles);
        AbstractVehicleFetcher fetcher = new AbstractVehicleFetcher("demo") {
            @Override
            public EVMetricData refresh() {
                return all;
            }
        };
        ShardFilter shard = new ShardFilter(1, 2);
        VehicleInstrumentor i = new VehicleInstrumentor(fetcher, PollingPolicy.DEFAULT, SelfMetrics.NOOP,
                java.time.Clock.fixed(AT, java.time.ZoneOffset.UTC), shard);
        assertThat(i.refreshOnce()).isTrue();
        List<Vehicle> published = i.latest().orElseThrow().vehicles();
        assertThat(published).hasSizeLessThan(50).isNotEmpty()
                .allMatch(v -> shard.ownsVin(v.id().vin()));
    }

    @Test
    void parsesIndexSlashCountAndStatefulSetPodNames() {
        assertThat(ShardFilter.parse("0/4")).isEqualTo(new ShardFilter(0, 4));
        assertThat(ShardFilter.parse(" 3/4 ")).isEqualTo(new ShardFilter(3, 4));
        assertThat(ShardFilter.parse("ev-observer-2/4")).isEqualTo(new ShardFilter(2, 4));
        assertThat(ShardFilter.parse("ev-observer-12/16")).isEqualTo(new ShardFilter(12, 16));
        assertThat(ShardFilter.parse("0/1").isAll()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4/4", "-1/4", "1/0", "0/-2", "a/b", "1", "/4", "2/", "ev-observer-/4", "0/100000"})
    void rejectsNonsenseWithTheSpecInTheMessage(String spec) {
        assertThatThrownBy(() -> ShardFilter.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--shard");
    }
}
