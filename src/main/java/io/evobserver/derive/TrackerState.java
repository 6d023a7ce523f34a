package io.evobserver.derive;

/**
 * Everything a {@link VehicleTracker} must remember across a restart, as plain fields for the
 * state file. Times are epoch milliseconds; absent values are null.
 */
final class TrackerState {
    long since;
    long trips;
    double tripKm;
    double tripKwh;
    long sessions;
    double acKwh;
    double dcKwh;
    double cost;
    Double capacityEstimate;
    int capacitySamples;
    long softwareUpdates;
    /** The last software version seen, kept so a restart neither counts it again nor misses a change. */
    String lastSoftwareVersion;

    /** Last known values (each kept from the last snapshot that had it). */
    Long lastAt;
    Double lastOdometer;
    Double lastSoc;
    Double lastCounter;
    Double lastPower;
    Double lastCapacity;
    boolean lastCharging;

    OpenTrip trip;
    OpenSession session;
    OpenPark park;

    DoneTrip lastTrip;
    DoneSession lastSession;
    DonePark lastPark;

    static final class OpenTrip {
        long start;
        double km;
        Double startSoc;
        Long stoppedSince;
        Double stopSoc;
    }

    static final class OpenSession {
        long start;
        long lastActive;
        double energy;
        double cost;
        Double socFrom;
        Double socTo;
        double peakKw;
        boolean dc;
        boolean counter;
        boolean power;
        boolean soc;
        /** Plugged in between two polls right after a drive: the SoC on arrival was never seen. */
        boolean socFromUnseen;
    }

    static final class OpenPark {
        long start;
        double idleHours;
        double socLost;
    }

    static final class DoneTrip {
        long start;
        long end;
        double km;
        Double kwh;
    }

    static final class DoneSession {
        long start;
        long end;
        double kwh;
        String source;
        boolean dc;
        Double socFrom;
        Double socTo;
        Double peakKw;
        Double cost;
    }

    static final class DonePark {
        long start;
        long end;
        double idleHours;
        double socLost;
        Double capacity;
    }
}
