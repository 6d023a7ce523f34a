package io.evobserver.source.bmw;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest reading of every key per VIN, merged from REST snapshots and stream messages.
 * Stream messages carry only the keys that changed, and the car may resend old values, so each key
 * keeps its own timestamp and an update older than what is held is ignored. A REST value of
 * {@code null} with no timestamp means "not reported" and never erases a known value. Thread-safe:
 * the MQTT thread writes while the poller reads.
 */
final class BmwReadingStore {

    private final Map<String, Map<String, BmwReading>> byVin = new HashMap<>();

    /** Merges readings for one VIN; returns how many keys changed. */
    synchronized int merge(String vin, Map<String, BmwReading> readings) {
        Map<String, BmwReading> held = byVin.computeIfAbsent(vin, v -> new LinkedHashMap<>());
        int changed = 0;
        for (Map.Entry<String, BmwReading> e : readings.entrySet()) {
            BmwReading incoming = e.getValue();
            BmwReading current = held.get(e.getKey());
            if (newer(incoming, current)) {
                held.put(e.getKey(), incoming);
                changed++;
            }
        }
        return changed;
    }

    private static boolean newer(BmwReading incoming, BmwReading current) {
        if (current == null) {
            return true;
        }
        if (incoming.timestamp() == null) {
            // no time: only replaces an equally timeless reading, and never with "nothing"
            return current.timestamp() == null && incoming.value() != null;
        }
        return current.timestamp() == null || !incoming.timestamp().isBefore(current.timestamp());
    }

    /** A copy of what is known about one VIN (empty when nothing). */
    synchronized Map<String, BmwReading> readings(String vin) {
        Map<String, BmwReading> held = byVin.get(vin);
        return held == null ? Map.of() : new LinkedHashMap<>(held);
    }

    synchronized boolean has(String vin) {
        Map<String, BmwReading> held = byVin.get(vin);
        return held != null && !held.isEmpty();
    }
}
