package io.evobserver.source.tesla;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceProvider;

import java.util.Optional;
import java.util.Set;

/** {@code --vehicle tesla} and {@code login tesla}: the Fleet API (or the legacy owner API). */
public final class TeslaSource implements SourceProvider<TeslaOptions> {

    @Override
    public String name() {
        return "tesla";
    }

    @Override
    public TeslaOptions newOptions() {
        return new TeslaOptions();
    }

    @Override
    public Optional<Object> newLoginCommand() {
        return Optional.of(new LoginTeslaCommand());
    }

    @Override
    public AbstractVehicleFetcher create(TeslaOptions o, SourceContext context) throws LoginRequiredException {
        TeslaConfig config = o.config(context.apiBaseUrl(), context.authBaseUrl(), context.tokenFile(), context.vins());
        // read now (not only checked): a corrupt or unreadable file stops the start before telemetry
        if (new io.evobserver.auth.TokenStore("tesla", config.tokenFile()).load().isEmpty()) {
            throw new LoginRequiredException("tesla", "no token file at " + config.tokenFile());
        }
        return new TeslaFetcher(config, context.selfMetrics(), context.clock());
    }

    @Override
    public Set<String> pacingOptions() {
        return Set.of("--tesla-idle-minutes", "--tesla-suspend-minutes", "--tesla-active-interval",
                "--tesla-idle-interval", "--tesla-check-interval");
    }

    @Override
    public Set<String> daemonOnlyOptions() {
        // --tesla-wake stays visible at login: it adds a scope
        return Set.of("--tesla-wakes-per-day", "--tesla-price-data", "--tesla-price-list", "--tesla-price-wake",
                "--tesla-energy", "--tesla-no-location");
    }
}
