package io.evobserver.cli;

import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.VehicleInstrumentor;
import io.evobserver.testing.FixedFetcher;
import io.evobserver.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {

    private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");

    /** A fetcher that fails until told otherwise. */
    private static final class Failing extends io.evobserver.core.AbstractVehicleFetcher {
        Failing() {
            super("chargy");
        }

        @Override
        public EVMetricData refresh() throws FetchException {
            throw new FetchException(FetchException.Reason.NETWORK, "connect to data.public.lu:443 refused");
        }
    }

    @Test
    void theFirstExportFollowsTheFirstRefreshOfEverySourceOnlyOnce() throws Exception {
        VehicleInstrumentor demo = new VehicleInstrumentor(new FixedFetcher("demo",
                EVMetricData.ofVehicles("demo", clock.instant(), List.of())), PollingPolicy.DEFAULT,
                SelfMetrics.NOOP, clock);
        VehicleInstrumentor chargy = new VehicleInstrumentor(new Failing(), PollingPolicy.DEFAULT, SelfMetrics.NOOP,
                clock);
        AtomicInteger exports = new AtomicInteger();
        var done = RunCommand.exportAfterFirstRefreshes(List.of(demo, chargy), exports::incrementAndGet);

        demo.refreshOnce();
        assertThat(exports).as("chargy has not been tried yet").hasValue(0);
        chargy.refreshOnce(); // fails: the demo's data goes out all the same
        assertThat(done).isDone();
        assertThat(exports).hasValue(1);
        demo.refreshOnce();
        chargy.refreshOnce();
        assertThat(exports).as("later refreshes wait for the export interval").hasValue(1);
    }

    @Test
    void nothingIsExportedEarlyWhenNoSourceHasData() throws Exception {
        VehicleInstrumentor chargy = new VehicleInstrumentor(new Failing(), PollingPolicy.DEFAULT, SelfMetrics.NOOP,
                clock);
        AtomicInteger exports = new AtomicInteger();
        var done = RunCommand.exportAfterFirstRefreshes(List.of(chargy), exports::incrementAndGet);
        chargy.refreshOnce();
        assertThat(done).isDone();
        assertThat(exports).hasValue(0);
    }
}
