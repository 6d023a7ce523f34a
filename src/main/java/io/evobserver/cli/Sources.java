package io.evobserver.cli;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceProvider;
import io.evobserver.source.SourceRegistry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds one fetcher per requested source from the command-line options, through the source registry. */
final class Sources {
    private Sources() {
    }

    static List<AbstractVehicleFetcher> create(SourceOptions options, SelfMetrics selfMetrics, Clock clock)
            throws LoginRequiredException {
        if (!options.accounts.isEmpty()) {
            return AccountSources.create(options.accounts, selfMetrics, clock);
        }
        List<AbstractVehicleFetcher> fetchers = new ArrayList<>();
        SourceContext context = options.context(selfMetrics, clock);
        try {
            for (String kind : options.kinds()) {
                SourceProvider provider = SourceRegistry.find(kind).orElseThrow(
                        () -> new UsageException("--vehicle " + kind + ": this source is not in this build"));
                fetchers.add(provider.create(options.perSource.get(kind), context));
            }
        } catch (RuntimeException | LoginRequiredException e) {
            fetchers.forEach(AbstractVehicleFetcher::close);
            throw e;
        }
        return fetchers;
    }
}
