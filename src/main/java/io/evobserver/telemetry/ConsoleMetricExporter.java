package io.evobserver.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Prints each export as lines a person can scan: one header line per vehicle, station or
 * vendor, then {@code name{key} value unit} under it. Points of a state set whose value is 0
 * are left out (only the current state is shown); everything else is printed as exported.
 */
public final class ConsoleMetricExporter implements MetricExporter {

    private static final AttributeKey<String> STATE = AttributeKey.stringKey("state");

    private final PrintStream out;

    public ConsoleMetricExporter(PrintStream out) {
        this.out = out;
    }

    /** Attributes that say which reading of a vehicle or station a point is, not whose. */
    private static final Set<String> KEYS = Set.of("state", "door", "window", "tire", "severity");

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
        // group by owner (vehicle, station, connector, vendor) so the owner is printed once
        Map<String, List<String>> byOwner = new TreeMap<>();
        for (MetricData m : metrics) {
            for (PointData p : m.getData().getPoints()) {
                String value = format(p);
                if (value == null) {
                    continue;
                }
                Attributes a = p.getAttributes();
                if (a.get(STATE) != null && value.equals("0")) {
                    continue;
                }
                String owner = attributes(a, false);
                String keys = attributes(a, true);
                byOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(m.getName() + keys + " " + value
                        + (m.getUnit().isEmpty() || m.getUnit().equals("1") ? "" : " " + m.getUnit()));
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# export at ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
        byOwner.forEach((owner, lines) -> {
            sb.append(owner.isEmpty() ? "(no attributes)" : owner).append('\n');
            lines.sort(null);
            lines.forEach(l -> sb.append("  ").append(l).append('\n'));
        });
        synchronized (out) {
            out.print(sb);
            out.flush();
        }
        return CompletableResultCode.ofSuccess();
    }

    private static String format(PointData p) {
        if (p instanceof DoublePointData d) {
            return number(d.getValue());
        }
        if (p instanceof LongPointData l) {
            return Long.toString(l.getValue());
        }
        if (p instanceof HistogramPointData h) {
            return String.format(Locale.ROOT, "count=%d sum=%s", h.getCount(), number(h.getSum()));
        }
        return null;
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String attributes(Attributes a, boolean keys) {
        String joined = a.asMap().entrySet().stream()
                .filter(e -> KEYS.contains(e.getKey().getKey()) == keys)
                .map(e -> e.getKey().getKey() + "=" + e.getValue())
                .sorted()
                .collect(Collectors.joining(keys ? "," : " "));
        return keys && !joined.isEmpty() ? "{" + joined + "}" : joined;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode flush() {
        out.flush();
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return flush();
    }
}
