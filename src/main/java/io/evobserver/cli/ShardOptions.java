package io.evobserver.cli;

import io.evobserver.core.ShardFilter;
import picocli.CommandLine.Option;

/** {@code --shard I/N}: this instance keeps only its share of the fleet (see the README (Performance and scale)). */
final class ShardOptions {

    @Option(names = "--shard", paramLabel = "I/N", defaultValue = "${env:EV_OBSERVER_SHARD}",
            description = "Export only shard I of N (0-based): vehicles by a stable hash of the VIN, charge "
                    + "stations by network/id. The vendor is asked only about this shard's cars. I may be a "
                    + "StatefulSet pod name (ev-observer-2/4). "
                    + "Env: EV_OBSERVER_SHARD. Default: everything.")
    String shard;

    ShardFilter filter() {
        if (shard == null || shard.isBlank()) {
            return ShardFilter.ALL;
        }
        try {
            return ShardFilter.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
