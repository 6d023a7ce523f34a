package io.evobserver.cli;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.ForwardingSelfMetrics;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.derive.SnapshotDeriver;
import io.evobserver.derive.Tariff;
import io.evobserver.telemetry.ExportSettings;
import io.evobserver.telemetry.OtelEnvironment;
import io.evobserver.telemetry.TelemetrySetup;
import io.evobserver.telemetry.VinLabels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/** The daemon: poll every source on its schedule, export on the export interval, flush on exit. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Poll the sources and export their metrics until stopped (SIGTERM / Ctrl-C flush the last export).")
final class RunCommand implements java.util.concurrent.Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(RunCommand.class.getName());

    /**
     * The OTLP exporters' own failure lines. Held (the log manager keeps loggers weakly) so that
     * {@code --once}, which reports the export's outcome itself in one line, can quiet them.
     */
    private static final List<Logger> EXPORTER_LOGS = List.of(
            Logger.getLogger("io.opentelemetry.exporter.otlp.internal.HttpExporter"),
            Logger.getLogger("io.opentelemetry.exporter.otlp.internal.GrpcExporter"));

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    SourceOptions source = new SourceOptions();

    @Mixin
    BufferOptions buffer = new BufferOptions();

    @Mixin
    ShardOptions shard = new ShardOptions();

    @Mixin
    HealthOptions health = new HealthOptions();

    @Mixin
    DeriveOptions derive = new DeriveOptions();

    @Option(names = "--once", description = "Refresh every source once, export once, flush, exit: "
            + "0 when every source refreshed and the export succeeded, 1 otherwise.")
    boolean once;

    @Option(names = "--exporter", paramLabel = "NAME", split = ",",
            description = "otlp (default), console, prometheus, none. Repeatable or a comma list. "
                    + "Env: OTEL_METRICS_EXPORTER.")
    List<String> exporters;

    @Option(names = "--otlp-endpoint", paramLabel = "URL",
            description = "OTLP base URL; /v1/metrics is appended for http/protobuf "
                    + "(GreptimeDB: http://host:4000/v1/otlp). Env: OTEL_EXPORTER_OTLP_ENDPOINT.")
    String otlpEndpoint;

    @Option(names = "--otlp-protocol", paramLabel = "P",
            description = "http/protobuf (default) or grpc. Env: OTEL_EXPORTER_OTLP_PROTOCOL.")
    String otlpProtocol;

    @Option(names = "--otlp-header", paramLabel = "K=V",
            description = "Header on every export, repeatable (e.g. X-Greptime-DB-Name=public). "
                    + "Env: OTEL_EXPORTER_OTLP_HEADERS.")
    List<String> otlpHeaders;

    @Option(names = "--export-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Push period (default 60s). Env: OTEL_METRIC_EXPORT_INTERVAL (milliseconds).")
    Duration exportInterval;

    @Option(names = "--prometheus-port", paramLabel = "N",
            description = "Port of the /metrics scrape endpoint when prometheus is an exporter (default 9464).")
    Integer prometheusPort;

    @Option(names = "--prometheus-host", paramLabel = "HOST",
            description = "Address the scrape endpoint binds to (default 0.0.0.0).")
    String prometheusHost;

    @Override
    public Integer call() throws Exception {
        RunConfig.apply(spec, source, RunCommand::new);
        LogSetup.configure(LogSetup.parse(source.logLevel), System.err);
        ExportSettings settings = new ExportSettings(exporters, otlpEndpoint, otlpProtocol, otlpHeaders,
                exportInterval, prometheusPort, prometheusHost);
        String problem = settings.problem();
        if (problem == null) {
            problem = OtelEnvironment.problem(System.getenv(), settings);
        }
        if (problem != null) {
            throw new UsageException(problem);
        }
        var bufferSettings = buffer.settings();
        Integer healthPort = health.port();
        java.time.Duration exportGrace = health.grace(bufferSettings);
        Clock clock = Clock.systemUTC();
        var shardFilter = shard.filter();
        Tariff tariff = derive.tariff();
        // Sources first (token files read, URLs checked): a usage or login error must stop the
        // process before the SDK starts, replays the buffer, exports or logs anything.
        ForwardingSelfMetrics selfMetrics = new ForwardingSelfMetrics();
        List<AbstractVehicleFetcher> fetchers = Sources.create(source, selfMetrics, clock);
        if (once) {
            EXPORTER_LOGS.forEach(l -> l.setLevel(java.util.logging.Level.OFF));
        }
        TelemetrySetup telemetry;
        try {
            telemetry = TelemetrySetup.start(settings, bufferSettings, Version.VALUE);
        } catch (RuntimeException e) {
            fetchers.forEach(AbstractVehicleFetcher::close);
            if (e instanceof TelemetrySetup.StartException bad) {
                throw new UsageException(bad.getMessage());
            }
            throw e;
        }
        selfMetrics.forwardTo(telemetry.selfMetrics());
        PollingPolicy policy = source.interval == null ? PollingPolicy.DEFAULT
                : PollingPolicy.DEFAULT.withFixed(source.interval);
        VinLabels vinLabels = source.hideVin ? VinLabels.hidden(System.getenv("EV_OBSERVER_VIN_SALT"))
                : VinLabels.plain();
        var registrar = telemetry.registrar(vinLabels);
        List<VehicleInstrumentor> instrumentors = new ArrayList<>();
        String shardSuffix = shardFilter.isAll() ? "" : "-shard-" + shardFilter.index() + "-of-" + shardFilter.count();
        for (int n = 0; n < fetchers.size(); n++) {
            AbstractVehicleFetcher f = fetchers.get(n);
            VehicleInstrumentor i = new VehicleInstrumentor(f, policy, selfMetrics, clock, shardFilter);
            SnapshotDeriver deriver = new SnapshotDeriver(derive.store(stateName(n, f), shardSuffix), tariff, clock);
            i.enrichWith(deriver);
            i.registerInstruments(registrar);
            instrumentors.add(i);
        }
        LOG.info(() -> "ev-observer " + Version.VALUE + " polling " + String.join(",", source.kinds()) + "; "
                + telemetry.description() + (shardFilter.isAll() ? "" : "; shard " + shardFilter));
        if (once) {
            return runOnce(telemetry, instrumentors);
        }
        io.evobserver.health.HealthServer probes = null;
        if (healthPort != null) {
            var readiness = new io.evobserver.health.Readiness(instrumentors, telemetry::exportStatus, exportGrace,
                    clock);
            try {
                probes = io.evobserver.health.HealthServer.start(health.host, healthPort, readiness::check);
            } catch (java.io.IOException | RuntimeException e) {
                instrumentors.forEach(VehicleInstrumentor::close);
                telemetry.close();
                throw new UsageException("--health-port: cannot listen on " + health.host + ":" + healthPort
                        + " (" + e.getMessage() + ")");
            }
            int bound = probes.port();
            LOG.info(() -> "health: http://" + health.host + ":" + bound + "/healthz and /readyz");
        }
        try {
            return runDaemon(telemetry, instrumentors);
        } finally {
            if (probes != null) {
                probes.close();
            }
        }
    }

    /** Exports as soon as every source has had its first refresh, instead of one export interval later. */
    static java.util.concurrent.CompletableFuture<Void> exportAfterFirstRefreshes(List<VehicleInstrumentor> sources,
                                                                                Runnable export) {
        return java.util.concurrent.CompletableFuture.allOf(sources.stream()
                        .map(i -> i.firstRefresh().toCompletableFuture().exceptionally(e -> false))
                        .toArray(java.util.concurrent.CompletableFuture[]::new))
                .thenRun(() -> {
                    if (sources.stream().anyMatch(i -> i.latest().isPresent())) {
                        export.run();
                    }
                });
    }

    /**
     * The derived-state file's name for the n-th fetcher: its source, and for an account of the
     * configuration file also the account's name, so two accounts of one source never share (and
     * overwrite) one file. The fetchers follow the accounts' order.
     */
    private String stateName(int n, AbstractVehicleFetcher f) {
        if (source.accounts.isEmpty() || source.accounts.get(n).name == null) {
            return f.source();
        }
        return f.source() + "-" + source.accounts.get(n).name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static int runOnce(TelemetrySetup telemetry, List<VehicleInstrumentor> instrumentors)
            throws InterruptedException, LoginRequiredException {
        boolean allRefreshed = true;
        boolean exported = false;
        try {
            for (VehicleInstrumentor i : instrumentors) {
                allRefreshed &= i.refreshOnce();
            }
        } finally {
            // the one export happens at shutdown, with the snapshot gauges still registered
            instrumentors.forEach(VehicleInstrumentor::stop);
            exported = telemetry.closeAndReport(60);
            instrumentors.forEach(VehicleInstrumentor::close);
        }
        if (!exported) {
            LOG.severe("export failed: the backend did not accept the metrics or could not be reached ("
                    + telemetry.description() + ")" + telemetry.undeliveredNote());
        }
        LOG.info("--once finished");
        return allRefreshed && exported ? 0 : Main.EXIT_FAILED;
    }

    private static int runDaemon(TelemetrySetup telemetry, List<VehicleInstrumentor> instrumentors)
            throws InterruptedException {
        AtomicInteger threadNo = new AtomicInteger();
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(
                Math.min(4, instrumentors.size()), r -> {
                    Thread t = new Thread(r, "refresh-" + threadNo.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<LoginRequiredException> loginNeeded = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(40, TimeUnit.SECONDS); // let the main thread flush the last export
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        for (VehicleInstrumentor i : instrumentors) {
            i.start(executor, e -> {
                LOG.severe(i.source() + ": " + e.getMessage());
                loginNeeded.compareAndSet(null, e);
                stop.countDown();
            });
        }
        exportAfterFirstRefreshes(instrumentors, () -> {
            LOG.fine("first refresh of every source done");
            telemetry.exportEarly();
        });
        try {
            stop.await();
            LOG.info("stopping: flushing the last export");
        } finally {
            // stop polling, export once more with the snapshot gauges still registered, then let go
            instrumentors.forEach(VehicleInstrumentor::stop);
            executor.shutdownNow();
            telemetry.close();
            instrumentors.forEach(VehicleInstrumentor::close);
            LOG.info("stopped");
            stopped.countDown();
        }
        if (loginNeeded.get() != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // exiting anyway
            }
            return Main.EXIT_LOGIN;
        }
        return 0;
    }
}
