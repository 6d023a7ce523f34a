package io.evobserver.source.demo;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.ConfigurationException;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceDefinition;
import io.evobserver.core.SourceOption;
import io.evobserver.core.SourceSettings;

import java.util.List;

/** {@code --vehicle demo}: simulated cars, no account, no network, no login; its options and fetcher. */
public final class DemoSource {

    static final SourceOption VEHICLES = SourceOption.integer("demo-vehicles", "N", 1,
            "Demo: number of simulated vehicles.");
    static final SourceOption SEED = SourceOption.integer("demo-seed", "N", 42,
            "Demo: seed that makes the fleet and its values reproducible.").withAlias("seed");
    static final SourceOption TIME_SCALE = SourceOption.decimal("demo-time-scale", "X", "60",
            "Demo: simulated seconds per real second (60 = a day in 24 minutes).");

    static final List<SourceOption> ALL = List.of(VEHICLES, SEED, TIME_SCALE);

    public static final SourceDefinition DEFINITION = SourceDefinition.of("demo", ALL, DemoSource::fetcher);

    private DemoSource() {
    }

    private static AbstractVehicleFetcher fetcher(SourceSettings o, SourceContext context) {
        try {
            return new DemoFetcher(new DemoFetcher.DemoConfig(o.integer(VEHICLES), o.whole(SEED),
                    o.decimal(TIME_SCALE)), context.clock());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }
}
