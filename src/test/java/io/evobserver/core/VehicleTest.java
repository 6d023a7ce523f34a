package io.evobserver.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VehicleTest {

    private final VehicleId id = VehicleId.of("VIN1", "demo");

    @Test
    void negativeZeroIsStoredAsZero() {
        // found by InputFuzzTest: a vendor's "-0" battery level was exported as -0.0, below 0
        Vehicle v = Vehicle.builder(id).set(Signal.BATTERY_LEVEL, -0.0).build();
        assertThat(Double.doubleToRawLongBits(v.get(Signal.BATTERY_LEVEL).orElseThrow())).isZero();
    }

    @Test
    void invalidReadingsAreDroppedAndCountedNeverStored() {
        Vehicle.Builder b = Vehicle.builder(id)
                .set(Signal.BATTERY_LEVEL, 250)
                .set(Signal.LATITUDE, Double.NaN)
                .set(Signal.LONGITUDE, Double.POSITIVE_INFINITY)
                .set(Signal.SPEED, null)
                .set(Signal.ODOMETER, 1234.5)
                .tirePressure(Tire.FRONT_LEFT, -3);
        Vehicle v = b.build();
        assertThat(v.get(Signal.BATTERY_LEVEL)).isEmpty();
        assertThat(v.get(Signal.LATITUDE)).isEmpty();
        assertThat(v.get(Signal.LONGITUDE)).isEmpty();
        assertThat(v.get(Signal.SPEED)).isEmpty();
        assertThat(v.get(Signal.ODOMETER)).hasValue(1234.5);
        assertThat(v.tirePressureKpa()).isEmpty();
        assertThat(b.rejected()).isEqualTo(4);
    }

    @Test
    void headingIsNormalisedIntoZeroTo360() {
        assertThat(Vehicle.builder(id).set(Signal.HEADING, -90).build().get(Signal.HEADING)).hasValue(270.0);
        assertThat(Vehicle.builder(id).set(Signal.HEADING, 725).build().get(Signal.HEADING)).hasValue(5.0);
    }

    @Test
    void snapshotIsImmutableEvenIfTheBuilderChangesLater() {
        Vehicle.Builder b = Vehicle.builder(id).set(Signal.BATTERY_LEVEL, 50).door(Door.HOOD, true);
        Vehicle first = b.build();
        b.set(Signal.BATTERY_LEVEL, 60).door(Door.HOOD, false);
        assertThat(first.get(Signal.BATTERY_LEVEL)).hasValue(50.0);
        assertThat(first.doorsOpen()).containsEntry(Door.HOOD, true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.signals().put(Signal.SPEED, 1.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void flagsBecomeZeroOrOne() {
        Vehicle v = Vehicle.builder(id).flag(Signal.LOCKED, true).flag(Signal.SENTRY_MODE, false)
                .flag(Signal.CLIMATE_ACTIVE, null).build();
        assertThat(v.get(Signal.LOCKED)).hasValue(1.0);
        assertThat(v.get(Signal.SENTRY_MODE)).hasValue(0.0);
        assertThat(v.get(Signal.CLIMATE_ACTIVE)).isEmpty();
    }

    @Test
    void toBuilderKeepsEveryReading() {
        Vehicle v = Vehicle.builder(id).set(Signal.SPEED, 10).state(VehicleState.DRIVING)
                .chargingState(ChargingState.DISCONNECTED).window(Window.SUNROOF, true)
                .tirePressureTarget(Tire.REAR_LEFT, 290).warnings(Severity.HIGH, 2).softwareVersion("2026.26.5").build();
        assertThat(v.toBuilder().build()).isEqualTo(v);
        assertThat(v.toBuilder().build().softwareVersion()).hasValue("2026.26.5");
    }

    @Test
    void softwareVersionIsTrimmedAndBlankOrNullIsIgnored() {
        assertThat(Vehicle.builder(id).softwareVersion("  G026-24-03-560 ").build().softwareVersion())
                .hasValue("G026-24-03-560");
        assertThat(Vehicle.builder(id).softwareVersion(null).build().softwareVersion()).isEmpty();
        assertThat(Vehicle.builder(id).softwareVersion(" ").build().softwareVersion()).isEmpty();
        // a later blank does not erase a version already set (a partial update keeps it)
        assertThat(Vehicle.builder(id).softwareVersion("1.0").softwareVersion("").build().softwareVersion())
                .hasValue("1.0");
        // the record itself normalises too, so no path can carry a blank version
        Vehicle v = Vehicle.builder(id).build();
        assertThat(new Vehicle(v.id(), v.signals(), v.state(), v.chargingState(), v.doorsOpen(), v.windowsOpen(),
                v.tirePressureKpa(), v.tirePressureTargetKpa(), v.warnings(), v.reportedAt(),
                java.util.Optional.of("\t")).softwareVersion()).isEmpty();
    }

    @Test
    void theSoftwareVersionIsNotPartOfTheIdentity() {
        Vehicle before = Vehicle.builder(id).softwareVersion("2026.20.1").build();
        Vehicle after = before.toBuilder().softwareVersion("2026.26.5").build();
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after).isNotEqualTo(before);
    }
}
