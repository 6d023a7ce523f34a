package io.evobserver.source.volvo;

import io.evobserver.auth.TokenStore;
import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceDefinition;

/** {@code --vehicle volvo} and {@code login volvo}: the Volvo Connected Vehicle, Energy and Location APIs. */
public final class VolvoSource {

    public static final SourceDefinition<VolvoOptions> DEFINITION =
            SourceDefinition.of("volvo", VolvoOptions::new, VolvoSource::fetcher)
                    .withLogin(LoginVolvoCommand::new)
                    .withDaemonOnlyOptions("--volvo-requests-per-minute");

    private VolvoSource() {
    }

    private static AbstractVehicleFetcher fetcher(VolvoOptions o, SourceContext context) throws LoginRequiredException {
        VolvoConfig config = o.config(context);
        TokenStore.requireSaved("volvo", config.tokenFile());
        return new VolvoFetcher(config, context.selfMetrics(), context.clock());
    }
}
