package io.evobserver.source.chargy;

import io.evobserver.core.ConnectorState;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * Writes a deterministic, full-size Chargy feed in the live shape (one line, default KML
 * namespace, JSON devices in ExtendedData) together with what a correct parse must find. Used
 * by the tests and by the JMH benchmark, so the big document never has to be committed.
 */
public final class ChargyFeedGenerator {

    /** The live feed's size in 2024-2026: ~525 locations, ~1,800 connectors, ~0.7 MB. */
    public static final int LIVE_SIZE_STATIONS = 526;

    /** Status words in the proportions a busy afternoon might show, and the state each must give. */
    private static final String[] WORDS = {"AVAILABLE", "AVAILABLE", "AVAILABLE", "AVAILABLE", "AVAILABLE",
        "CHARGING", "CHARGING", "CHARGING", "PREPARING", "SUSPENDED_EV", "SUSPENDED_EVSE", "FINISHING",
        "UNAVAILABLE", "FAULT", "OFFLINE", "RESERVED"};
    private static final ConnectorState[] STATES = {ConnectorState.AVAILABLE, ConnectorState.AVAILABLE,
        ConnectorState.AVAILABLE, ConnectorState.AVAILABLE, ConnectorState.AVAILABLE, ConnectorState.CHARGING,
        ConnectorState.CHARGING, ConnectorState.CHARGING, ConnectorState.OCCUPIED, ConnectorState.OCCUPIED,
        ConnectorState.OCCUPIED, ConnectorState.OCCUPIED, ConnectorState.OUT_OF_SERVICE,
        ConnectorState.OUT_OF_SERVICE, ConnectorState.UNKNOWN, ConnectorState.RESERVED};
    private static final String[] TOWNS = {"Luxembourg", "Esch-sur-Alzette", "Differdange", "Dudelange",
        "Ettelbruck", "Diekirch", "Wiltz", "Echternach", "Remich", "Grevenmacher", "Mersch", "Clervaux",
        "Vianden", "Redange", "Capellen", "Mamer", "Strassen", "Bertrange", "Hesperange", "Sanem"};
    private static final String[] SITES = {"Parking de la Gare", "Place de l'Église", "P+R", "Rue Principale",
        "Centre Culturel", "Piscine", "Hall Sportif", "Cimetière", "Mairie", "Parking Am Duerf"};

    /**
     * @param kml          the document, UTF-8
     * @param stations     Placemarks written (all with distinct device ids)
     * @param connectors   connectors written
     * @param states       expected count per mapped state
     * @param firstStation id (lowest device id) and name of the first Placemark, for spot checks
     */
    public record Generated(byte[] kml, int stations, int connectors, Map<ConnectorState, Integer> states,
                            String firstStationId, String firstStationName) {
    }

    private ChargyFeedGenerator() {
    }

    public static Generated generate(int stations, long seed) {
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder(stations * 1500);
        Map<ConnectorState, Integer> states = new EnumMap<>(ConnectorState.class);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>")
                .append("<kml xmlns=\"http://www.opengis.net/kml/2.2\" xmlns:gx=\"http://www.google.com/kml/ext/2.2\"")
                .append(" xmlns:xal=\"urn:oasis:names:tc:ciq:xsdschema:xAL:2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">")
                .append("<Document><name>Stations</name>")
                .append("<Style id=\"AVAILABLE\"><IconStyle><scale>1.0</scale><heading>0.0</heading><Icon><href>")
                .append("http://maps.google.com/mapfiles/kml/paddle/grn-circle.png</href></Icon></IconStyle></Style>")
                .append("<Style id=\"UNAVAILABLE\"><IconStyle><scale>1.0</scale><heading>0.0</heading><Icon><href>")
                .append("http://maps.google.com/mapfiles/kml/paddle/red-circle.png</href></Icon></IconStyle></Style>");
        int deviceId = 10_000;
        int connectorId = 500_000;
        int cp = 1;
        int connectors = 0;
        String firstId = null;
        String firstName = null;
        for (int s = 0; s < stations; s++) {
            boolean fast = rnd.nextInt(30) == 0;
            // Most sites have one or two posts; about one in 25 is a P+R with many (live mix: ~3.4 connectors a site).
            int devices = fast ? 1 + rnd.nextInt(3) : (rnd.nextInt(25) == 0 ? 4 + rnd.nextInt(10) : 1 + rnd.nextInt(2));
            String name = (fast ? "SuperChargy - " : "") + TOWNS[rnd.nextInt(TOWNS.length)] + " - "
                    + SITES[rnd.nextInt(SITES.length)] + " " + (s + 1);
            StringBuilder data = new StringBuilder();
            int here = 0;
            int available = 0;
            int lowest = Integer.MAX_VALUE;
            for (int d = 0; d < devices; d++) {
                int id = deviceId++;
                lowest = Math.min(lowest, id);
                String dev = String.format("CP%04d", cp++);
                int n = fast ? 1 + rnd.nextInt(3) : 2;
                double kw = fast ? new double[] {160.0, 200.0, 350.0, 400.0}[rnd.nextInt(4)]
                        : (rnd.nextInt(10) == 0 ? 22.08 : 22.0);
                data.append("<Data name=\"chargingdevice\"><displayName>Charging device</displayName><value>")
                        .append("{\"id\":").append(id).append(",\"name\":\"").append(dev)
                        .append("\",\"numberOfConnectors\":").append(n).append(",\"connectors\":[");
                for (int c = 1; c <= n; c++) {
                    int w = rnd.nextInt(WORDS.length);
                    states.merge(STATES[w], 1, Integer::sum);
                    if (STATES[w] == ConnectorState.AVAILABLE) {
                        available++;
                    }
                    if (c > 1) {
                        data.append(',');
                    }
                    data.append("{\"id\":").append(connectorId++).append(",\"name\":\"").append(dev)
                            .append(" - ").append(c).append("\",\"maxchspeed\":").append(kw)
                            .append(",\"connector\":").append(c).append(",\"description\":\"")
                            .append(WORDS[w]).append("\"}");
                }
                data.append("]}</value></Data>");
                here += n;
            }
            connectors += here;
            if (firstId == null) {
                firstId = Integer.toString(lowest);
                firstName = name;
            }
            double lat = 49.45 + rnd.nextInt(70_000) / 100_000.0;
            double lon = 5.75 + rnd.nextInt(80_000) / 100_000.0;
            sb.append("<Placemark><name>").append(name.replace("'", "&apos;")).append("</name>")
                    .append("<visibility>1</visibility><address>Rue Principale ").append(s + 1).append(", L-")
                    .append(1000 + rnd.nextInt(9000)).append(" Luxembourg Luxembourg</address>")
                    .append("<description>&lt;span&gt;&lt;b&gt;").append(here)
                    .append("&lt;/b&gt; connectors with 22kW and Type 2 connector&lt;span&gt;&lt;br/&gt;</description>")
                    .append("<styleUrl>").append(available > 0 ? "#AVAILABLE" : "#UNAVAILABLE").append("</styleUrl>")
                    .append("<ExtendedData><Data name=\"CPnum\"><displayName>Number of chargingpoints</displayName><value>")
                    .append(here).append("</value></Data>").append(data).append("</ExtendedData>")
                    .append("<Point><altitudeMode>clampToGround</altitudeMode><coordinates>")
                    .append(String.format(java.util.Locale.ROOT, "%.6f,%.6f", lon, lat))
                    .append("</coordinates></Point></Placemark>");
        }
        sb.append("</Document></kml>");
        return new Generated(sb.toString().getBytes(StandardCharsets.UTF_8), stations, connectors, states, firstId,
                firstName);
    }
}
