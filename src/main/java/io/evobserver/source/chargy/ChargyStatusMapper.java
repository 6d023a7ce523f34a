package io.evobserver.source.chargy;

import io.evobserver.core.ConnectorState;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Chargy connector status words (OCPP 1.6 ChargePointStatus in upper snake case, plus Chargy's
 * {@code OFFLINE} and {@code FAULT}) to the vendor-neutral state set.
 *
 * <p>A word we do not know maps to {@link ConnectorState#UNKNOWN}: the feed is not versioned, and
 * one new word must never break a whole poll (the Python exporter this project learned from
 * crashes on {@code RESERVED}). Each distinct unknown word is logged once per process, not once
 * per connector, so a new status does not flood the log every five minutes.
 */
final class ChargyStatusMapper {

    private static final Logger LOG = Logger.getLogger(ChargyStatusMapper.class.getName());
    /** Remote input decides how many distinct words there are; remember only this many. */
    static final int MAX_REMEMBERED = 64;

    private static final Map<String, ConnectorState> KNOWN = Map.ofEntries(
            Map.entry("AVAILABLE", ConnectorState.AVAILABLE),
            Map.entry("CHARGING", ConnectorState.CHARGING),
            // A session is open but no energy flows (plugging in, paused by car or post, unplugging):
            // the connector is taken, yet not charging. chargy_exporter calls these "charging";
            // METRICS.md has an "occupied" state precisely for them.
            Map.entry("PREPARING", ConnectorState.OCCUPIED),
            Map.entry("SUSPENDED_EV", ConnectorState.OCCUPIED),
            Map.entry("SUSPENDED_EVSE", ConnectorState.OCCUPIED),
            Map.entry("FINISHING", ConnectorState.OCCUPIED),
            Map.entry("OCCUPIED", ConnectorState.OCCUPIED),
            Map.entry("RESERVED", ConnectorState.RESERVED),
            Map.entry("UNAVAILABLE", ConnectorState.OUT_OF_SERVICE),
            Map.entry("FAULT", ConnectorState.OUT_OF_SERVICE),
            Map.entry("FAULTED", ConnectorState.OUT_OF_SERVICE),
            // OFFLINE is a known word, but it means the back office lost the post: its sockets could
            // be free or busy, so "unknown" is the honest state. It is not counted as unrecognised.
            Map.entry("OFFLINE", ConnectorState.UNKNOWN));

    private final Set<String> logged = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile boolean overflowLogged;

    /** The state for a raw status word, case and surrounding blanks ignored; null means unknown. */
    static ConnectorState known(String raw) {
        if (raw == null) {
            return null;
        }
        return KNOWN.get(normalise(raw));
    }

    /**
     * Maps one status; an unrecognised word gives {@link ConnectorState#UNKNOWN} and is logged at
     * INFO the first time it is seen.
     */
    ConnectorState map(String raw) {
        ConnectorState s = known(raw);
        if (s != null) {
            return s;
        }
        noteUnknown(raw);
        return ConnectorState.UNKNOWN;
    }

    /** The key under which an unrecognised word is counted; printable and bounded in length. */
    static String unknownKey(String raw) {
        if (raw == null || raw.isBlank()) {
            return "(missing)";
        }
        String n = normalise(raw);
        StringBuilder sb = new StringBuilder(Math.min(n.length(), 40));
        for (int i = 0; i < n.length() && sb.length() < 40; i++) {
            char c = n.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    /** The distinct unrecognised words seen so far (up to {@link #MAX_REMEMBERED}). */
    Set<String> unknownSeen() {
        synchronized (logged) {
            return Set.copyOf(logged);
        }
    }

    private void noteUnknown(String raw) {
        String key = unknownKey(raw);
        if (logged.contains(key)) {
            return;
        }
        if (logged.size() >= MAX_REMEMBERED) {
            if (!overflowLogged) {
                overflowLogged = true;
                LOG.info("chargy: more than " + MAX_REMEMBERED
                        + " distinct unknown connector statuses; further ones are mapped to unknown silently");
            }
            return;
        }
        if (logged.add(key)) {
            LOG.info("chargy: unknown connector status '" + key + "' mapped to unknown (logged once per value)");
        }
    }

    private static String normalise(String raw) {
        return raw.strip().toUpperCase(Locale.ROOT);
    }
}
