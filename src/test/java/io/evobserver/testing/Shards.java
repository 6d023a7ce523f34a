package io.evobserver.testing;

import io.evobserver.core.ShardFilter;

/** Shard filters for fetcher tests that need two cars on different shards. */
public final class Shards {

    private Shards() {
    }

    /** The shard that owns {@code mine} in the smallest split (N >= 2) that puts {@code other} elsewhere. */
    public static ShardFilter owning(String mine, String other) {
        int n = 2;
        while (ShardFilter.shardOf(mine, n) == ShardFilter.shardOf(other, n)) {
            n++;
        }
        return new ShardFilter(ShardFilter.shardOf(mine, n), n);
    }
}
