package io.evobserver.telemetry;

import io.evobserver.core.SelfMetrics;
import io.evobserver.core.SnapshotRegistrar;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServerBuilder;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.resources.Resource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds the OpenTelemetry SDK with the chosen exporters through the SDK's autoconfigure,
 * so every standard {@code OTEL_*} variable works as in any OpenTelemetry SDK; our defaults
 * sit underneath (http/protobuf, metrics only) and command-line flags on top.
 */
public final class TelemetrySetup implements AutoCloseable {

    /** Select the JDK HTTP sender for http/protobuf; OkHttp is on the classpath only for gRPC. */
    private static final String HTTP_SENDER_PROPERTY = "io.opentelemetry.sdk.common.export.HttpSenderProvider";
    private static final String JDK_HTTP_SENDER = "io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider";

    /** The instrumentation scope of every metric we publish. */
    static final String SCOPE = "io.evobserver";

    private final OpenTelemetrySdk sdk;
    private final Meter meter;
    private final SelfMetrics selfMetrics;
    private final String description;
    private final ExportOutcome outcome;
    private final java.nio.file.Path bufferDir;
    private final SnapshotMetricProducer snapshots;

    private TelemetrySetup(OpenTelemetrySdk sdk, String version, String description, ExportOutcome outcome,
                           java.nio.file.Path bufferDir, SnapshotMetricProducer snapshots) {
        this.snapshots = snapshots;
        this.outcome = outcome;
        this.bufferDir = bufferDir;
        this.sdk = sdk;
        this.meter = sdk.getMeterProvider().meterBuilder(SCOPE).setInstrumentationVersion(version).build();
        this.selfMetrics = new OtelSelfMetrics(meter);
        this.description = description;
    }

    /** Our defaults, below the environment: the Java SDK would otherwise pick gRPC and ship traces too. */
    static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("otel.service.name", "ev-observer");
        d.put("otel.metrics.exporter", "otlp");
        d.put("otel.traces.exporter", "none");
        d.put("otel.logs.exporter", "none");
        d.put("otel.exporter.otlp.protocol", "http/protobuf");
        d.put("otel.metric.export.interval", "60000");
        d.put("otel.exporter.prometheus.host", "0.0.0.0");
        d.put("otel.exporter.prometheus.port", "9464");
        // exemplars need spans, which a poller has none of (only the self-metrics could carry any;
        // the snapshot gauges come from SnapshotMetricProducer, outside the SDK's storage and its
        // per-instrument cardinality limit)
        d.put("otel.metrics.exemplar.filter", "always_off");
        return d;
    }

    public static TelemetrySetup start(ExportSettings flags, String version) {
        return start(flags, BufferSettings.disabled(), version);
    }

    /** As {@link #start(ExportSettings, String)}, with OTLP exports going through a disk buffer. */
    public static TelemetrySetup start(ExportSettings flags, BufferSettings buffer, String version) {
        if (System.getProperty(HTTP_SENDER_PROPERTY) == null) {
            System.setProperty(HTTP_SENDER_PROPERTY, JDK_HTTP_SENDER);
        }
        Map<String, String> overrides = flags.asProperties();
        AtomicReference<String> described = new AtomicReference<>("");
        ExportOutcome outcome = new ExportOutcome();
        AtomicReference<java.nio.file.Path> bufferDir = new AtomicReference<>();
        SnapshotMetricProducer snapshots = new SnapshotMetricProducer(
                InstrumentationScopeInfo.builder(SCOPE).setVersion(version).build());
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(TelemetrySetup::defaults)
                .addPropertiesCustomizer(config -> {
                    described.set(describe(config, overrides));
                    return overrides;
                })
                .addMetricExporterCustomizer((exporter, config) -> {
                    MetricExporter tracked = outcome.track(exporter);
                    // only the push to a backend is buffered; console output and scrapes are live views
                    if (buffer.enabled() && isOtlp(exporter)) {
                        MetricExporter buffered = DiskBufferedExporter.wrap(tracked, buffer);
                        if (buffered instanceof DiskBufferedExporter d) {
                            bufferDir.set(d.dir());
                        }
                        return buffered;
                    }
                    return tracked;
                })
                .addMetricReaderCustomizer((reader, config) -> withTargetInfoHelp(reader))
                .addMeterProviderCustomizer((builder, config) -> builder.registerMetricProducer(snapshots))
                .addResourceCustomizer((resource, config) -> resource.merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.version"), version))))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        String description = described.get() + (bufferDir.get() == null ? "" : " buffer=" + bufferDir.get());
        return new TelemetrySetup(sdk, version, description, outcome, bufferDir.get(), snapshots);
    }

    /**
     * The built-in /metrics endpoint again, on the same address, serving a registry that gives
     * target_info a help text. Autoconfigure has already bound the port: it is freed first.
     */
    private static MetricReader withTargetInfoHelp(MetricReader reader) {
        if (!(reader instanceof PrometheusHttpServer server)) {
            return reader;
        }
        PrometheusHttpServerBuilder builder = server.toBuilder();
        server.shutdown().join(10, TimeUnit.SECONDS);
        return builder.setPrometheusRegistry(new TargetInfoHelp()).build();
    }

    private static boolean isOtlp(MetricExporter exporter) {
        return exporter.getClass().getName().startsWith("io.opentelemetry.exporter.otlp.");
    }

    /** What happens to metrics a failed export did not deliver, for the error line ("" without a buffer). */
    public String undeliveredNote() {
        return bufferDir == null ? "" : "; they are kept in " + bufferDir + " and sent on the next run";
    }

    private static String describe(ConfigProperties config, Map<String, String> overrides) {
        String exporters = overrides.getOrDefault("otel.metrics.exporter", config.getString("otel.metrics.exporter"));
        StringBuilder sb = new StringBuilder("exporters=").append(exporters);
        if (exporters != null && exporters.contains("otlp")) {
            String protocol = overrides.getOrDefault("otel.exporter.otlp.protocol",
                    config.getString("otel.exporter.otlp.protocol"));
            String endpoint = overrides.getOrDefault("otel.exporter.otlp.endpoint",
                    config.getString("otel.exporter.otlp.metrics.endpoint",
                            config.getString("otel.exporter.otlp.endpoint", "(SDK default)")));
            sb.append(" otlp=").append(protocol).append(' ').append(endpoint);
        }
        if (exporters != null && exporters.contains("prometheus")) {
            sb.append(" prometheus=:").append(overrides.getOrDefault("otel.exporter.prometheus.port",
                    config.getString("otel.exporter.prometheus.port")));
        }
        return sb.toString();
    }

    public Meter meter() {
        return meter;
    }

    public SelfMetrics selfMetrics() {
        return selfMetrics;
    }

    public SnapshotRegistrar registrar(VinLabels vinLabels) {
        return snapshots.registrar(vinLabels);
    }

    /** One line for the start-up log: where metrics go (never header values). */
    public String description() {
        return description;
    }

    /** Exports one last time and shuts the exporters down. */
    @Override
    public void close() {
        sdk.shutdown().join(30, TimeUnit.SECONDS);
    }

    /**
     * Exports one last time, shuts down, and says whether every export of this process was
     * accepted ({@code --once} exports exactly once, here).
     */
    public boolean closeAndReport(long timeoutSeconds) {
        CompletableResultCode result = sdk.shutdown().join(timeoutSeconds, TimeUnit.SECONDS);
        return result.isSuccess() && outcome.failures() == 0;
    }
}
