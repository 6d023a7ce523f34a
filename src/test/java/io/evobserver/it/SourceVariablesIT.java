package io.evobserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged daemon reads every source option from its {@code EV_OBSERVER_<SOURCE>_<NAME>}
 * variable, and a bad value is one line naming the variable, never the value.
 */
class SourceVariablesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aSourceOptionComesFromItsVariableAndTheFlagStillWins() throws Exception {
        EvObserverProcess.Result fromVariable = EvObserverProcess.run(TIMEOUT,
                Map.of("EV_OBSERVER_DEMO_VEHICLES", "3", "EV_OBSERVER_DEMO_SEED", "7"), "snapshot", "--vehicle", "demo");
        assertThat(fromVariable.exitCode()).as(fromVariable.stderr()).isZero();
        assertThat(vehicles(fromVariable.stdout())).hasSize(3);

        EvObserverProcess.Result flagWins = EvObserverProcess.run(TIMEOUT, Map.of("EV_OBSERVER_DEMO_VEHICLES", "3"),
                "snapshot", "--vehicle", "demo", "--demo-vehicles", "2");
        assertThat(flagWins.exitCode()).as(flagWins.stderr()).isZero();
        assertThat(vehicles(flagWins.stdout())).hasSize(2);
    }

    @Test
    void aBadVariableIsOneLineNamingItAndExitTwo() throws Exception {
        EvObserverProcess.Result r = EvObserverProcess.run(TIMEOUT,
                Map.of("EV_OBSERVER_DEMO_TIME_SCALE", "fast-SECRET"), "snapshot", "--vehicle", "demo");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("ev-observer: EV_OBSERVER_DEMO_TIME_SCALE: expected a number");
    }

    @Test
    void aRangeCheckAppliesToTheVariableToo() throws Exception {
        EvObserverProcess.Result r = EvObserverProcess.run(TIMEOUT,
                Map.of("EV_OBSERVER_TESLA_WAKES_PER_DAY", "99", "EV_OBSERVER_TESLA_CLIENT_ID", "cid"),
                "snapshot", "--vehicle", "tesla");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--tesla-wakes-per-day: must be between 0 and 48").hasLineCount(1);
    }

    private static JsonNode vehicles(String snapshot) throws Exception {
        return new ObjectMapper().readTree(snapshot).path("sources").get(0).path("vehicles");
    }
}
