package io.evobserver.source.demo;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.ConfigurationException;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceDefinition;

/** {@code --vehicle demo}: simulated cars, no account, no network, no login. */
public final class DemoSource {

    public static final SourceDefinition<DemoOptions> DEFINITION =
            SourceDefinition.of("demo", DemoOptions::new, DemoSource::fetcher);

    private DemoSource() {
    }

    private static AbstractVehicleFetcher fetcher(DemoOptions o, SourceContext context) {
        try {
            return new DemoFetcher(new DemoFetcher.DemoConfig(o.demoVehicles, o.demoSeed, o.demoTimeScale),
                    context.clock());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }
}
