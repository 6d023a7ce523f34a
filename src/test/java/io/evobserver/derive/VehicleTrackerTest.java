package io.evobserver.derive;

import io.evobserver.core.ChargingState;
import io.evobserver.core.DerivedReadings;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.Signal;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleId;
import io.evobserver.core.VehicleState;
import io.evobserver.testing.MutableClock;
import io.evobserver.testing.TempDirs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Detection on recorded-style snapshot sequences of one car (a 60 kWh battery), each value
 * checked against what a person computes by hand from the sequence.
 */
class VehicleTrackerTest {

    private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
    private static final VehicleId ID = VehicleId.of("VIN0000000000001", "tesla");

    /** Builds a sequence: minutes since T0, then the car's readings. */
    private final List<EVMetricData> seq = new ArrayList<>();

    private Vehicle.Builder car(VehicleState state, double odo, double soc) {
        return Vehicle.builder(ID).state(state).set(Signal.ODOMETER, odo).set(Signal.BATTERY_LEVEL, soc)
                .set(Signal.BATTERY_CAPACITY, 60);
    }

    private void at(double minutes, Vehicle.Builder b) {
        seq.add(EVMetricData.ofVehicles("tesla", T0.plusSeconds((long) (minutes * 60)), List.of(b.build())));
    }

    private void parked(double minutes, double odo, double soc) {
        at(minutes, car(VehicleState.PARKED, odo, soc).set(Signal.SPEED, 0));
    }

    private void driving(double minutes, double odo, double soc, double speed) {
        at(minutes, car(VehicleState.DRIVING, odo, soc).set(Signal.SPEED, speed));
    }

    private void charging(double minutes, double odo, double soc, double counter, double kw, boolean plugged,
                          ChargingState cs) {
        at(minutes, car(cs == ChargingState.CHARGING ? VehicleState.CHARGING : VehicleState.PARKED, odo, soc)
                .chargingState(cs).set(Signal.CHARGING_ENERGY_ADDED, counter).set(Signal.CHARGING_POWER, kw)
                .flag(Signal.CHARGING_CONNECTED, plugged).flag(Signal.CHARGING_FAST_CHARGER, kw > 50));
    }

    private static DerivedReadings run(SnapshotDeriver deriver, List<EVMetricData> snapshots) {
        EVMetricData last = null;
        for (EVMetricData d : snapshots) {
            last = deriver.enrich(d);
        }
        return last.derivedFor(last.vehicles().get(0)).orElseThrow();
    }

    private static SnapshotDeriver deriver(Path file, Tariff tariff) {
        return new SnapshotDeriver(new DerivedStateStore(file), tariff, MutableClock.at("2026-03-02T07:00:00Z"));
    }

    private static Path stateFile() {
        return TempDirs.create("derive-test").resolve("derived-tesla.json");
    }

    /** A commute: 20 km in 30 min with a 2-minute red light at 10 km, then parked. */
    private void commuteWithARedLight() {
        parked(0, 1000, 80);
        driving(5, 1001, 79.7, 40);
        driving(15, 1010, 78, 60);
        parked(17, 1010, 78);      // standing at the light: speed 0, not in drive
        driving(19, 1010.5, 77.9, 30);
        driving(34, 1020, 76, 50);
        parked(36, 1020, 76);
        parked(40, 1020, 76);      // still within 5 minutes of stopping: the trip is open
        parked(50, 1020, 76);      // 14 minutes standing: the trip ended at minute 36
    }

    @Test
    void aStopAtARedLightIsNotTwoTrips() {
        commuteWithARedLight();
        DerivedReadings d = run(deriver(stateFile(), null), seq);
        assertThat(d.trips()).isEqualTo(1);
        assertThat(d.tripKm()).isCloseTo(20, within(1e-9));
        DerivedReadings.Trip trip = d.lastTrip().orElseThrow();
        // started at the last parked poll (minute 0), ended at the first standing poll (36)
        assertThat(trip.duration()).isEqualTo(Duration.ofMinutes(36));
        // 80 % -> 76 % of 60 kWh = 2.4 kWh; 2,400 Wh / 20 km = 120 Wh/km
        assertThat(trip.energyKwh().getAsDouble()).isCloseTo(2.4, within(1e-9));
        assertThat(trip.efficiencyWhPerKm().getAsDouble()).isCloseTo(120, within(1e-6));
        assertThat(d.tripKwh()).isCloseTo(2.4, within(1e-9));
    }

    @Test
    void aTripStillOpenIsNotCountedYet() {
        commuteWithARedLight();
        DerivedReadings d = run(deriver(stateFile(), null), seq.subList(0, 7)); // up to minute 36
        assertThat(d.trips()).isZero();
        assertThat(d.lastTrip()).isEmpty();
    }

    @Test
    void aMissingPollMidTripLosesNoDistance() {
        parked(0, 500, 70);
        driving(5, 502, 69.5, 50);
        // polls at 10..25 missing (vendor timeout)
        driving(30, 530, 64, 80);
        parked(40, 531, 63.8);
        parked(60, 531, 63.8);
        DerivedReadings d = run(deriver(stateFile(), null), seq);
        assertThat(d.trips()).isEqualTo(1);
        assertThat(d.tripKm()).isCloseTo(31, within(1e-9));
        assertThat(d.lastTrip().get().energyKwh().getAsDouble()).isCloseTo((70 - 63.8) / 100 * 60, within(1e-9));
    }

    @Test
    void aTripSeenOnlyAsAnOdometerJumpBetweenTwoParkedPollsCounts() {
        parked(0, 100, 50);
        parked(60, 112.5, 48);   // drove 12.5 km between two hourly polls of a sleeping-mostly car
        parked(70, 112.5, 48);
        DerivedReadings d = run(deriver(stateFile(), null), seq);
        assertThat(d.trips()).isEqualTo(1);
        assertThat(d.tripKm()).isCloseTo(12.5, within(1e-9));
    }

    @Test
    void anOdometerReadInMilesByTheMapperCountsKilometres() {
        // the model is in km: a mapper converts 10 miles to 16.09344 km, the derive layer adds km
        parked(0, 1609.344, 60);
        driving(10, 1609.344 + 8.04672, 59, 50);
        parked(20, 1609.344 + 16.09344, 58);
        parked(30, 1609.344 + 16.09344, 58);
        DerivedReadings d = run(deriver(stateFile(), null), seq);
        assertThat(d.tripKm()).isCloseTo(16.09344, within(1e-9));
    }

    @Test
    void aChargeInterruptedAndResumedIsOneSessionPricedPerWindow() {
        Tariff tariff = Tariff.parse("EUR;00:00-08:00=0.10;08:00-24:00=0.30", ZoneOffset.UTC);
        // 07:00 plugged in at 40 %, charging at 11 kW; the counter restarts at 0
        charging(0, 2000, 40, 12.0, 0, true, ChargingState.STOPPED); // counter still shows the last session
        charging(30, 2000, 49.2, 5.5, 11, true, ChargingState.CHARGING);
        charging(60, 2000, 58.3, 11.0, 11, true, ChargingState.CHARGING);
        charging(80, 2000, 58.3, 11.0, 0, true, ChargingState.STOPPED);  // interrupted (load balancing)
        charging(100, 2000, 58.3, 11.0, 0, true, ChargingState.STOPPED);
        charging(120, 2000, 67.5, 16.5, 11, true, ChargingState.CHARGING); // resumed
        charging(150, 2000, 76.7, 22.0, 11, true, ChargingState.CHARGING);
        charging(160, 2000, 76.7, 22.0, 0, false, ChargingState.DISCONNECTED); // unplugged
        DerivedReadings d = run(deriver(stateFile(), tariff), seq);
        assertThat(d.sessions()).isEqualTo(1);
        assertThat(d.energyAddedAcKwh()).isCloseTo(22.0, within(1e-9));
        assertThat(d.energyAddedDcKwh()).isZero();
        DerivedReadings.Session s = d.lastSession().orElseThrow();
        assertThat(s.energySource()).isEqualTo("counter");
        assertThat(s.start()).isEqualTo(T0);
        assertThat(s.end()).isEqualTo(T0.plus(Duration.ofMinutes(150)));
        assertThat(s.socFrom().getAsDouble()).isEqualTo(40);
        assertThat(s.socTo().getAsDouble()).isEqualTo(76.7);
        assertThat(s.peakPowerKw().getAsDouble()).isEqualTo(11);
        // 5.5 kWh over 07:00-07:30 and 5.5 over 07:30-08:00 at 0.10; 5.5 + 5.5 after 08:00 at 0.30
        assertThat(s.cost().getAsDouble()).isCloseTo(11 * 0.10 + 11 * 0.30, within(1e-9));
        assertThat(d.costTotal()).isCloseTo(4.4, within(1e-9));
        assertThat(d.currency()).contains("EUR");
        // 22 kWh for 36.7 points: too large a jump? no - 36.7 >= 20, so it estimates 59.95 kWh
        assertThat(d.capacityEstimateKwh().getAsDouble()).isCloseTo(22 / 0.367, within(1e-9));
    }

    @Test
    void aChargeStartedBetweenTwoPollsRightAfterADriveGivesNoCapacitySample() {
        // last seen driving at 52 %, then it arrived (SoC unseen, say 50 %) and charged 18 kWh (30 points)
        driving(0, 3000, 52, 50);
        charging(30, 3005, 80, 18.0, 11, true, ChargingState.CHARGING);
        charging(40, 3005, 80, 18.0, 0, false, ChargingState.DISCONNECTED);
        DerivedReadings d = run(deriver(stateFile(), null), seq);
        assertThat(d.sessions()).isEqualTo(1);
        assertThat(d.energyAddedAcKwh()).isCloseTo(18.0, within(1e-9));
        // 18 kWh / 28 points would say 64.3 kWh for a 60 kWh battery: the start SoC is not known
        assertThat(d.capacityEstimateKwh()).isEmpty();
    }

    @Test
    void aCounterFirstSeenWhileParkedIsABaselineNotASession() {
        at(0, car(VehicleState.ASLEEP, 300, 70)); // asleep: no charging data at all
        charging(30, 300, 70, 15.0, 0, false, ChargingState.DISCONNECTED); // awake: last week's 15 kWh
        charging(40, 300, 70, 15.0, 0, false, ChargingState.DISCONNECTED);
        DerivedReadings d = run(deriver(stateFile(), null), seq);
        assertThat(d.sessions()).isZero();
    }

    @Test
    void aCarAsleepWhileParkedGivesItsDrainAndNoTrip() {
        parked(0, 300, 70);
        at(60, car(VehicleState.ASLEEP, 300, 69.9));
        at(600, Vehicle.builder(ID).state(VehicleState.ASLEEP)); // asleep: the vendor gives nothing new
        at(1440, car(VehicleState.ASLEEP, 300, 69.0));
        driving(1450, 301, 68.9, 30);  // leaves: the parked period closes
        DerivedReadings d = run(deriver(stateFile(), null), seq);
        assertThat(d.trips()).isZero();
        DerivedReadings.Parked p = d.lastParked().orElseThrow();
        assertThat(p.idleHours()).isCloseTo(24, within(1e-9));
        assertThat(p.percentPerDay()).isCloseTo(1.0, within(1e-9));
        assertThat(p.kwhPerDay().getAsDouble()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void aDcSessionWithoutAVendorCounterIsIntegratedFromPower() {
        parked(0, 900, 20);
        at(5, car(VehicleState.CHARGING, 900, 25).chargingState(ChargingState.CHARGING)
                .set(Signal.CHARGING_POWER, 120));
        at(15, car(VehicleState.CHARGING, 900, 58).chargingState(ChargingState.CHARGING)
                .set(Signal.CHARGING_POWER, 120));
        at(25, car(VehicleState.PARKED, 900, 78).chargingState(ChargingState.DISCONNECTED)
                .flag(Signal.CHARGING_CONNECTED, false).set(Signal.CHARGING_POWER, 0));
        DerivedReadings d = run(deriver(stateFile(), null), seq);
        assertThat(d.sessions()).isEqualTo(1);
        // trapezoids: 0->120 kW over 5 min = 5 kWh, 120 kW over 10 min = 20 kWh, 120->0 over 10 min = 10 kWh
        assertThat(d.energyAddedDcKwh()).isCloseTo(35, within(1e-9));
        assertThat(d.lastSession().get().energySource()).isEqualTo("power");
        assertThat(d.lastSession().get().type()).isEqualTo(DerivedReadings.ChargingType.DC);
    }

    @Test
    void aRestartMidTripAndMidSessionNeitherLosesNorDoubleCounts() throws Exception {
        commuteWithARedLight();
        charging(60, 1020, 76, 0.5, 11, true, ChargingState.CHARGING);
        charging(90, 1020, 85, 6.0, 11, true, ChargingState.CHARGING);
        charging(100, 1020, 85, 6.0, 0, false, ChargingState.DISCONNECTED);
        DerivedReadings straight = run(deriver(stateFile(), null), seq);

        for (int cut : new int[] {4, 7, 10, 11}) { // mid-trip, at the stop, mid-session (twice)
            Path file = stateFile();
            SnapshotDeriver first = deriver(file, null);
            run(first, seq.subList(0, cut));
            first.close(); // the process stops
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            DerivedReadings resumed = run(deriver(file, null), seq.subList(cut, seq.size()));
            assertThat(resumed.trips()).as("cut at " + cut).isEqualTo(straight.trips()).isEqualTo(1);
            assertThat(resumed.tripKm()).as("cut at " + cut).isCloseTo(20, within(1e-9));
            assertThat(resumed.sessions()).as("cut at " + cut).isEqualTo(1);
            assertThat(resumed.energyAddedAcKwh()).as("cut at " + cut).isCloseTo(6.0, within(1e-9));
            assertThat(resumed.countingSince()).isEqualTo(T0);
        }
    }

    @Test
    void aCorruptStateFileIsSetAsideAndCountingStartsOver() throws Exception {
        Path file = stateFile();
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"VIN\": [not json");
        commuteWithARedLight();
        DerivedReadings d = run(deriver(file, null), seq);
        assertThat(d.trips()).isEqualTo(1);
        assertThat(file.resolveSibling("derived-tesla.json.corrupt")).exists();
        assertThat(Files.readString(file)).contains("\"trips\":1");
    }

    @Test
    void aClockThatGoesBackStartsOverWithoutCountingWhatWasOpen() {
        parked(0, 100, 50);
        driving(10, 105, 49, 50);
        parked(-60, 50, 60); // a restarted simulation: earlier time, lower odometer
        parked(-50, 50, 60);
        DerivedReadings d = run(deriver(stateFile(), null), seq);
        assertThat(d.trips()).isZero();
        assertThat(d.tripKm()).isZero();
    }
}
