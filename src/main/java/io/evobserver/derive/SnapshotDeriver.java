package io.evobserver.derive;

import io.evobserver.core.DerivedReadings;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.SnapshotEnricher;
import io.evobserver.core.Vehicle;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The derive layer for one source: follows each of its vehicles from snapshot to snapshot
 * (trips, charging sessions, parked periods, capacity) and hands the snapshot on with those
 * readings attached. Its state is saved whenever a trip or a session starts or ends, and at
 * most every {@link #SAVE_EVERY} otherwise, so a restart resumes what was open: the totals only
 * grow when something completes, and the last saved values are the baseline for what follows.
 */
public final class SnapshotDeriver implements SnapshotEnricher, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SnapshotDeriver.class.getName());
    static final Duration SAVE_EVERY = Duration.ofSeconds(30);

    private final DerivedStateStore store;
    private final Tariff tariff;
    private final Clock clock;
    private final Map<String, TrackerState> states;
    private final Map<String, VehicleTracker> trackers = new HashMap<>();
    private Instant lastSave = Instant.MIN;
    private boolean dirty;
    private boolean saveFailing;

    /**
     * @param tariff prices the sessions; null for none
     * @param clock  the real clock, for how often to save (snapshot times drive the detection)
     */
    public SnapshotDeriver(DerivedStateStore store, Tariff tariff, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.tariff = tariff;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.states = store.load();
    }

    @Override
    public synchronized EVMetricData enrich(EVMetricData snapshot) {
        boolean event = false;
        Map<String, DerivedReadings> readings = new LinkedHashMap<>();
        Optional<String> currency = Optional.ofNullable(tariff).map(Tariff::currency);
        for (Vehicle v : snapshot.vehicles()) {
            String vin = v.id().vin();
            VehicleTracker tracker = trackers.computeIfAbsent(vin, k -> {
                TrackerState st = states.get(k);
                VehicleTracker tr = st != null ? new VehicleTracker(st) : VehicleTracker.fresh(snapshot.fetchedAt());
                states.put(k, tr.state());
                return tr;
            });
            event |= tracker.observe(Reading.of(v, snapshot.fetchedAt()), tariff);
            readings.put(vin, tracker.readings(currency));
        }
        dirty |= !snapshot.vehicles().isEmpty();
        Instant now = clock.instant();
        if (dirty && (event || !now.isBefore(lastSave.plus(SAVE_EVERY)))) {
            save(now);
        }
        return readings.isEmpty() ? snapshot : snapshot.withDerived(readings);
    }

    private void save(Instant now) {
        try {
            store.save(states);
            lastSave = now;
            dirty = false;
            if (saveFailing) {
                LOG.info("saving " + store.path() + " works again");
                saveFailing = false;
            }
        } catch (IOException | RuntimeException e) {
            if (!saveFailing) {
                LOG.warning("cannot save " + store.path() + " (" + e.getClass().getSimpleName() + ": "
                        + e.getMessage() + "); trips and sessions still count, a restart would lose what is open");
                saveFailing = true;
            }
        }
    }

    /** Saves what has not been saved yet. */
    @Override
    public synchronized void close() {
        if (dirty) {
            save(clock.instant());
        }
    }
}
