package io.evobserver.source.chargy;

import java.util.List;
import java.util.Map;

/**
 * What one parse of the KML document yielded, with the counts the fetcher logs and exposes.
 *
 * @param stations         the stations kept (by the caller's filter), one per id: the first Placemark wins
 * @param stationsRead     stations read, kept or not
 * @param placemarks       Placemark elements seen
 * @param connectors       connectors of the kept stations
 * @param skippedDevices   charging devices whose JSON could not be read (skipped, poll kept)
 * @param countMismatches  Placemarks whose {@code CPnum} disagrees with the connectors listed
 * @param badCoordinates   Placemarks whose coordinates were missing, unreadable or out of range
 * @param unknownStatuses  unrecognised status word -> number of connectors carrying it
 */
record ChargyFeed(List<ChargyStation> stations, int stationsRead, int placemarks, int connectors, int skippedDevices,
                  int countMismatches, int badCoordinates, Map<String, Integer> unknownStatuses) {
    ChargyFeed {
        stations = List.copyOf(stations);
        unknownStatuses = Map.copyOf(unknownStatuses);
    }

    int unknownStatusCount() {
        return unknownStatuses.values().stream().mapToInt(Integer::intValue).sum();
    }
}
