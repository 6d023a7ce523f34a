package io.evobserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evobserver.testing.FixedFetcher;
import io.evobserver.testing.RecordingSelfMetrics;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SourceDefinitionTest {

    private static final SourceOption URL = SourceOption.text("acme-url", "URL", "Acme: the feed.");

    private final SourceContext context = new SourceContext(null, null, null, List.of(), new RecordingSelfMetrics(),
            Clock.systemUTC());

    @Test
    void theDefaultsAreThoseOfTheProviderInterface() {
        SourceDefinition plain = SourceDefinition.of("acme", List.of(URL), (o, c) -> null);

        assertThat(plain.name()).isEqualTo("acme");
        assertThat(plain.title()).isEqualTo("Acme");
        assertThat(plain.options()).containsExactly(URL);
        assertThat(plain.hasLogin()).isFalse();
        assertThat(plain.newLoginCommand(new SourceSettings(plain.options()))).isEmpty();
    }

    @Test
    void eachCallGetsAFreshLoginCommandForTheSettingsGiven() {
        AtomicInteger logins = new AtomicInteger();
        SourceSettings[] seen = new SourceSettings[1];
        SourceDefinition source = SourceDefinition.of("acme", List.of(URL), (o, c) -> null)
                .withLogin(settings -> {
                    seen[0] = settings;
                    return (Callable<Integer>) logins::incrementAndGet;
                });
        SourceSettings settings = new SourceSettings(source.options());

        assertThat(source.hasLogin()).isTrue();
        assertThat(source.newLoginCommand(settings)).isPresent().get()
                .isNotSameAs(source.newLoginCommand(settings).get());
        assertThat(seen[0]).isSameAs(settings);
    }

    @Test
    void theTitleWitherChangesOnlyTheTitle() {
        SourceDefinition source = SourceDefinition.of("acme", List.of(URL), (o, c) -> null).withTitle("ACME Cloud");

        assertThat(source.name()).isEqualTo("acme");
        assertThat(source.title()).isEqualTo("ACME Cloud");
        assertThat(source.options()).containsExactly(URL);
    }

    @Test
    void anOptionNotNamedForTheSourceIsRefused() {
        assertThatThrownBy(() -> SourceDefinition.of("acme", List.of(SourceOption.text("url", "URL", "x")), (o, c) -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--url");
    }

    @Test
    void createHandsTheSettingsAndTheContextToTheFactory() throws Exception {
        AbstractVehicleFetcher built = new FixedFetcher("acme");
        String[] seen = new String[1];
        SourceContext[] with = new SourceContext[1];
        SourceDefinition source = SourceDefinition.of("acme", List.of(URL), (o, c) -> {
            seen[0] = o.text(URL);
            with[0] = c;
            return built;
        });
        SourceSettings settings = new SourceSettings(source.options());
        settings.give(URL, "https://acme.example");

        assertThat(source.create(settings, context)).isSameAs(built);
        assertThat(seen[0]).isEqualTo("https://acme.example");
        assertThat(with[0]).isSameAs(context);
    }
}
