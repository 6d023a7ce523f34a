package io.evobserver.source.demo;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.ConfigurationException;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceProvider;

/** {@code --vehicle demo}: simulated cars, no account, no network, no login. */
public final class DemoSource implements SourceProvider<DemoOptions> {

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public DemoOptions newOptions() {
        return new DemoOptions();
    }

    @Override
    public AbstractVehicleFetcher create(DemoOptions o, SourceContext context) {
        try {
            return new DemoFetcher(new DemoFetcher.DemoConfig(o.demoVehicles, o.demoSeed, o.demoTimeScale),
                    context.clock());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }
}
