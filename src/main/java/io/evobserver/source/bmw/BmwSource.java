package io.evobserver.source.bmw;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceDefinition;

/** {@code --vehicle bmw} and {@code login bmw}: BMW CarData (REST and stream), or exported state files. */
public final class BmwSource {

    public static final SourceDefinition<BmwOptions> DEFINITION =
            SourceDefinition.of("bmw", BmwOptions::new, BmwSource::fetcher)
                    .withTitle("BMW and MINI")
                    .withLogin(LoginBmwCommand::new)
                    .withDaemonOnlyOptions("--bmw-daily-calls", "--bmw-stream", "--bmw-stream-url", "--bmw-state-file");

    private BmwSource() {
    }

    private static AbstractVehicleFetcher fetcher(BmwOptions o, SourceContext context) throws LoginRequiredException {
        return o.stateFiles.isEmpty()
                ? new BmwFetcher(o.config(context), context.selfMetrics(), context.clock())
                : new BmwStateFileFetcher(o.stateFiles, context.vins(), context.clock());
    }
}
