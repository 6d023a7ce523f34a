package io.evobserver.source.chargy;

import io.evobserver.core.ChargeStation;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed station plus the CP numbers of its devices. The CP number ("CP2500") is what the
 * operator and the public use to name a post, so the station filter accepts it; it stays inside
 * this package because the model has no place for vendor device names.
 */
record ChargyStation(ChargeStation station, List<String> deviceNames) {
    ChargyStation {
        Objects.requireNonNull(station, "station");
        deviceNames = List.copyOf(deviceNames);
    }

    /**
     * Whether one {@code --chargy-station} value selects this station: equal to its id or to a
     * device's CP number, or contained in its name, all ignoring case. Containment for names
     * because the full names ("Esch-sur-Alzette - Parking souterrain Brill - Place de la
     * Résistance") are impractical to type; ids and CP numbers are exact to avoid "CP1" matching
     * a hundred posts.
     */
    boolean matches(String filter) {
        String f = filter.strip().toLowerCase(Locale.ROOT);
        if (f.isEmpty()) {
            return false;
        }
        if (station.id().toLowerCase(Locale.ROOT).equals(f)) {
            return true;
        }
        for (String d : deviceNames) {
            if (d.strip().toLowerCase(Locale.ROOT).equals(f)) {
                return true;
            }
        }
        return ChargyKmlParser.normaliseName(station.name()).toLowerCase(Locale.ROOT)
                .contains(ChargyKmlParser.normaliseName(f));
    }
}
