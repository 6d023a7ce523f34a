package io.evobserver.source.volvo;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceProvider;

import java.util.Optional;
import java.util.Set;

/** {@code --vehicle volvo} and {@code login volvo}: the Volvo Connected Vehicle, Energy and Location APIs. */
public final class VolvoSource implements SourceProvider<VolvoOptions> {

    @Override
    public String name() {
        return "volvo";
    }

    @Override
    public VolvoOptions newOptions() {
        return new VolvoOptions();
    }

    @Override
    public Optional<Object> newLoginCommand() {
        return Optional.of(new LoginVolvoCommand());
    }

    @Override
    public AbstractVehicleFetcher create(VolvoOptions o, SourceContext context) throws LoginRequiredException {
        VolvoConfig config = o.config(context.apiBaseUrl(), context.authBaseUrl(), context.tokenFile(), context.vins());
        // read now (not only checked): a corrupt or unreadable file stops the start before telemetry
        if (new io.evobserver.auth.TokenStore("volvo", config.tokenFile()).load().isEmpty()) {
            throw new LoginRequiredException("volvo", "no token file at " + config.tokenFile());
        }
        return new VolvoFetcher(config, context.selfMetrics(), context.clock());
    }

    @Override
    public Set<String> daemonOnlyOptions() {
        return Set.of("--volvo-requests-per-minute");
    }
}
