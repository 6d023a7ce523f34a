package io.evobserver.source.tesla;

import io.evobserver.auth.TokenStore;
import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceDefinition;

/** {@code --vehicle tesla} and {@code login tesla}: the Fleet API (or the legacy owner API). */
public final class TeslaSource {

    public static final SourceDefinition<TeslaOptions> DEFINITION =
            SourceDefinition.of("tesla", TeslaOptions::new, TeslaSource::fetcher)
                    .withLogin(LoginTeslaCommand::new)
                    .withPacingOptions("--tesla-idle-minutes", "--tesla-suspend-minutes", "--tesla-active-interval",
                            "--tesla-idle-interval", "--tesla-check-interval")
                    // --tesla-wake stays visible at login: it adds a scope
                    .withDaemonOnlyOptions("--tesla-wakes-per-day", "--tesla-price-data", "--tesla-price-list",
                            "--tesla-price-wake", "--tesla-energy", "--tesla-no-location");

    private TeslaSource() {
    }

    private static AbstractVehicleFetcher fetcher(TeslaOptions o, SourceContext context) throws LoginRequiredException {
        TeslaConfig config = o.config(context);
        TokenStore.requireSaved("tesla", config.tokenFile());
        return new TeslaFetcher(config, context.selfMetrics(), context.clock());
    }
}
