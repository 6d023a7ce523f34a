package io.evobserver.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PollingPolicyTest {

    private final PollingPolicy policy = PollingPolicy.DEFAULT;

    @Test
    void theBusiestVehicleSetsThePace() {
        assertThat(policy.intervalFor(List.of(VehicleState.ASLEEP, VehicleState.DRIVING))).isEqualTo(policy.active());
        assertThat(policy.intervalFor(List.of(VehicleState.ASLEEP, VehicleState.PARKED))).isEqualTo(policy.parked());
        assertThat(policy.intervalFor(List.of(VehicleState.ASLEEP))).isEqualTo(policy.asleep());
        assertThat(policy.intervalFor(List.of())).isEqualTo(policy.parked());
        assertThat(policy.active()).isLessThan(policy.parked());
        assertThat(policy.parked()).isLessThan(policy.asleep());
    }

    @Test
    void aFixedIntervalOverridesTheAdaptiveOne() {
        PollingPolicy fixed = policy.withFixed(Duration.ofSeconds(7));
        assertThat(fixed.intervalFor(List.of(VehicleState.DRIVING))).hasSeconds(7);
        assertThat(fixed.intervalFor(List.of(VehicleState.ASLEEP))).hasSeconds(7);
    }
}
