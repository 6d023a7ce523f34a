package io.evobserver.derive;

import io.evobserver.core.DerivedReadings;
import io.evobserver.core.DerivedReadings.ChargingType;
import io.evobserver.derive.TrackerState.DonePark;
import io.evobserver.derive.TrackerState.DoneSession;
import io.evobserver.derive.TrackerState.DoneTrip;
import io.evobserver.derive.TrackerState.OpenPark;
import io.evobserver.derive.TrackerState.OpenSession;
import io.evobserver.derive.TrackerState.OpenTrip;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Follows one vehicle from snapshot to snapshot and turns what changed into trips, charging
 * sessions and parked periods. Totals grow only when a trip or a session completes, so each
 * counts once, and everything it needs to finish one is in its {@link TrackerState}.
 *
 * <ul>
 * <li>A trip starts when the car moves (driving state, speed, or the odometer went up since the
 * last snapshot, even unseen) and ends when it has stood still for {@link #MIN_PARKED} (a red
 * light or a queue is not an end), or at once when it charges or sleeps. Distance is the sum
 * of odometer increases; energy is ΔSoC × capacity.</li>
 * <li>A charging session starts when the car charges (charging state, or the vendor's energy
 * counter or the SoC rose while it stood plugged in between two polls) and ends when it is
 * unplugged or driven, or after {@link #CHARGE_GRACE} without charging: a pause and a resume
 * on the same plug-in are one session. Energy comes from the vendor's counter, else from
 * charging power over time, else from ΔSoC × capacity.</li>
 * <li>The parked period between two trips, less its charging, gives the idle drain.</li>
 * </ul>
 */
final class VehicleTracker {

    static final Duration MIN_PARKED = Duration.ofMinutes(5);
    static final Duration CHARGE_GRACE = Duration.ofHours(1);
    /** Odometer increase that counts as having moved; less is rounding. */
    static final double MOVED_KM = 0.1;
    /** An odometer jump larger than this between two polls is a glitch, not a drive. */
    static final double MAX_JUMP_KM = 2_000;
    static final double MIN_SESSION_KWH = 0.05;
    /** Sessions smaller than this (in SoC points) say too little about the capacity. */
    static final double CAPACITY_MIN_DELTA_SOC = 20;
    static final double MIN_PARKED_HOURS = 1;
    /** Power-over-time is trusted only across polls at most this far apart. */
    static final Duration MAX_INTEGRATION_GAP = Duration.ofMinutes(30);

    private final TrackerState s;

    VehicleTracker(TrackerState state) {
        this.s = state;
    }

    static VehicleTracker fresh(Instant since) {
        TrackerState st = new TrackerState();
        st.since = since.toEpochMilli();
        return new VehicleTracker(st);
    }

    TrackerState state() {
        return s;
    }

    /**
     * Takes the next snapshot into account.
     *
     * @return true when a trip, session or parked period started or ended (worth saving at once)
     */
    boolean observe(Reading r, Tariff tariff) {
        boolean updated = noteSoftware(r.softwareVersion());
        long t = r.at().toEpochMilli();
        if (s.lastAt == null) {
            begin(r, t);
            return true;
        }
        if (t == s.lastAt) {
            return updated; // the same data again
        }
        if (t < s.lastAt) {
            startOver(r, t);
            return true;
        }
        Step step = step(r, t);
        boolean event = followTrip(r, step);
        event |= followSession(r, step, tariff);
        event |= followPark(r, step);
        remember(r, t);
        return event || updated;
    }

    /**
     * What changed between the last snapshot and this one.
     *
     * @param chargedBetween energy may have flowed in since the last poll
     * @param kwh the energy that flowed in, from {@code source} ("counter", "power", "soc" or null)
     */
    private record Step(long last, long t, double dOdo, boolean moved, Double dSoc, Double capacity,
                        boolean chargedBetween, double kwh, String source) {
        double hours() {
            return (t - last) / 3_600_000.0;
        }
    }

    private Step step(Reading r, long t) {
        double dOdo = 0;
        if (r.odometerKm() != null && s.lastOdometer != null) {
            dOdo = r.odometerKm() - s.lastOdometer;
            if (dOdo < 0 || dOdo > MAX_JUMP_KM) {
                dOdo = 0; // a reset or a glitch: re-base without counting
            }
        }
        boolean moved = r.moving() || dOdo >= MOVED_KM;
        Double dSoc = r.socPercent() != null && s.lastSoc != null ? r.socPercent() - s.lastSoc : null;
        Double capacity = capacity(r);
        // vendors' counters count one session from 0: a counter first seen while charging counts from 0
        // (first seen while parked, it may hold an old session's total: then it is only a baseline)
        boolean hasCounter = r.energyCounterKwh() != null
                && (s.lastCounter != null || r.charging() || s.lastCharging);
        double counterDelta = 0;
        if (hasCounter) {
            double before = s.lastCounter != null ? s.lastCounter : 0;
            counterDelta = r.energyCounterKwh() >= before ? r.energyCounterKwh() - before
                    : r.energyCounterKwh(); // the counter restarted at a new session
        }
        boolean socRoseStanding = !moved && dSoc != null && dSoc >= 3 && Boolean.TRUE.equals(r.plugged());
        boolean chargedBetween = r.charging() || s.lastCharging
                || (!moved && hasCounter && counterDelta >= MIN_SESSION_KWH) || socRoseStanding;
        Step noEnergy = new Step(s.lastAt, t, dOdo, moved, dSoc, capacity, chargedBetween, 0, null);
        if (!chargedBetween) {
            return noEnergy;
        }
        // the energy that flowed in between the two polls, from the best source there is
        if (hasCounter) {
            return withEnergy(noEnergy, counterDelta, "counter");
        }
        if (r.chargingPowerKw() != null && t - s.lastAt <= MAX_INTEGRATION_GAP.toMillis()) {
            double before = s.lastCharging && s.lastPower != null ? s.lastPower : 0;
            double now = r.charging() ? r.chargingPowerKw() : 0;
            return withEnergy(noEnergy, Math.max(0, (before + now) / 2 * noEnergy.hours()), "power");
        }
        if (dSoc != null && dSoc > 0 && capacity != null) {
            return withEnergy(noEnergy, dSoc / 100 * capacity, "soc");
        }
        return noEnergy;
    }

    private static Step withEnergy(Step st, double kwh, String source) {
        return new Step(st.last, st.t, st.dOdo, st.moved, st.dSoc, st.capacity, st.chargedBetween, kwh, source);
    }

    /** The clock went back (a restarted simulation, a vendor's bad timestamp): what was open
     * cannot be finished honestly, so it is dropped uncounted and detection starts over. */
    private void startOver(Reading r, long t) {
        s.trip = null;
        s.session = null;
        s.park = null;
        s.lastOdometer = null;
        s.lastSoc = null;
        s.lastCounter = null;
        s.lastPower = null;
        begin(r, t);
    }

    /** @return true when a trip started or ended */
    private boolean followTrip(Reading r, Step st) {
        boolean event = false;
        if (s.trip == null && st.moved) {
            event = true;
            long start = st.dOdo > 0 ? st.last : st.t;
            closePark(start);
            endSessionIfOpen();
            OpenTrip trip = new OpenTrip();
            trip.start = start;
            trip.startSoc = s.lastSoc != null && st.dOdo > 0 ? s.lastSoc : r.socPercent() != null ? r.socPercent()
                    : s.lastSoc;
            s.trip = trip;
        }
        OpenTrip trip = s.trip;
        if (trip == null) {
            return event;
        }
        trip.km += st.dOdo;
        if (r.moving()) {
            trip.stoppedSince = null;
            trip.stopSoc = null;
        } else if (trip.stoppedSince == null || st.dOdo >= MOVED_KM) {
            trip.stoppedSince = st.t;
            trip.stopSoc = r.socPercent() != null ? r.socPercent() : s.lastSoc;
        }
        if (trip.stoppedSince != null && (st.t - trip.stoppedSince >= MIN_PARKED.toMillis() || r.charging()
                || r.asleep() || st.chargedBetween)) {
            endTrip(trip, st.capacity);
            OpenPark park = new OpenPark();
            park.start = trip.stoppedSince;
            s.park = park;
            event = true;
        }
        return event;
    }

    /** @return true when a session started or ended */
    private boolean followSession(Reading r, Step st, Tariff tariff) {
        boolean event = false;
        if (s.trip == null && st.chargedBetween && (r.charging() || st.kwh >= MIN_SESSION_KWH)) {
            if (s.session == null) {
                event = true;
                OpenSession session = new OpenSession();
                session.start = st.kwh > 0 ? st.last : st.t;
                session.socFrom = s.lastSoc != null ? s.lastSoc : r.socPercent();
                // driven, then plugged in, between two polls: socFrom is from the drive, above the SoC on arrival
                session.socFromUnseen = st.moved;
                s.session = session;
            }
            addToSession(s.session, r, st, tariff);
        }
        if (s.session != null && !r.charging()) {
            boolean unplugged = Boolean.FALSE.equals(r.plugged());
            if (unplugged || st.moved || st.t - s.session.lastActive >= CHARGE_GRACE.toMillis()) {
                endSessionIfOpen();
                event = true;
            }
        }
        return event;
    }

    private static void addToSession(OpenSession session, Reading r, Step st, Tariff tariff) {
        session.energy += st.kwh;
        if (tariff != null) {
            session.cost += tariff.cost(Instant.ofEpochMilli(st.last), r.at(), st.kwh);
        }
        session.counter |= "counter".equals(st.source);
        session.power |= "power".equals(st.source);
        session.soc |= "soc".equals(st.source);
        session.lastActive = st.t;
        if (r.socPercent() != null) {
            session.socTo = r.socPercent();
        }
        if (r.charging() && r.chargingPowerKw() != null) {
            session.peakKw = Math.max(session.peakKw, r.chargingPowerKw());
        }
        session.dc |= Boolean.TRUE.equals(r.fast()) || (r.fast() == null && r.chargingPowerKw() != null
                && r.chargingPowerKw() > 22);
    }

    /** @return true when a parked period started */
    private boolean followPark(Reading r, Step st) {
        if (s.trip == null && s.park == null) {
            OpenPark park = new OpenPark();
            park.start = st.t;
            s.park = park;
            return true;
        }
        if (s.park != null && !st.moved && !st.chargedBetween && !r.charging() && s.session == null
                && (st.dSoc == null || st.dSoc <= 1)) { // a rise is an unseen charge or a recalibration, not drain
            s.park.idleHours += st.hours();
            if (st.dSoc != null) {
                s.park.socLost -= st.dSoc;
            }
        }
        return false;
    }

    /**
     * Counts a change of the software version. The first version seen is where counting starts,
     * not an update; a snapshot without a version changes nothing. The last version is in the
     * saved state, so a change made while the observer was stopped counts once after the restart.
     *
     * @return true when an update was counted
     */
    private boolean noteSoftware(String version) {
        if (version == null) {
            return false;
        }
        String last = s.lastSoftwareVersion;
        s.lastSoftwareVersion = version;
        if (last == null || last.equals(version)) {
            return false;
        }
        s.softwareUpdates++;
        return true;
    }

    private void begin(Reading r, long t) {
        if (r.moving()) {
            OpenTrip trip = new OpenTrip();
            trip.start = t;
            trip.startSoc = r.socPercent();
            s.trip = trip;
        } else {
            OpenPark park = new OpenPark();
            park.start = t;
            s.park = park;
            if (r.charging()) {
                OpenSession session = new OpenSession();
                session.start = t;
                session.lastActive = t;
                session.socFrom = r.socPercent();
                session.socTo = r.socPercent();
                s.session = session;
            }
        }
        remember(r, t);
    }

    private void remember(Reading r, long t) {
        s.lastAt = t;
        if (r.odometerKm() != null) {
            s.lastOdometer = r.odometerKm();
        }
        if (r.socPercent() != null) {
            s.lastSoc = r.socPercent();
        }
        if (r.energyCounterKwh() != null) {
            s.lastCounter = r.energyCounterKwh();
        }
        if (r.capacityKwh() != null) {
            s.lastCapacity = r.capacityKwh();
        }
        s.lastPower = r.chargingPowerKw();
        s.lastCharging = r.charging();
    }

    private Double capacity(Reading r) {
        return r.capacityKwh() != null ? r.capacityKwh() : s.capacityEstimate;
    }

    private void endTrip(OpenTrip trip, Double capacity) {
        s.trip = null;
        if (trip.km < MOVED_KM) {
            return; // moved the car in the driveway, or a state glitch
        }
        DoneTrip done = new DoneTrip();
        done.start = trip.start;
        done.end = trip.stoppedSince;
        done.km = trip.km;
        if (trip.startSoc != null && trip.stopSoc != null && capacity != null && trip.startSoc >= trip.stopSoc) {
            done.kwh = (trip.startSoc - trip.stopSoc) / 100 * capacity;
        }
        s.trips++;
        s.tripKm += done.km;
        if (done.kwh != null) {
            s.tripKwh += done.kwh;
        }
        s.lastTrip = done;
    }

    private void closePark(long end) {
        OpenPark park = s.park;
        s.park = null;
        if (park == null || park.idleHours < MIN_PARKED_HOURS) {
            return;
        }
        DonePark done = new DonePark();
        done.start = park.start;
        done.end = end;
        done.idleHours = park.idleHours;
        done.socLost = park.socLost;
        done.capacity = s.lastCapacity != null ? s.lastCapacity : s.capacityEstimate;
        s.lastPark = done;
    }

    private void endSessionIfOpen() {
        OpenSession session = s.session;
        s.session = null;
        if (session == null || session.energy < MIN_SESSION_KWH) {
            return;
        }
        DoneSession done = new DoneSession();
        done.start = session.start;
        done.end = Math.max(session.lastActive, session.start);
        done.kwh = session.energy;
        done.source = session.counter ? "counter" : session.power ? "power" : "soc";
        done.dc = session.dc;
        done.socFrom = session.socFrom;
        done.socTo = session.socTo;
        done.peakKw = session.peakKw > 0 ? session.peakKw : null;
        s.sessions++;
        if (session.dc) {
            s.dcKwh += session.energy;
        } else {
            s.acKwh += session.energy;
        }
        s.cost += session.cost;
        done.cost = session.cost;
        s.lastSession = done;
        if (!session.soc && !session.socFromUnseen && done.socFrom != null && done.socTo != null
                && done.socTo - done.socFrom >= CAPACITY_MIN_DELTA_SOC) {
            updateCapacity(done.kwh / ((done.socTo - done.socFrom) / 100));
        }
    }

    /** A running mean of the first samples, then an exponential one; a sample far off the estimate is dropped. */
    private void updateCapacity(double sample) {
        Double est = s.capacityEstimate;
        if (est != null && s.capacitySamples >= 3 && Math.abs(sample / est - 1) > 0.3) {
            return;
        }
        s.capacitySamples++;
        double weight = Math.max(0.2, 1.0 / s.capacitySamples);
        s.capacityEstimate = est == null ? sample : est + weight * (sample - est);
    }

    /** The readings to export, {@code currency} set when a tariff prices the sessions. */
    DerivedReadings readings(Optional<String> currency) {
        Optional<DerivedReadings.Trip> trip = Optional.ofNullable(s.lastTrip).map(d -> new DerivedReadings.Trip(
                Instant.ofEpochMilli(d.start), Instant.ofEpochMilli(d.end), d.km, opt(d.kwh)));
        Optional<DerivedReadings.Session> session = Optional.ofNullable(s.lastSession).map(d ->
                new DerivedReadings.Session(Instant.ofEpochMilli(d.start), Instant.ofEpochMilli(d.end), d.kwh,
                        d.source, d.dc ? ChargingType.DC : ChargingType.AC, opt(d.socFrom), opt(d.socTo),
                        opt(d.peakKw), currency.isPresent() ? opt(d.cost) : OptionalDouble.empty()));
        Optional<DerivedReadings.Parked> parked = Optional.ofNullable(s.lastPark).map(d -> new DerivedReadings.Parked(
                Instant.ofEpochMilli(d.start), Instant.ofEpochMilli(d.end), d.idleHours, d.socLost, opt(d.capacity)));
        return new DerivedReadings(Instant.ofEpochMilli(s.since), s.trips, s.tripKm, s.tripKwh, s.sessions, s.acKwh,
                s.dcKwh, s.cost, currency, trip, session, parked, opt(s.capacityEstimate),
                s.lastSoftwareVersion == null ? OptionalLong.empty() : OptionalLong.of(s.softwareUpdates));
    }

    private static OptionalDouble opt(Double d) {
        return d == null ? OptionalDouble.empty() : OptionalDouble.of(d);
    }
}
