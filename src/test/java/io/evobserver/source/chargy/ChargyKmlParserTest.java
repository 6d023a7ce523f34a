package io.evobserver.source.chargy;

import static io.evobserver.source.chargy.TestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evobserver.core.ChargeStation;
import io.evobserver.core.Connector;
import io.evobserver.core.ConnectorState;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChargyKmlParserTest {

    private final ChargyKmlParser parser = new ChargyKmlParser(new ChargyStatusMapper());

    private ChargyFeed parse(byte[] doc) throws ChargyParseException {
        return parser.parse(new ByteArrayInputStream(doc));
    }

    private static Map<String, Connector> connectorsById(ChargyFeed feed) {
        return feed.stations().stream().flatMap(s -> s.station().connectors().stream())
                .collect(Collectors.toMap(Connector::id, Function.identity()));
    }

    @Test
    void threeStationsAreReadWithIdsNamesCoordinatesPowerAndStates() throws Exception {
        ChargyFeed feed = parse(fixture("feed_three_stations.kml"));

        assertThat(feed.placemarks()).isEqualTo(3);
        assertThat(feed.connectors()).isEqualTo(11);
        assertThat(feed.skippedDevices()).isZero();
        assertThat(feed.countMismatches()).isZero();
        assertThat(feed.badCoordinates()).isZero();
        assertThat(feed.unknownStatuses()).isEmpty();

        List<ChargeStation> stations = feed.stations().stream().map(ChargyStation::station).toList();
        // id = lowest device id, not the first listed (61010 comes first in the document)
        assertThat(stations).extracting(ChargeStation::id).containsExactly("61009", "530001", "442100");
        assertThat(stations).extracting(ChargeStation::name).containsExactly(
                "Ettelbruck - Parking Deich", "SuperChargy - Aire de Capellen", "Chargy Ok - Résidence Gare & Parc");
        assertThat(stations).allSatisfy(s -> assertThat(s.network()).isEqualTo("chargy"));

        ChargeStation ettelbruck = stations.get(0);
        assertThat(ettelbruck.latitude().getAsDouble()).isEqualTo(49.847530);
        assertThat(ettelbruck.longitude().getAsDouble()).isEqualTo(6.104210);
        ChargeStation capellen = stations.get(1);
        assertThat(capellen.latitude().getAsDouble()).isEqualTo(49.646789); // lon,lat,alt
        assertThat(capellen.longitude().getAsDouble()).isEqualTo(6.012345);
        assertThat(feed.stations().get(0).deviceNames()).containsExactly("CP4101", "CP4102");

        Map<String, Connector> byId = connectorsById(feed);
        assertThat(byId).hasSize(11);
        assertThat(byId.get("770104").state()).isEqualTo(ConnectorState.OCCUPIED); // SUSPENDED_EVSE
        assertThat(byId.get("770104").maxPowerKw().getAsDouble()).isEqualTo(22.08);
        assertThat(byId.get("940001").state()).isEqualTo(ConnectorState.OCCUPIED); // PREPARING
        assertThat(byId.get("940002").state()).isEqualTo(ConnectorState.OUT_OF_SERVICE); // UNAVAILABLE
        assertThat(byId.get("940003").maxPowerKw().getAsDouble()).isEqualTo(400.0);
        assertThat(byId.get("940005").state()).isEqualTo(ConnectorState.RESERVED);
        assertThat(byId.get("950010").state()).isEqualTo(ConnectorState.UNKNOWN); // OFFLINE
        assertThat(byId.get("950011").state()).isEqualTo(ConnectorState.OUT_OF_SERVICE); // FAULT
        assertThat(byId.get("950011").maxPowerKw().getAsDouble()).isEqualTo(13.0);
        // the feed has no plug type; none is invented
        assertThat(byId.values()).allSatisfy(c -> assertThat(c.plugType()).isEmpty());

        Map<ConnectorState, Long> states = new EnumMap<>(byId.values().stream()
                .collect(Collectors.groupingBy(Connector::state, Collectors.counting())));
        assertThat(states).containsExactlyInAnyOrderEntriesOf(Map.of(
                ConnectorState.AVAILABLE, 2L, ConnectorState.CHARGING, 2L, ConnectorState.OCCUPIED, 3L,
                ConnectorState.RESERVED, 1L, ConnectorState.OUT_OF_SERVICE, 2L, ConnectorState.UNKNOWN, 1L));
    }

    @Test
    void unknownStatusesBecomeUnknownAndAreCountedPerWord() throws Exception {
        ChargyFeed feed = parse(fixture("feed_unknown_status.kml"));

        assertThat(feed.connectors()).isEqualTo(7);
        assertThat(feed.unknownStatuses()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PLUGGED_IN", 2, "OUT OF ORDER", 1, "(missing)", 2));
        assertThat(feed.unknownStatusCount()).isEqualTo(5);
        Map<String, Connector> byId = connectorsById(feed);
        assertThat(byId.get("880002").state()).isEqualTo(ConnectorState.UNKNOWN);
        assertThat(byId.get("880003").state()).isEqualTo(ConnectorState.CHARGING); // "charging", lower case
        assertThat(byId.get("880012").state()).isEqualTo(ConnectorState.UNKNOWN); // no description at all
    }

    @Test
    void quirksAreToleratedAndCounted() throws Exception {
        ChargyFeed feed = parse(fixture("feed_quirks.kml"));

        assertThat(feed.placemarks()).isEqualTo(3);
        assertThat(feed.skippedDevices()).isEqualTo(1); // truncated JSON
        assertThat(feed.countMismatches()).isEqualTo(1); // Mamer declares 4, lists 2
        assertThat(feed.badCoordinates()).isEqualTo(1); // latitude 149
        // the duplicated device id is kept once, with the first Placemark's data
        assertThat(feed.stations()).extracting(s -> s.station().id())
                .containsExactly("90002", "Vianden - Parking Op der Bleech");
        ChargeStation mamer = feed.stations().get(0).station();
        assertThat(mamer.connectors()).extracting(Connector::id).containsExactly("990003", "990004");
        assertThat(mamer.connectors().get(0).maxPowerKw().getAsDouble()).isEqualTo(22.0); // "22.0" as text
        assertThat(mamer.connectors().get(1).maxPowerKw()).isEmpty(); // no maxchspeed
        assertThat(mamer.connectors().get(1).state()).isEqualTo(ConnectorState.CHARGING);

        ChargeStation vianden = feed.stations().get(1).station();
        assertThat(vianden.latitude()).isEmpty();
        assertThat(vianden.longitude()).isEmpty();
        // 2018 form: list named chargingPointList, one connector without id keyed by device and index
        assertThat(vianden.connectors()).extracting(Connector::id).containsExactly("220101", "CP2201-2");
        assertThat(vianden.connectors()).extracting(Connector::state)
                .containsExactly(ConnectorState.AVAILABLE, ConnectorState.RESERVED);
        assertThat(feed.connectors()).isEqualTo(4);
    }

    @Test
    void malformedXmlFailsWithOneLineAndThePosition() {
        assertThatThrownBy(() -> parse(fixture("feed_malformed.kml")))
                .isInstanceOf(ChargyParseException.class)
                .hasMessageStartingWith("malformed KML at line 11, column ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void truncatedDocumentFails() {
        byte[] full = fixture("feed_three_stations.kml");
        byte[] cut = java.util.Arrays.copyOf(full, full.length / 2);
        assertThatThrownBy(() -> parse(cut)).isInstanceOf(ChargyParseException.class)
                .hasMessageStartingWith("malformed KML at line ");
    }

    @Test
    void externalEntityIsRefusedAndNothingIsRead() {
        assertThatThrownBy(() -> parse(fixture("feed_xxe.kml")))
                .isInstanceOf(ChargyParseException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void billionLaughsIsRefusedBeforeAnyExpansion() {
        assertThatThrownBy(() -> parse(fixture("feed_billion_laughs.kml")))
                .isInstanceOf(ChargyParseException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void internalEntityWithoutDoctypeIsAnErrorNotAnExpansion() {
        // No DOCTYPE, so no entity can be declared: a reference to one is just malformed.
        String doc = "<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><Placemark><name>&lol;</name>"
                + "</Placemark></Document></kml>";
        assertThatThrownBy(() -> parse(doc.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ChargyParseException.class).hasMessageStartingWith("malformed KML at line 1");
    }

    @Test
    void emptyDocumentHasNoPlacemarks() throws Exception {
        ChargyFeed feed = parse(fixture("feed_empty.kml"));
        assertThat(feed.placemarks()).isZero();
        assertThat(feed.stations()).isEmpty();
    }

    @Test
    void htmlIsNotKml() {
        assertThatThrownBy(() -> parse(fixture("feed_html_error_page.html")))
                .isInstanceOf(ChargyParseException.class).hasMessageContaining("<html>, not <kml>");
    }

    @Test
    void zeroBytesAreNotADocument() {
        assertThatThrownBy(() -> parse(new byte[0])).isInstanceOf(ChargyParseException.class);
    }

    @Test
    void fullSizeNetworkMatchesWhatTheGeneratorWrote() throws Exception {
        ChargyFeedGenerator.Generated g = ChargyFeedGenerator.generate(1_000, 42);
        assertThat(g.connectors()).isGreaterThan(3_000); // "thousands of connectors"

        ChargyFeed feed = parse(g.kml());

        assertThat(feed.placemarks()).isEqualTo(g.stations());
        assertThat(feed.stations()).hasSize(g.stations());
        assertThat(feed.connectors()).isEqualTo(g.connectors());
        assertThat(feed.unknownStatuses()).isEmpty();
        assertThat(feed.countMismatches()).isZero();
        assertThat(feed.badCoordinates()).isZero();
        Map<ConnectorState, Integer> states = new EnumMap<>(ConnectorState.class);
        feed.stations().forEach(s -> s.station().connectors().forEach(c -> states.merge(c.state(), 1, Integer::sum)));
        assertThat(states).isEqualTo(g.states());
        assertThat(feed.stations().get(0).station().id()).isEqualTo(g.firstStationId());
        assertThat(feed.stations().get(0).station().name()).isEqualTo(g.firstStationName());
        assertThat(feed.stations()).allSatisfy(s -> {
            assertThat(s.station().latitude().getAsDouble()).isBetween(49.4, 50.2);
            assertThat(s.station().longitude().getAsDouble()).isBetween(5.7, 6.6);
        });
    }

    @Test
    void coordinatesAreLonLatAndRangeChecked() {
        assertThat(ChargyKmlParser.lonLat("6.1,49.6")).containsExactly(6.1, 49.6);
        assertThat(ChargyKmlParser.lonLat(" 6.1,49.6,312.5 ")).containsExactly(6.1, 49.6);
        assertThat(ChargyKmlParser.lonLat("6.1,49.6 6.2,49.7")).containsExactly(6.1, 49.6);
        assertThat(ChargyKmlParser.lonLat("-181,49.6")).isNull();
        assertThat(ChargyKmlParser.lonLat("6.1,-90.5")).isNull();
        assertThat(ChargyKmlParser.lonLat("6.1")).isNull();
        assertThat(ChargyKmlParser.lonLat("6.1,49.6,1,2")).isNull();
        assertThat(ChargyKmlParser.lonLat("NaN,49.6")).isNull();
        assertThat(ChargyKmlParser.lonLat("")).isNull();
        assertThat(ChargyKmlParser.lonLat(null)).isNull();
    }

    @Test
    void aFeedAboveTheStationLimitIsRefusedWithOneLineUnlessAFilterKeepsFewerAndOnlyThoseAreRetained() {
        ChargyFeedGenerator.Generated g = ChargyFeedGenerator.generate(ChargyKmlParser.MAX_STATIONS + 1, 7);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(g.kml())))
                .isInstanceOf(ChargyParseException.class).hasMessageContaining("more than 20000 stations")
                .hasMessageNotContaining("\n");
        assertThat(g.stations()).isGreaterThan(ChargyKmlParser.MAX_STATIONS);

        // the same feed with a filter: only the selected stations are retained, and the limit is on those
        java.util.Set<String> selected = java.util.Set.of(" 1", " 777", " " + g.stations());
        ChargyFeed few = parseUnchecked(g.kml(), st -> selected.stream().anyMatch(st.station().name()::endsWith));
        assertThat(few.stations()).hasSize(3);
        assertThat(few.stations().get(0).station().id()).isEqualTo(g.firstStationId());
        assertThat(few.stationsRead()).isEqualTo(g.stations());
        assertThat(few.placemarks()).isEqualTo(g.stations());
        assertThat(few.connectors()).isEqualTo(few.stations().stream()
                .mapToInt(st -> st.station().connectors().size()).sum()).isLessThan(50);

        ChargyFeedGenerator.Generated atLimit = ChargyFeedGenerator.generate(ChargyKmlParser.MAX_STATIONS, 7);
        org.assertj.core.api.Assertions.assertThatCode(() -> parser.parse(new ByteArrayInputStream(atLimit.kml())))
                .doesNotThrowAnyException();
    }

    private ChargyFeed parseUnchecked(byte[] kml, java.util.function.Predicate<ChargyStation> keep) {
        try {
            return parser.parse(new ByteArrayInputStream(kml), keep);
        } catch (ChargyParseException e) {
            throw new AssertionError("a filtered feed under the kept limit was refused: " + e.getMessage(), e);
        }
    }
}
