package io.evobserver.cli;

import io.evobserver.derive.DerivedStateStore;
import io.evobserver.derive.Tariff;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.ZoneId;

/** Trips, charging sessions and their cost: where their state is kept, and what a kWh costs. */
final class DeriveOptions {

    @Option(names = "--tariff", paramLabel = "TARIFF", defaultValue = "${env:EV_OBSERVER_TARIFF}",
            description = "Price of a kWh for charging costs: flat (0.25EUR) or time-of-use windows in local time "
                    + "covering the day (\"EUR;00:00-07:00=0.12;07:00-24:00=0.30\"). Env: EV_OBSERVER_TARIFF.")
    String tariff;

    @Option(names = "--state-dir", paramLabel = "PATH", defaultValue = "${env:EV_OBSERVER_STATE_DIR}",
            description = "Folder for the trip and charging-session state (survives restarts). "
                    + "Env: EV_OBSERVER_STATE_DIR. Default: $XDG_STATE_HOME/ev-observer (~/.local/state/ev-observer).")
    Path stateDir;

    /** The parsed tariff, null when none was given. */
    Tariff tariff() {
        if (tariff == null || tariff.isBlank()) {
            return null;
        }
        try {
            return Tariff.parse(tariff, ZoneId.systemDefault());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The state file of one source (and shard). */
    DerivedStateStore store(String source, String shardSuffix) {
        Path dir = stateDir != null ? stateDir
                : DerivedStateStore.defaultDir(System.getenv(), System.getProperty("user.home"));
        return new DerivedStateStore(dir.resolve("derived-" + source + shardSuffix + ".json"));
    }
}
