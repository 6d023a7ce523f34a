package io.evobserver.source.bmw;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceProvider;

import java.util.Optional;
import java.util.Set;

/** {@code --vehicle bmw} and {@code login bmw}: BMW CarData (REST and stream), or exported state files. */
public final class BmwSource implements SourceProvider<BmwOptions> {

    @Override
    public String name() {
        return "bmw";
    }

    @Override
    public BmwOptions newOptions() {
        return new BmwOptions();
    }

    @Override
    public Optional<Object> newLoginCommand() {
        return Optional.of(new LoginBmwCommand());
    }

    @Override
    public AbstractVehicleFetcher create(BmwOptions o, SourceContext context) throws LoginRequiredException {
        return o.stateFiles.isEmpty()
                ? new BmwFetcher(o.config(context), context.selfMetrics(), context.clock())
                : new BmwStateFileFetcher(o.stateFiles, context.vins(), context.clock());
    }

    @Override
    public String title() {
        return "BMW and MINI";
    }

    @Override
    public Set<String> daemonOnlyOptions() {
        return Set.of("--bmw-daily-calls", "--bmw-stream", "--bmw-stream-url", "--bmw-state-file");
    }
}
