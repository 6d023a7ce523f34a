package io.evobserver.source.chargy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.evobserver.core.ChargeStation;
import io.evobserver.core.Connector;
import io.evobserver.core.ConnectorState;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams the Chargy KML document into stations and connectors.
 *
 * <p>StAX rather than DOM: the document is read once, front to back, straight off the network
 * stream, and only one Placemark is held at a time. The reader is hardened against XML attacks:
 * DTDs are not supported and external entities are off, and on top of that any DOCTYPE is
 * refused outright, because the feed never has one and a document that carries one is not the
 * feed (billion laughs, XXE).
 *
 * <p>The live status sits in a JSON object inside {@code ExtendedData/Data[@name=chargingdevice]/value};
 * it is read with Jackson after the XML reader has un-escaped it. One unreadable device is
 * skipped, not fatal, as the feed's other consumers do.
 *
 * <p>Only the stations the caller keeps (its {@code --chargy-station} filter) are retained, decided
 * as each Placemark ends, so the heap holds what is exported, not what is read; the station and
 * connector limits apply to what is kept. What is read is bounded by the fetcher's body cap.
 *
 * <p>Station id: the Placemark has none, so the lowest device id of the location is used (it
 * survives renames, unlike the name); a Placemark without device ids falls back to its name.
 */
final class ChargyKmlParser {

    private static final Logger LOG = Logger.getLogger(ChargyKmlParser.class.getName());
    static final String KML_NS = "http://www.opengis.net/kml/2.2";
    static final String NETWORK = "chargy";

    /**
     * Limits far above the live network (~530 stations, ~1,800 connectors) that keep a hostile feed's
     * heap bounded: on stations and connectors kept, and on one Placemark's connectors.
     */
    static final int MAX_STATIONS = 20_000;
    static final int MAX_CONNECTORS = 100_000;

    private final XMLInputFactory factory;
    private final ObjectReader json;
    private final ChargyStatusMapper statuses;

    ChargyKmlParser(ChargyStatusMapper statuses) {
        this.statuses = statuses;
        this.factory = hardenedFactory();
        this.json = new ObjectMapper().reader();
    }

    /** The JDK's own StAX implementation (not whatever is on the class path), locked down. */
    static XMLInputFactory hardenedFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    /** Parses a whole document, keeping every station; the caller owns (and closes) the stream. */
    ChargyFeed parse(InputStream in) throws ChargyParseException {
        return parse(in, s -> true);
    }

    /** Parses a whole document, retaining only the stations {@code keep} accepts. */
    ChargyFeed parse(InputStream in, Predicate<ChargyStation> keep) throws ChargyParseException {
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(strictUtf8(in));
            return read(r, keep);
        } catch (XMLStreamException e) {
            throw new ChargyParseException(oneLine(e), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing left to release; the stream is closed by the caller
                }
            }
        }
    }

    /**
     * KML is UTF-8. Decoding it ourselves, strictly, makes a malformed byte an ordinary
     * {@link java.nio.charset.CharacterCodingException} (classed {@code parse}); left to the JDK's
     * parser it also prints a stray {@code [Fatal Error] :-1:-1:} line on stderr.
     */
    private static java.io.Reader strictUtf8(InputStream in) throws XMLStreamException {
        java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)));
        try {
            reader.mark(1);
            if (reader.read() != '\uFEFF') { // a byte-order mark is allowed, and not XML
                reader.reset();
            }
        } catch (java.io.IOException e) {
            throw new XMLStreamException(e.getMessage(), e);
        }
        return reader;
    }

    private ChargyFeed read(XMLStreamReader r, Predicate<ChargyStation> keep)
            throws XMLStreamException, ChargyParseException {
        Walk walk = new Walk(r, keep);
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.DTD) {
                throw new ChargyParseException("document has a DOCTYPE (the feed never has one); refused at "
                        + position(r.getLocation()), null);
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                walk.end();
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                walk.start();
            }
        }
        if (!walk.rootSeen) {
            throw new ChargyParseException("document has no root element", null);
        }
        return walk.feed();
    }

    /** One pass through a document: the element depth, the open Placemark and Data, what was found. */
    private final class Walk {
        private final XMLStreamReader r;
        private final Predicate<ChargyStation> keep;
        private final Totals totals = new Totals();
        private final List<ChargyStation> stations = new ArrayList<>();
        /** Ids of the kept stations: a second Placemark with one of them is dropped (the first wins). */
        private final Set<String> ids = new HashSet<>();
        private boolean rootSeen;
        private int depth;
        private int placemarkDepth = -1;
        private PlacemarkBuilder pm;
        private String dataName;
        private int dataDepth = -1;

        Walk(XMLStreamReader r, Predicate<ChargyStation> keep) {
            this.r = r;
            this.keep = keep;
        }

        void end() throws ChargyParseException {
            if (pm != null && depth == placemarkDepth) {
                ChargyStation station = pm.finish(ids, totals);
                if (station != null && keep.test(station)) {
                    if (stations.size() >= MAX_STATIONS
                            || totals.connectors + station.station().connectors().size() > MAX_CONNECTORS) {
                        // refused while streaming, so the heap holds at most the limit's worth
                        throw tooMany();
                    }
                    ids.add(station.station().id());
                    totals.connectors += station.station().connectors().size();
                    stations.add(station);
                }
                pm = null;
                placemarkDepth = -1;
            }
            if (depth == dataDepth) {
                dataName = null;
                dataDepth = -1;
            }
            depth--;
        }

        void start() throws XMLStreamException, ChargyParseException {
            depth++;
            String local = r.getLocalName();
            if (!rootSeen) {
                rootSeen = true;
                if (!"kml".equals(local)) {
                    throw new ChargyParseException("root element is <" + local + ">, not <kml> at "
                            + position(r.getLocation()), null);
                }
                return;
            }
            if (!isKml(r.getNamespaceURI())) {
                return; // gx:, atom:, xal: extensions carry nothing we use
            }
            if (pm == null) {
                if ("Placemark".equals(local)) {
                    pm = new PlacemarkBuilder();
                    placemarkDepth = depth;
                    totals.placemarks++;
                }
                return;
            }
            inPlacemark(local);
        }

        /** An element inside a Placemark; reading its text consumes its end, hence {@code depth--}. */
        private void inPlacemark(String local) throws XMLStreamException, ChargyParseException {
            switch (local) {
                case "name" -> {
                    if (depth == placemarkDepth + 1) {
                        pm.name = r.getElementText();
                        depth--;
                    }
                }
                case "coordinates" -> {
                    pm.coordinates = r.getElementText();
                    depth--;
                }
                case "Data" -> {
                    dataName = r.getAttributeValue(null, "name");
                    dataDepth = depth;
                }
                case "value" -> {
                    if (dataName != null && depth == dataDepth + 1) {
                        String text = r.getElementText();
                        depth--;
                        if ("chargingdevice".equals(dataName)) {
                            readDevice(text, pm, totals);
                            if (pm.connectors.size() > MAX_CONNECTORS) {
                                throw tooMany(); // one Placemark alone, kept or not
                            }
                        } else if ("CPnum".equals(dataName)) {
                            pm.declaredConnectors = parseIntOrNull(text);
                        }
                    }
                }
                default -> {
                    // address, description, styleUrl, visibility, Point, altitudeMode: not used
                }
            }
        }

        ChargyFeed feed() {
            return new ChargyFeed(stations, totals.stationsRead, totals.placemarks, totals.connectors, totals.skippedDevices,
                    totals.countMismatches, totals.badCoordinates, totals.unknown);
        }
    }

    private static ChargyParseException tooMany() {
        return new ChargyParseException("feed lists more than " + MAX_STATIONS + " stations or " + MAX_CONNECTORS
                + " connectors to keep (the Chargy network has about 530 and 1,800); refused", null);
    }

    private static boolean isKml(String ns) {
        // Older captures and hand-written files may omit the namespace; accept both.
        return ns == null || ns.isEmpty() || KML_NS.equals(ns);
    }

    private void readDevice(String text, PlacemarkBuilder pm, Totals totals) {
        JsonNode device;
        try {
            device = json.readTree(text);
        } catch (JsonProcessingException e) {
            totals.skippedDevices++;
            LOG.fine(() -> "chargy: skipped a charging device with unreadable JSON: "
                    + e.getOriginalMessage());
            return;
        }
        if (device == null || !device.isObject()) {
            totals.skippedDevices++;
            return;
        }
        JsonNode id = device.get("id");
        if (id != null && id.canConvertToLong() && (id.isIntegralNumber() || id.isTextual())) {
            long v = id.isTextual() ? parseLongOrMin(id.asText()) : id.asLong();
            if (v != Long.MIN_VALUE && (pm.lowestDeviceId == null || v < pm.lowestDeviceId)) {
                pm.lowestDeviceId = v;
            }
        }
        String deviceName = text(device.get("name"));
        // "connectors" today; the 2018 form called the list "chargingPointList".
        JsonNode list = device.has("connectors") ? device.get("connectors") : device.get("chargingPointList");
        if (list == null || !list.isArray()) {
            totals.skippedDevices++;
            return;
        }
        if (deviceName != null) {
            pm.deviceNames.add(deviceName);
        }
        for (JsonNode c : list) {
            Connector connector = readConnector(c, deviceName, totals);
            if (connector != null) {
                pm.connectors.add(connector);
            }
        }
    }

    private Connector readConnector(JsonNode c, String deviceName, Totals totals) {
        if (c == null || !c.isObject()) {
            return null;
        }
        String id = idText(c.get("id"));
        if (id == null) {
            // The 2018 form had ids; a connector without one can still be told apart by its device
            // and index, which is better than dropping a live status.
            String index = idText(c.get("connector"));
            if (deviceName == null || index == null) {
                return null;
            }
            id = deviceName + "-" + index;
        }
        String raw = text(c.get("description"));
        ConnectorState state = statuses.map(raw);
        if (state == ConnectorState.UNKNOWN && ChargyStatusMapper.known(raw) == null) {
            totals.unknown.merge(ChargyStatusMapper.unknownKey(raw), 1, Integer::sum);
        }
        // The feed carries no plug type (the description's "Type 2" phrase appears even on DC
        // units), so none is reported rather than a guess.
        return new Connector(id, state, power(c.get("maxchspeed")), Optional.empty());
    }

    private static OptionalDouble power(JsonNode n) {
        if (n == null || n.isNull()) {
            return OptionalDouble.empty();
        }
        if (n.isNumber()) {
            return OptionalDouble.of(n.asDouble());
        }
        if (n.isTextual()) {
            try {
                return OptionalDouble.of(Double.parseDouble(n.asText().strip()));
            } catch (NumberFormatException e) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.empty();
    }

    private static String idText(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.asText();
        }
        if (n.isTextual() && !n.asText().isBlank()) {
            return n.asText().strip();
        }
        return null;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Integer parseIntOrNull(String s) {
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long parseLongOrMin(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Collapses runs of whitespace: names in the feed sometimes carry doubled inner blanks. */
    static String normaliseName(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }

    /**
     * {@code lon,lat[,alt]} of the first tuple, both in range, or null. KML puts longitude first,
     * the reverse of most APIs, so a swapped pair would still be "in range" for Luxembourg only by
     * luck; we trust the spec order and check the ranges.
     */
    static double[] lonLat(String coordinates) {
        if (coordinates == null) {
            return null;
        }
        String tuple = coordinates.strip();
        if (tuple.isEmpty()) {
            return null;
        }
        int ws = indexOfWhitespace(tuple);
        if (ws > 0) {
            tuple = tuple.substring(0, ws);
        }
        String[] parts = tuple.split(",", -1);
        if (parts.length < 2 || parts.length > 3) {
            return null;
        }
        try {
            double lon = Double.parseDouble(parts[0].strip());
            double lat = Double.parseDouble(parts[1].strip());
            if (!Double.isFinite(lon) || !Double.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
                return null;
            }
            return new double[] {lon, lat};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** One line, with the position, and never the document's content. */
    static String oneLine(XMLStreamException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // The JDK prefixes "ParseError at [row,col]:[l,c]\nMessage: "; keep only the message part.
        int m = msg.indexOf("Message: ");
        if (m >= 0) {
            msg = msg.substring(m + "Message: ".length());
        }
        msg = msg.replaceAll("[\\r\\n\\t]+", " ").strip();
        if (msg.length() > 200) {
            msg = msg.substring(0, 200) + "...";
        }
        return "malformed KML at " + position(e.getLocation()) + ": " + msg;
    }

    private static String position(Location loc) {
        return loc == null ? "unknown position" : "line " + loc.getLineNumber() + ", column " + loc.getColumnNumber();
    }

    private static final class Totals {
        int placemarks;
        int stationsRead;
        int connectors;
        int skippedDevices;
        int countMismatches;
        int badCoordinates;
        final Map<String, Integer> unknown = new HashMap<>();
    }

    private static final class PlacemarkBuilder {
        String name;
        String coordinates;
        Integer declaredConnectors;
        Long lowestDeviceId;
        final List<String> deviceNames = new ArrayList<>(2);
        final List<Connector> connectors = new ArrayList<>(4);

        /** The station this Placemark describes, or null when it has no id or repeats a kept one. */
        ChargyStation finish(Set<String> ids, Totals totals) {
            String display = normaliseName(name);
            String id = lowestDeviceId != null ? Long.toString(lowestDeviceId) : display;
            if (id.isEmpty()) {
                LOG.fine("chargy: skipped a Placemark with neither device ids nor name");
                return null;
            }
            if (ids.contains(id)) {
                LOG.fine(() -> "chargy: skipped a second Placemark with station id " + id);
                return null;
            }
            totals.stationsRead++;
            if (declaredConnectors != null && declaredConnectors != connectors.size()) {
                totals.countMismatches++;
                if (LOG.isLoggable(Level.FINE)) {
                    LOG.fine("chargy: station " + id + " declares " + declaredConnectors + " connectors, lists "
                            + connectors.size());
                }
            }
            double[] ll = lonLat(coordinates);
            if (ll == null) {
                totals.badCoordinates++;
            }
            return new ChargyStation(new ChargeStation(NETWORK, id, display.isEmpty() ? id : display,
                    ll == null ? OptionalDouble.empty() : OptionalDouble.of(ll[1]),
                    ll == null ? OptionalDouble.empty() : OptionalDouble.of(ll[0]), connectors), deviceNames);
        }
    }
}
