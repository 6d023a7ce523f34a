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

import java.time.Duration;
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
    static final Duration EARLY_EXPORT_MIN_INTERVAL = Duration.ofSeconds(10);

    private final OpenTelemetrySdk sdk;
    private final Meter meter;
    private final SelfMetrics selfMetrics;
    private final String description;
    private final ExportOutcome outcome;
    private final DiskBufferedExporter buffer;
    private final SnapshotMetricProducer snapshots;
    private final Duration exportInterval;

    private TelemetrySetup(OpenTelemetrySdk sdk, String version, String description, ExportOutcome outcome,
                           DiskBufferedExporter buffer, SnapshotMetricProducer snapshots, Duration exportInterval) {
        this.snapshots = snapshots;
        this.exportInterval = exportInterval;
        this.outcome = outcome;
        this.buffer = buffer;
        this.sdk = sdk;
        this.meter = sdk.getMeterProvider().meterBuilder(SCOPE).setInstrumentationVersion(version).build();
        this.selfMetrics = new OtelSelfMetrics(meter);
        this.description = description;
        if (buffer != null) {
            MetricDefinition d = MetricCatalogue.byName("ev_observer.buffer.dropped");
            AttributeKey<String> reason = AttributeKey.stringKey("reason");
            meter.counterBuilder(d.name()).setUnit(d.unit()).setDescription(d.description())
                    .buildWithCallback(m -> buffer.dropped().forEach((r, n) -> m.record(n, Attributes.of(reason, r))));
        }
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
        AtomicReference<DiskBufferedExporter> bufferRef = new AtomicReference<>();
        SnapshotMetricProducer snapshots = new SnapshotMetricProducer(
                InstrumentationScopeInfo.builder(SCOPE).setVersion(version).build());
        AtomicReference<String> prometheusPort = new AtomicReference<>("9464");
        AtomicReference<Duration> interval = new AtomicReference<>();
        OpenTelemetrySdk sdk;
        try {
            sdk = build(overrides, described, outcome, buffer, bufferRef, snapshots, version, prometheusPort,
                    interval);
        } catch (RuntimeException e) {
            throw StartException.of(e, prometheusPort.get());
        }
        String description = described.get() + (bufferRef.get() == null ? "" : " buffer=" + bufferRef.get().folder());
        return new TelemetrySetup(sdk, version, description, outcome, bufferRef.get(), snapshots, interval.get());
    }

    /** The SDK could not start as configured (a busy port, a value it refuses): a configuration error. */
    public static final class StartException extends RuntimeException {
        StartException(String message) {
            super(message);
        }

        static RuntimeException of(RuntimeException e, String prometheusPort) {
            for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof java.net.BindException) {
                    return new StartException("--prometheus-port: port " + prometheusPort
                            + " is already in use (another ev-observer or exporter?); choose another with --prometheus-port");
                }
            }
            if (e instanceof io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException) {
                String m = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
                return new StartException("OpenTelemetry configuration: " + io.evobserver.http.Redactor.redactText(m));
            }
            return e;
        }
    }

    private static OpenTelemetrySdk build(Map<String, String> overrides, AtomicReference<String> described,
                                          ExportOutcome outcome, BufferSettings buffer,
                                          AtomicReference<DiskBufferedExporter> bufferRef,
                                          SnapshotMetricProducer snapshots, String version,
                                          AtomicReference<String> prometheusPort,
                                          AtomicReference<Duration> interval) {
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(TelemetrySetup::defaults)
                .addPropertiesCustomizer(config -> {
                    described.set(describe(config, overrides));
                    prometheusPort.set(overrides.getOrDefault("otel.exporter.prometheus.port",
                            config.getString("otel.exporter.prometheus.port", "9464")));
                    return overrides;
                })
                .addMetricExporterCustomizer((exporter, config) -> {
                    MetricExporter tracked = outcome.track(exporter);
                    // only the push to a backend is buffered; console output and scrapes are live views
                    if (!isOtlp(exporter)) {
                        return tracked;
                    }
                    if (buffer.enabled()) {
                        MetricExporter buffered = DiskBufferedExporter.wrap(tracked, buffer, otlpEndpoint(config));
                        if (buffered instanceof DiskBufferedExporter d) {
                            bufferRef.set(d);
                        }
                        return buffered;
                    }
                    // every OTLP request stays under the receiver's limit, buffered or not
                    return new SplittingExporter(tracked, buffer.maxRequestBytes());
                })
                .addMetricReaderCustomizer((reader, config) -> withTargetInfoHelp(reader))
                .addMeterProviderCustomizer((builder, config) -> {
                    interval.set(config.getDuration("otel.metric.export.interval", Duration.ofMinutes(1)));
                    return builder.registerMetricProducer(snapshots);
                })
                .addResourceCustomizer((resource, config) -> resource.merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.version"), version))))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
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
        return buffer == null ? "" : buffer.undeliveredNote();
    }

    /**
     * Which backend OTLP exports are meant for, without credentials or query: protocol and the
     * metrics URL the exporter uses. Names the export buffer's subfolder.
     */
    static String otlpEndpoint(ConfigProperties config) {
        String protocol = config.getString("otel.exporter.otlp.metrics.protocol",
                config.getString("otel.exporter.otlp.protocol", "http/protobuf"));
        boolean grpc = "grpc".equals(protocol);
        String url = config.getString("otel.exporter.otlp.metrics.endpoint");
        if (url == null) {
            String base = config.getString("otel.exporter.otlp.endpoint",
                    grpc ? "http://localhost:4317" : "http://localhost:4318");
            url = grpc ? base : (base.endsWith("/") ? base : base + "/") + "v1/metrics";
        }
        return protocol + " " + redact(url);
    }

    /** Drops user info, query and fragment: a URL may carry a token there, and folder names outlive runs. */
    static String redact(String url) {
        try {
            java.net.URI u = new java.net.URI(url.trim());
            return new java.net.URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return "unparsable endpoint #" + Integer.toHexString(url.hashCode());
        }
    }

    private static String describe(ConfigProperties config, Map<String, String> overrides) {
        String exporters = overrides.getOrDefault("otel.metrics.exporter", config.getString("otel.metrics.exporter"));
        StringBuilder sb = new StringBuilder("exporters=").append(exporters);
        if (exporters != null && exporters.contains("otlp")) {
            String protocol = overrides.getOrDefault("otel.exporter.otlp.protocol",
                    config.getString("otel.exporter.otlp.protocol"));
            sb.append(" otlp=").append(protocol).append(' ').append(otlpEndpoint(config, overrides, protocol));
        }
        if (exporters != null && exporters.contains("prometheus")) {
            sb.append(" prometheus=:").append(overrides.getOrDefault("otel.exporter.prometheus.port",
                    config.getString("otel.exporter.prometheus.port")));
        }
        return sb.toString();
    }

    /**
     * The URL the OTLP exporter really sends to, resolved as the SDK does: the metrics-specific
     * endpoint ({@code OTEL_EXPORTER_OTLP_METRICS_ENDPOINT}) as given; else the base endpoint
     * (the flag, else {@code OTEL_EXPORTER_OTLP_ENDPOINT}, else localhost:4318 or :4317) with
     * {@code /v1/metrics} appended for http/protobuf. User info and sensitive query values are left out.
     */
    static String otlpEndpoint(ConfigProperties config, Map<String, String> overrides, String protocol) {
        boolean grpc = "grpc".equals(protocol);
        String base = overrides.get("otel.exporter.otlp.endpoint");
        String specific = config.getString("otel.exporter.otlp.metrics.endpoint");
        String resolved;
        String origin;
        if (specific != null) {
            resolved = specific;
            origin = "";
        } else {
            origin = base != null ? "" : config.getString("otel.exporter.otlp.endpoint") != null ? ""
                    : " (default: nothing set it)";
            base = base != null ? base : config.getString("otel.exporter.otlp.endpoint",
                    grpc ? "http://localhost:4317" : "http://localhost:4318");
            resolved = base;
        }
        try {
            java.net.URI uri = java.net.URI.create(resolved.trim());
            if (specific == null && !grpc) {
                // as the SDK does it: the path gets a trailing slash, then v1/metrics (a query is dropped)
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                uri = uri.resolve(path.endsWith("/") ? path : path + "/").resolve("v1/metrics");
            }
            return io.evobserver.http.Redactor.redactUri(uri) + origin;
        } catch (IllegalArgumentException e) {
            return "(an endpoint that is not a URL)";
        }
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

    /**
     * Exports now, outside the export interval, so the first data arrives at once instead of one
     * interval later (the daemon calls it once every source has refreshed). Not below
     * {@link #EARLY_EXPORT_MIN_INTERVAL}: a periodic export due while this one runs is dropped by the
     * SDK ("exporter busy"), and a new process's first export is slow (0.3-0.7 s measured on a
     * loaded 2-core machine), so at a 1 s interval it cost a sample after most restarts. On a thread
     * of its own: the exporter's flush that follows sends the disk buffer's backlog.
     */
    public void exportEarly() {
        if (exportInterval.compareTo(EARLY_EXPORT_MIN_INTERVAL) < 0) {
            return;
        }
        Thread t = new Thread(() -> sdk.getSdkMeterProvider().forceFlush(), "early-export");
        t.setDaemon(true);
        t.start();
    }

    /** When the backend last accepted and last refused a push export (empty before the first). */
    public ExportStatus exportStatus() {
        return outcome.status();
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
