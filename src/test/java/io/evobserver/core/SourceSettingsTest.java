package io.evobserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One rule for every source option: what was given, else the variable, else the default. */
class SourceSettingsTest {

    private static final SourceOption REGION = SourceOption.text("acme-region", "REGION", "Acme: region.")
            .withDefault("na");
    private static final SourceOption KEY = SourceOption.secret("acme-api-key", "KEY", "Acme: key.");
    private static final SourceOption CALLS = SourceOption.integer("acme-daily-calls", "N", 50, "Acme: calls.");
    private static final SourceOption SEED = SourceOption.integer("acme-seed", "N", 42, "Acme: seed.");
    private static final SourceOption PRICE = SourceOption.decimal("acme-price", "USD", "0.002", "Acme: price.");
    private static final SourceOption EVERY = SourceOption.duration("acme-interval", "5m", "Acme: interval.");
    private static final SourceOption STREAM = SourceOption.flag("acme-stream", "Acme: stream.");
    private static final SourceOption STATIONS = SourceOption.list("acme-station", "ID", "Acme: stations.");

    private final Map<String, String> env = new HashMap<>();
    private final SourceSettings settings = new SourceSettings(
            List.of(REGION, KEY, CALLS, SEED, PRICE, EVERY, STREAM, STATIONS), env::get);

    @Test
    void theVariableIsNamedAfterTheOption() {
        assertThat(REGION.variable()).isEqualTo("EV_OBSERVER_ACME_REGION");
        assertThat(KEY.variable()).isEqualTo("EV_OBSERVER_ACME_API_KEY");
        assertThat(REGION.option()).isEqualTo("--acme-region");
    }

    @Test
    void withNothingGivenEachOptionHasItsDefault() {
        assertThat(settings.text(REGION)).isEqualTo("na");
        assertThat(settings.text(KEY)).isNull();
        assertThat(settings.integer(CALLS)).isEqualTo(50);
        assertThat(settings.decimal(PRICE)).isEqualTo(0.002);
        assertThat(settings.duration(EVERY)).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.flag(STREAM)).isFalse();
        assertThat(settings.list(STATIONS)).isEmpty();
    }

    @Test
    void theVariableOverridesTheDefaultAndTheCommandLineOverridesTheVariable() {
        env.put("EV_OBSERVER_ACME_REGION", " eu ");
        env.put("EV_OBSERVER_ACME_DAILY_CALLS", "20");
        env.put("EV_OBSERVER_ACME_PRICE", "0.5");
        env.put("EV_OBSERVER_ACME_INTERVAL", "90s");
        env.put("EV_OBSERVER_ACME_STREAM", "true");
        env.put("EV_OBSERVER_ACME_STATION", "a, b,,c");
        assertThat(settings.text(REGION)).isEqualTo("eu");
        assertThat(settings.integer(CALLS)).isEqualTo(20);
        assertThat(settings.decimal(PRICE)).isEqualTo(0.5);
        assertThat(settings.duration(EVERY)).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.flag(STREAM)).isTrue();
        assertThat(settings.list(STATIONS)).containsExactly("a", "b", "c");

        settings.give(REGION, "cn");
        settings.give(CALLS, 7L);
        settings.give(STREAM, false);
        settings.give(STATIONS, List.of("x"));
        assertThat(settings.text(REGION)).isEqualTo("cn");
        assertThat(settings.integer(CALLS)).isEqualTo(7);
        assertThat(settings.flag(STREAM)).isFalse();
        assertThat(settings.list(STATIONS)).containsExactly("x");

        settings.give(REGION, null);
        assertThat(settings.text(REGION)).isEqualTo("eu");
    }

    @Test
    void aBlankVariableCountsAsUnset() {
        env.put("EV_OBSERVER_ACME_REGION", "  ");
        env.put("EV_OBSERVER_ACME_DAILY_CALLS", "");
        assertThat(settings.text(REGION)).isEqualTo("na");
        assertThat(settings.integer(CALLS)).isEqualTo(50);
    }

    @Test
    void aBadVariableIsNamedInOneLineWithoutItsValue() {
        env.put("EV_OBSERVER_ACME_DAILY_CALLS", "lots-SECRET");
        env.put("EV_OBSERVER_ACME_INTERVAL", "soon-SECRET");
        env.put("EV_OBSERVER_ACME_STREAM", "yes-SECRET");
        env.put("EV_OBSERVER_ACME_PRICE", "free-SECRET");
        env.put("EV_OBSERVER_ACME_SEED", "99999999999");

        assertThatThrownBy(() -> settings.integer(CALLS)).isInstanceOf(ConfigurationException.class)
                .hasMessage("EV_OBSERVER_ACME_DAILY_CALLS: expected a whole number");
        assertThatThrownBy(() -> settings.duration(EVERY)).hasMessageStartingWith("EV_OBSERVER_ACME_INTERVAL: expected");
        assertThatThrownBy(() -> settings.flag(STREAM)).hasMessage("EV_OBSERVER_ACME_STREAM: expected true or false");
        assertThatThrownBy(() -> settings.decimal(PRICE)).hasMessage("EV_OBSERVER_ACME_PRICE: expected a number");
        assertThatThrownBy(() -> settings.integer(SEED)).hasMessageStartingWith("EV_OBSERVER_ACME_SEED: expected");
        assertThat(settings.whole(SEED)).isEqualTo(99_999_999_999L);
    }

    @Test
    void aRequiredValueNamesTheOptionTheVariableAndTheHint() {
        assertThatThrownBy(() -> settings.require(KEY, "for acme", "see the README"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("--acme-api-key is required for acme (or set EV_OBSERVER_ACME_API_KEY); see the README");
        env.put("EV_OBSERVER_ACME_API_KEY", " k-1 ");
        assertThat(settings.require(KEY, "for acme", null)).isEqualTo("k-1");
    }
}
