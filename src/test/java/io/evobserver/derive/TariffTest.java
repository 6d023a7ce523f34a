package io.evobserver.derive;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TariffTest {

    @Test
    void flatPriceWithCurrency() {
        Tariff t = Tariff.parse("0.25EUR", ZoneOffset.UTC);
        assertThat(t.currency()).isEqualTo("EUR");
        assertThat(t.cost(Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T12:00:00Z"), 20))
                .isCloseTo(5, within(1e-9));
    }

    @Test
    void windowsThatWrapMidnightSplitTheEnergyByTime() {
        Tariff t = Tariff.parse("chf;22:00-06:00=0.10;06:00-22:00=0.40", ZoneOffset.UTC);
        assertThat(t.currency()).isEqualTo("CHF");
        // 21:00-23:00, 10 kWh evenly: 5 at 0.40, 5 at 0.10
        assertThat(t.cost(Instant.parse("2026-01-01T21:00:00Z"), Instant.parse("2026-01-01T23:00:00Z"), 10))
                .isCloseTo(2.5, within(1e-9));
    }

    @Test
    void badTariffsGetOneLineSayingWhatIsWrong() {
        assertThatThrownBy(() -> Tariff.parse("cheap", ZoneOffset.UTC)).hasMessageContaining("0.25EUR")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> Tariff.parse("EUR;00:00-07:00=0.12", ZoneOffset.UTC))
                .hasMessage("--tariff: no window covers 07:00 (the windows must cover the whole day)");
        assertThatThrownBy(() -> Tariff.parse("EUR;00:00-12:00=0.1;11:00-24:00=0.2", ZoneOffset.UTC))
                .hasMessageContaining("overlaps another at 11:00");
        assertThatThrownBy(() -> Tariff.parse("EUR;00:00-25:00=0.1", ZoneOffset.UTC))
                .hasMessageContaining("outside 00:00-24:00");
        assertThatThrownBy(() -> Tariff.parse("EUR;night=0.1", ZoneOffset.UTC))
                .hasMessageContaining("is not HH:MM-HH:MM=PRICE");
    }
}
