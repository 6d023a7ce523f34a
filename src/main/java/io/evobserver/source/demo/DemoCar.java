package io.evobserver.source.demo;

import io.evobserver.core.ChargingState;
import io.evobserver.core.Door;
import io.evobserver.core.Severity;
import io.evobserver.core.Signal;
import io.evobserver.core.Tire;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleId;
import io.evobserver.core.VehicleState;
import io.evobserver.core.Window;

import java.time.Instant;

/**
 * One simulated car living a commuter's day: asleep at night, preconditioned, driven to
 * work, parked (fast-charged when low), driven home, plugged in, and charged on a night
 * tariff. Advanced in fixed simulated steps, so its state at a given simulated time
 * depends only on the seed, never on when or how often it was refreshed.
 */
final class DemoCar {

    static final int STEP_SECONDS = 10;
    private static final int DAY = 24 * 3600;
    private static final double KWH_PER_KM = 0.165;
    private static final double PHEV_L_PER_KM = 0.06;
    private static final String[] NAMES = {"Blue Lightning", "Night Owl", "Silver Arrow", "Green Bean",
        "Red Rocket", "Little Volt", "Morning Star", "Old Faithful"};

    private enum Phase { NIGHT, MORNING, TO_WORK, AT_WORK, TO_HOME, EVENING }

    private final VehicleId id;
    private final long seed;
    private final int index;
    private final int offsetSeconds;
    private final boolean hybrid;
    private final boolean sentryAtWork;
    private final boolean leavesWindowOpen;
    private final boolean slowLeak;
    private final boolean noHomeCharger;
    private final double capacityKwh;
    private final double tankLitres;

    // integrated state; step -1 means not simulated yet, so the first refresh runs step 0
    private long step = -1;
    private double soc;
    private double fuelLitres;
    private double odometerKm;
    private double insideC;
    private double energyAddedKwh;
    private boolean plugged = true;
    private boolean fastCharging;
    private double routeKm;
    private ChargingState chargingState = ChargingState.SCHEDULED;
    private Instant lastReport;
    private VehicleState lastState;

    // values of the last step, reported as they are
    private double speed;
    private double drivePower;
    private double chargePower;
    private double outsideC;
    private double[] position = DemoRoute.home();
    private double heading;
    private boolean climate;
    private boolean locked = true;
    private Door openDoor;
    private Window openWindow;
    private VehicleState state = VehicleState.ASLEEP;

    DemoCar(long seed, int index) {
        this.seed = seed;
        this.index = index;
        long h = mix(seed, index, 0);
        this.hybrid = index % 4 == 3;
        this.sentryAtWork = index % 2 == 1;
        this.leavesWindowOpen = index % 3 == 2;
        this.slowLeak = index % 5 == 4;
        this.noHomeCharger = index % 5 == 1 && !hybrid; // lives in a flat: charges at the office
        this.capacityKwh = hybrid ? 14 : new double[] {60, 75, 82}[(int) Math.floorMod(h, 3)];
        this.tankLitres = hybrid ? 45 : 0;
        // spread the fleet over the day; vehicle 0 starts just before its morning commute
        this.offsetSeconds = index == 0 ? 0 : (int) Math.floorMod(mix(seed, index, 1), DAY);
        String vin = String.format("DEMEV%012d", Math.floorMod(mix(seed, index, 2), 1_000_000_000_000L));
        String name = NAMES[index % NAMES.length] + (index >= NAMES.length ? " " + (index / NAMES.length + 1) : "");
        this.id = new VehicleId(vin, "demo", java.util.Optional.of(hybrid ? "Demo PHEV" : "Demo EV " + (int) capacityKwh),
                java.util.Optional.of(name));
        this.soc = (noHomeCharger ? 35 : 55) + Math.floorMod(mix(seed, index, 3), noHomeCharger ? 20 : 35);
        this.plugged = !noHomeCharger;
        this.fuelLitres = hybrid ? 30 : 0;
        this.odometerKm = 5_000 + Math.floorMod(mix(seed, index, 4), 75_000);
        this.insideC = 12;
        this.outsideC = 8;
    }

    VehicleId id() {
        return id;
    }

    /** Advances the simulation to {@code targetStep} (simulated steps since the epoch of the run). */
    void advanceTo(long targetStep, Instant realNow) {
        while (step < targetStep) {
            step++;
            tick();
        }
        if (state != VehicleState.ASLEEP || lastReport == null || lastState != VehicleState.ASLEEP) {
            lastReport = realNow; // a sleeping car reports nothing new, so its data ages
        }
        lastState = state;
    }

    private void tick() {
        long simSecond = step * STEP_SECONDS + 7 * 3600 + 20 * 60 + offsetSeconds; // day starts 07:20
        int t = (int) (simSecond % DAY);
        double dt = STEP_SECONDS / 3600.0; // hours
        outsideC = 9 + 6 * Math.sin(2 * Math.PI * (t - 9 * 3600) / DAY) + noise(1) * 0.3;
        speed = 0;
        drivePower = 0;
        chargePower = 0;
        openDoor = null;
        openWindow = null;
        climate = false;
        Phase phase = phase(t);
        switch (phase) {
            case NIGHT -> night(t, dt);
            case MORNING -> morning(t);
            case TO_WORK -> drive(t, 7 * 3600 + 27 * 60, true, dt);
            case AT_WORK -> atWork(t, dt);
            case TO_HOME -> drive(t, 17 * 3600 + 7 * 60, false, dt);
            case EVENING -> evening(t, dt);
        }
        if (state != VehicleState.DRIVING && state != VehicleState.CHARGING) {
            soc = Math.max(0, soc - idleDrainPercentPerDay() * dt / 24);
        }
        double target = climate ? 21 : outsideC + (state == VehicleState.ASLEEP ? 0 : 2);
        insideC += (target - insideC) * Math.min(1, dt * (climate ? 6 : 0.8));
        if (hybrid && fuelLitres < 10 && state == VehicleState.PARKED) {
            fuelLitres = tankLitres; // filled up at the station next door
        }
    }

    private static Phase phase(int t) {
        int m = t / 60;
        if (m < 6 * 60 + 40) {
            return Phase.NIGHT;
        } else if (m < 7 * 60 + 27) {
            return Phase.MORNING;
        } else if (m < 7 * 60 + 57) {
            return Phase.TO_WORK;
        } else if (m < 17 * 60 + 7) {
            return Phase.AT_WORK;
        } else if (m < 17 * 60 + 37) {
            return Phase.TO_HOME;
        }
        return Phase.EVENING;
    }

    private void night(int t, double dt) {
        position = DemoRoute.home();
        locked = true;
        if (plugged) {
            charge(11, false, dt);
        }
        if (chargingState != ChargingState.CHARGING) {
            state = VehicleState.ASLEEP;
        }
    }

    private void morning(int t) {
        position = DemoRoute.home();
        state = VehicleState.PARKED;
        chargingState = plugged ? (soc >= limit() - 0.5 ? ChargingState.COMPLETE : ChargingState.STOPPED)
                : ChargingState.DISCONNECTED;
        climate = t >= 7 * 3600 + 5 * 60;
        if (t >= 7 * 3600 + 24 * 60) {
            plugged = false; // unplug and get in
            chargingState = ChargingState.DISCONNECTED;
            locked = false;
            openDoor = Door.FRONT_LEFT;
        }
    }

    private void drive(int t, int start, boolean towardsWork, double dt) {
        int duration = 30 * 60;
        double f = Math.min(1, Math.max(0, (t - start) / (double) duration));
        double length = DemoRoute.lengthKm();
        double newKm = length * f * f * (3 - 2 * f); // smooth start and stop
        // a car that starts mid-commute has not driven the part before its first step
        double km = routeKm == 0 && f > 0.01 ? 0 : Math.max(0, newKm - routeKm);
        routeKm = f >= 1 ? 0 : newKm;
        state = VehicleState.DRIVING;
        locked = true;
        climate = true;
        plugged = false;
        fastCharging = false;
        chargingState = ChargingState.DISCONNECTED;
        speed = Math.max(0, km / dt + noise(2) * 3);
        if (f < 0.02 || f > 0.98) {
            speed = Math.min(speed, 20);
        }
        double[] p = DemoRoute.positionAt(length * f * f * (3 - 2 * f), towardsWork);
        position = new double[] {p[0], p[1]};
        heading = p[2];
        drivePower = f > 0.85 ? -8 - 10 * noise(3) : 3 + 0.0028 * speed * speed + noise(4) * 2;
        odometerKm += km;
        // a plug-in hybrid runs on fuel on the motorway stretch, and whenever the battery is low
        if (hybrid && (soc <= 12 || (f > 0.3 && f < 0.6))) {
            fuelLitres = Math.max(0, fuelLitres - km * PHEV_L_PER_KM);
        } else {
            soc = Math.max(0, soc - km * KWH_PER_KM * 100 / capacityKwh);
        }
    }

    private void atWork(int t, double dt) {
        position = DemoRoute.work();
        routeKm = 0;
        int m = t / 60;
        if (m < 8 * 60) {
            openDoor = Door.FRONT_LEFT;
            locked = false;
            state = VehicleState.PARKED;
            // low after the commute: DC top-up at the office
            fastCharging = !hybrid && soc < (noHomeCharger ? 60 : 45);
            plugged = fastCharging;
            return;
        }
        locked = true;
        if (fastCharging) {
            charge(150, true, dt);
            if (chargingState == ChargingState.COMPLETE) {
                fastCharging = false;
                plugged = false;
                chargingState = ChargingState.DISCONNECTED;
            }
            return;
        }
        chargingState = ChargingState.DISCONNECTED;
        state = sentryAtWork || m < 8 * 60 + 20 || m >= 16 * 60 + 50 ? VehicleState.PARKED : VehicleState.ASLEEP;
        if (m >= 17 * 60 + 5) {
            openDoor = Door.FRONT_LEFT;
            locked = false;
        }
    }

    private void evening(int t, double dt) {
        position = DemoRoute.home();
        routeKm = 0;
        int m = t / 60;
        if (m < 17 * 60 + 40) {
            openDoor = m < 17 * 60 + 39 ? Door.FRONT_LEFT : Door.TRUNK;
            locked = false;
            state = VehicleState.PARKED;
            return;
        }
        locked = true;
        if (leavesWindowOpen && m < 20 * 60) {
            openWindow = Window.REAR_LEFT;
        }
        // like most owners, plugs in when the battery is getting low rather than every night
        if (m >= 19 * 60 && !plugged && !noHomeCharger && (hybrid || soc < 60)) {
            plugged = true;
            energyAddedKwh = 0;
            chargingState = ChargingState.SCHEDULED;
        }
        if (m >= 22 * 60 && plugged) {
            charge(11, false, dt);
            if (chargingState == ChargingState.CHARGING) {
                return;
            }
        }
        state = m < 18 * 60 ? VehicleState.PARKED : VehicleState.ASLEEP;
    }

    private void charge(double maxKw, boolean dc, double dt) {
        if (!plugged) {
            chargingState = ChargingState.DISCONNECTED;
            return;
        }
        double limit = limit();
        // like a real car, a finished charge resumes only once drain took it a few points below the limit
        if (soc >= limit || (chargingState == ChargingState.COMPLETE && soc > limit - 3)) {
            chargingState = ChargingState.COMPLETE;
            return;
        }
        // taper above 60 % on DC, above 90 % on AC
        double taper = dc ? Math.max(0.25, 1 - Math.max(0, soc - 60) / 40) : (soc > 90 ? 0.5 : 1);
        double kw = (hybrid ? Math.min(maxKw, 3.7) : maxKw) * taper * (0.97 + 0.03 * noise(5));
        double kwh = Math.min(kw * dt, (limit - soc) / 100 * capacityKwh); // the last step stops at the limit
        soc = Math.min(limit, soc + kwh * 100 / capacityKwh);
        energyAddedKwh += kwh;
        chargePower = kw;
        fastCharging = dc;
        chargingState = ChargingState.CHARGING;
        state = VehicleState.CHARGING;
    }

    /** Vampire drain: a sleeping car loses little, an awake one more, sentry mode most. */
    private double idleDrainPercentPerDay() {
        if (state == VehicleState.ASLEEP) {
            return 0.4;
        }
        boolean sentry = sentryAtWork && locked && DemoRoute.distanceKm(position, DemoRoute.work()) < 0.05;
        return sentry ? 6 : climate ? 12 : 1.5;
    }

    /** The true usable capacity, against which the derived capacity estimate is checked. */
    double capacityKwh() {
        return capacityKwh;
    }

    private double limit() {
        return hybrid ? 100 : 80;
    }

    /** The car as a vendor would report it now, built section by section. */
    Vehicle snapshot() {
        long simSecond = Math.max(0, step) * STEP_SECONDS + 7 * 3600 + 20 * 60 + offsetSeconds;
        long day = simSecond / DAY;
        Vehicle.Builder b = Vehicle.builder(id)
                .state(state)
                .chargingState(chargingState)
                .reportedAt(lastReport)
                .softwareVersion(softwareVersion());
        battery(b);
        charging(b);
        motion(b);
        body(b);
        service(b, day);
        if (hybrid) {
            fuel(b);
        }
        tiresAndWarnings(b, day);
        return b.build();
    }

    /**
     * The software the car runs: a release from the seed, then a newer one every few simulated
     * days at this car's own time of day. The first update comes 2 to 24 simulated hours into the
     * run, so a short run at a high time scale sees every car update once.
     */
    String softwareVersion() {
        long elapsed = Math.max(0, step) * STEP_SECONDS;
        long first = 2 * 3600 + Math.floorMod(mix(seed, index, 5), 22 * 3600);
        long every = (3 + Math.floorMod(mix(seed, index, 6), 3)) * (long) DAY;
        long updates = elapsed < first ? 0 : 1 + (elapsed - first) / every;
        long minor = 10 + Math.floorMod(mix(seed, index, 7), 20) + updates;
        return String.format(java.util.Locale.ROOT, "4.%d.%d", minor, Math.floorMod(mix(seed, index, 8 + updates), 5));
    }

    private void battery(Vehicle.Builder b) {
        b.set(Signal.BATTERY_LEVEL, round(soc, 1))
                .set(Signal.BATTERY_USABLE_LEVEL, round(Math.max(0, soc - (outsideC < 5 ? 3 : 1)), 1))
                .set(Signal.BATTERY_CAPACITY, capacityKwh)
                .set(Signal.RANGE_ELECTRIC, round(soc / 100 * capacityKwh / KWH_PER_KM, 1))
                .set(Signal.ODOMETER, round(odometerKm, 1));
    }

    private void charging(Vehicle.Builder b) {
        double voltage = fastCharging ? 400 + soc : 230;
        b.flag(Signal.CHARGING_CONNECTED, plugged)
                .set(Signal.CHARGING_POWER, round(chargePower, 2))
                .set(Signal.CHARGING_VOLTAGE, chargePower == 0 ? 0 : voltage)
                .set(Signal.CHARGING_CURRENT, round(chargePower == 0 ? 0
                        : chargePower * 1000 / (fastCharging ? voltage : 230 * 3), 1))
                .set(Signal.CHARGING_LIMIT, limit())
                .set(Signal.CHARGING_ENERGY_ADDED, round(energyAddedKwh, 2))
                .flag(Signal.CHARGING_FAST_CHARGER, fastCharging && chargePower > 0);
        if (chargePower > 0) {
            b.set(Signal.CHARGING_TIME_REMAINING,
                    Math.round((limit() - soc) / 100 * capacityKwh / chargePower * 3600));
        }
    }

    private void motion(Vehicle.Builder b) {
        b.set(Signal.LATITUDE, round(position[0], 6))
                .set(Signal.LONGITUDE, round(position[1], 6))
                .set(Signal.HEADING, Math.round(heading))
                .set(Signal.SPEED, round(speed, 1))
                .set(Signal.POWER, round(drivePower, 1));
    }

    private void body(Vehicle.Builder b) {
        b.set(Signal.INSIDE_TEMPERATURE, round(insideC, 1))
                .set(Signal.OUTSIDE_TEMPERATURE, round(outsideC, 1))
                .flag(Signal.CLIMATE_ACTIVE, climate)
                .flag(Signal.LOCKED, locked)
                .flag(Signal.SENTRY_MODE, sentryAtWork && locked && state != VehicleState.DRIVING
                        && DemoRoute.distanceKm(position, DemoRoute.work()) < 0.05);
        for (Door d : Door.values()) {
            b.door(d, d == openDoor);
        }
        for (Window w : Window.values()) {
            b.window(w, w == openWindow);
        }
    }

    private void service(Vehicle.Builder b, long day) {
        b.set(Signal.SERVICE_DISTANCE_REMAINING, round(30_000 - odometerKm % 30_000, 0))
                .set(Signal.SERVICE_TIME_REMAINING, (365 - day % 365) * (double) DAY);
    }

    private void fuel(Vehicle.Builder b) {
        double fuelRange = fuelLitres / PHEV_L_PER_KM;
        b.set(Signal.FUEL_LEVEL, round(fuelLitres * 100 / tankLitres, 1))
                .set(Signal.FUEL_REMAINING, round(fuelLitres, 1))
                .set(Signal.RANGE_FUEL, round(fuelRange, 1))
                .set(Signal.RANGE_TOTAL, round(fuelRange + soc / 100 * capacityKwh / KWH_PER_KM, 1));
    }

    private void tiresAndWarnings(Vehicle.Builder b, long day) {
        double warm = state == VehicleState.DRIVING ? 12 : 0;
        int lowTires = 0;
        for (Tire tire : Tire.values()) {
            double target = tire == Tire.FRONT_LEFT || tire == Tire.FRONT_RIGHT ? 290 : 300;
            // a nail in the rear right tire: loses pressure for weeks, then gets repaired
            double leak = slowLeak && tire == Tire.REAR_RIGHT ? Math.min(110, 4 * (day % 30)) : 0;
            double p = target - 4 + warm - leak + noise(10 + tire.ordinal());
            if (p < 0.8 * target) {
                lowTires++;
            }
            b.tirePressure(tire, round(p, 1)).tirePressureTarget(tire, target);
        }
        b.warnings(Severity.LOW, 30_000 - odometerKm % 30_000 < 1_000 ? 1 : 0)
                .warnings(Severity.MEDIUM, lowTires)
                .warnings(Severity.HIGH, hybrid ? 0 : soc < 5 ? 1 : 0);
    }

    /** Deterministic noise in [-1, 1] for this car, step and channel. */
    private double noise(int channel) {
        return (Math.floorMod(mix(seed, id.vin().hashCode() + channel, step), 2001) - 1000) / 1000.0;
    }

    static long mix(long seed, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
