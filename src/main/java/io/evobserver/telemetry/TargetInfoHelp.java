package io.evobserver.telemetry;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The registry behind the built-in /metrics endpoint, giving {@code target_info} the help text
 * the SDK's exporter leaves out ({@code promtool check metrics} reports "no help text" otherwise).
 */
final class TargetInfoHelp extends PrometheusRegistry {

    static final String HELP = "Resource attributes of this ev-observer process (service.name, service.version...)";

    @Override
    public MetricSnapshots scrape() {
        return withHelp(super.scrape());
    }

    @Override
    public MetricSnapshots scrape(PrometheusScrapeRequest request) {
        return withHelp(super.scrape(request));
    }

    @Override
    public MetricSnapshots scrape(Predicate<String> includedNames) {
        return withHelp(super.scrape(includedNames));
    }

    @Override
    public MetricSnapshots scrape(Predicate<String> includedNames, PrometheusScrapeRequest request) {
        return withHelp(super.scrape(includedNames, request));
    }

    static MetricSnapshots withHelp(MetricSnapshots snapshots) {
        List<MetricSnapshot> out = new ArrayList<>(snapshots.size());
        boolean changed = false;
        for (MetricSnapshot s : snapshots) {
            if (s instanceof InfoSnapshot info && info.getMetadata().getName().equals("target")
                    && info.getMetadata().getHelp() == null) {
                out.add(new InfoSnapshot(new MetricMetadata("target", HELP), info.getDataPoints()));
                changed = true;
            } else {
                out.add(s);
            }
        }
        return changed ? new MetricSnapshots(out) : snapshots;
    }
}
