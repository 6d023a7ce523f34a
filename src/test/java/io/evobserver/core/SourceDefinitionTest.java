package io.evobserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.evobserver.testing.FixedFetcher;
import io.evobserver.testing.RecordingSelfMetrics;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SourceDefinitionTest {

    /** A source's options: a mutable object the command line fills in. */
    static final class Options {
        String url;
    }

    private final SourceContext context = new SourceContext(null, null, null, List.of(), new RecordingSelfMetrics(),
            Clock.systemUTC());

    @Test
    void theDefaultsAreThoseOfTheProviderInterface() {
        SourceDefinition<Options> plain = SourceDefinition.of("acme", Options::new, (o, c) -> null);

        assertThat(plain.name()).isEqualTo("acme");
        assertThat(plain.title()).isEqualTo("Acme");
        assertThat(plain.newLoginCommand()).isEmpty();
        assertThat(plain.pacingOptions()).isEmpty();
        assertThat(plain.daemonOnlyOptions()).isEmpty();
    }

    @Test
    void eachCallGetsFreshOptionsAndLoginCommands() {
        AtomicInteger logins = new AtomicInteger();
        SourceDefinition<Options> source = SourceDefinition.of("acme", Options::new, (o, c) -> null)
                .withLogin(() -> (Callable<Integer>) logins::incrementAndGet);

        assertThat(source.newOptions()).isNotSameAs(source.newOptions());
        assertThat(source.newLoginCommand()).isPresent().get().isNotSameAs(source.newLoginCommand().get());
    }

    @Test
    void theWithersChangeOnlyTheirPart() {
        SourceDefinition<Options> source = SourceDefinition.of("acme", Options::new, (o, c) -> null)
                .withTitle("ACME Cloud")
                .withPacingOptions("--acme-interval")
                .withDaemonOnlyOptions("--acme-price", "--acme-stream");

        assertThat(source.name()).isEqualTo("acme");
        assertThat(source.title()).isEqualTo("ACME Cloud");
        assertThat(source.pacingOptions()).containsExactly("--acme-interval");
        assertThat(source.daemonOnlyOptions()).containsExactlyInAnyOrder("--acme-price", "--acme-stream");
    }

    @Test
    void createHandsTheOptionsAndTheContextToTheFactory() throws Exception {
        AbstractVehicleFetcher built = new FixedFetcher("acme");
        Options[] seen = new Options[1];
        SourceContext[] with = new SourceContext[1];
        SourceDefinition<Options> source = SourceDefinition.of("acme", Options::new, (o, c) -> {
            seen[0] = o;
            with[0] = c;
            return built;
        });
        Options options = source.newOptions();
        options.url = "https://acme.example";

        assertThat(source.create(options, context)).isSameAs(built);
        assertThat(seen[0].url).isEqualTo("https://acme.example");
        assertThat(with[0]).isSameAs(context);
    }
}
