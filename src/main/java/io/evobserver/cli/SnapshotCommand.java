package io.evobserver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.core.SelfMetrics;
import io.evobserver.telemetry.SnapshotJson;
import io.evobserver.telemetry.VinLabels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Fetch once and print the normalised snapshot as JSON; exports nothing. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Fetch every source once and print the normalised snapshot as JSON on stdout; exports nothing.")
final class SnapshotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SourceOptions source = new SourceOptions();

    @Override
    public Integer call() throws Exception {
        RunConfig.apply(spec, source, SnapshotCommand::new);
        LogSetup.configure(LogSetup.parse(source.logLevel), System.err);
        Clock clock = Clock.systemUTC();
        List<AbstractVehicleFetcher> fetchers = Sources.create(source, SelfMetrics.NOOP, clock);
        List<EVMetricData> snapshots = new ArrayList<>();
        int failed = 0;
        PrintWriter err = spec.commandLine().getErr();
        try {
            for (AbstractVehicleFetcher f : fetchers) {
                try {
                    snapshots.add(f.refresh());
                } catch (io.evobserver.core.LoginRequiredException e) {
                    throw e;
                } catch (FetchException e) {
                    failed++;
                    err.println("ev-observer: " + f.source() + ": refresh failed (" + e.reason().label() + "): "
                            + e.getMessage());
                }
            }
        } finally {
            fetchers.forEach(AbstractVehicleFetcher::close);
        }
        if (snapshots.isEmpty()) {
            // nothing to show: an empty document would read as "no vehicles" rather than "it failed"
            return Main.EXIT_FAILED;
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        VinLabels vinLabels = source.hideVin ? VinLabels.hidden(System.getenv("EV_OBSERVER_VIN_SALT"))
                : VinLabels.plain();
        PrintWriter out = spec.commandLine().getOut();
        out.println(mapper.writeValueAsString(new SnapshotJson(mapper, vinLabels).write(snapshots, clock.instant())));
        out.flush();
        return failed == 0 ? 0 : Main.EXIT_FAILED;
    }
}
