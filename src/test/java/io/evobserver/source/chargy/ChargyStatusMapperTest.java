package io.evobserver.source.chargy;

import static org.assertj.core.api.Assertions.assertThat;

import io.evobserver.core.ConnectorState;
import io.evobserver.testing.LogCapture;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChargyStatusMapperTest {

    @ParameterizedTest
    @CsvSource({
        "AVAILABLE, AVAILABLE",
        "CHARGING, CHARGING",
        "PREPARING, OCCUPIED",
        "SUSPENDED_EV, OCCUPIED",
        "SUSPENDED_EVSE, OCCUPIED",
        "FINISHING, OCCUPIED",
        "OCCUPIED, OCCUPIED",
        "RESERVED, RESERVED",
        "UNAVAILABLE, OUT_OF_SERVICE",
        "FAULT, OUT_OF_SERVICE",
        "FAULTED, OUT_OF_SERVICE",
        "OFFLINE, UNKNOWN",
        "available, AVAILABLE",
        "' Charging ', CHARGING",
        "suspended_evse, OCCUPIED",
    })
    void mapsEveryDocumentedWordIgnoringCaseAndBlanks(String raw, ConnectorState expected) {
        assertThat(new ChargyStatusMapper().map(raw)).isEqualTo(expected);
    }

    @Test
    void offlineIsAKnownWordEvenThoughItMapsToUnknown() {
        ChargyStatusMapper m = new ChargyStatusMapper();
        try (LogCapture log = new LogCapture(TestSupport.PACKAGE_LOGGER)) {
            assertThat(m.map("OFFLINE")).isEqualTo(ConnectorState.UNKNOWN);
            assertThat(m.unknownSeen()).isEmpty();
            assertThat(log.messagesAt(Level.INFO)).isEmpty();
        }
    }

    @Test
    void unknownWordsMapToUnknownAndAreLoggedOncePerDistinctValue() {
        ChargyStatusMapper m = new ChargyStatusMapper();
        try (LogCapture log = new LogCapture(TestSupport.PACKAGE_LOGGER)) {
            for (int i = 0; i < 50; i++) {
                assertThat(m.map("PLUGGED_IN")).isEqualTo(ConnectorState.UNKNOWN);
                assertThat(m.map("plugged_in")).isEqualTo(ConnectorState.UNKNOWN);
            }
            assertThat(m.map("BLOCKED")).isEqualTo(ConnectorState.UNKNOWN);
            assertThat(m.map(null)).isEqualTo(ConnectorState.UNKNOWN);
            assertThat(m.map("   ")).isEqualTo(ConnectorState.UNKNOWN);

            assertThat(m.unknownSeen()).containsExactlyInAnyOrder("PLUGGED_IN", "BLOCKED", "(missing)");
            assertThat(log.messagesAt(Level.INFO)).hasSize(3)
                    .anySatisfy(s -> assertThat(s).contains("'PLUGGED_IN'"))
                    .anySatisfy(s -> assertThat(s).contains("'BLOCKED'"));
        }
    }

    @Test
    void hostileWordsAreLoggedPrintableAndShort() {
        String key = ChargyStatusMapper.unknownKey("BAD\nWORD\u0007" + "X".repeat(500));
        assertThat(key).doesNotContain("\n").hasSizeLessThanOrEqualTo(40).startsWith("BAD?WORD?");
    }

    @Test
    void remembersABoundedNumberOfDistinctWords() {
        ChargyStatusMapper m = new ChargyStatusMapper();
        try (LogCapture log = new LogCapture(TestSupport.PACKAGE_LOGGER)) {
            for (int i = 0; i < 500; i++) {
                assertThat(m.map("JUNK_" + i)).isEqualTo(ConnectorState.UNKNOWN);
            }
            assertThat(m.unknownSeen()).hasSize(ChargyStatusMapper.MAX_REMEMBERED);
            assertThat(log.messagesAt(Level.INFO)).hasSize(ChargyStatusMapper.MAX_REMEMBERED + 1);
        }
    }
}
