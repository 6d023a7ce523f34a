package io.evobserver.telemetry;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;

/** Makes {@code OTEL_METRICS_EXPORTER=console} (and {@code --exporter console}) use our readable exporter. */
public final class ConsoleMetricExporterProvider implements ConfigurableMetricExporterProvider {
    @Override
    public MetricExporter createExporter(ConfigProperties config) {
        return new ConsoleMetricExporter(System.out);
    }

    @Override
    public String getName() {
        return "console";
    }
}
