package io.evobserver.core;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A {@link SourceProvider} described as data: a source states its name, options, fetcher and
 * what differs from the defaults, and nothing else. Each {@code with...} returns a new definition.
 *
 * @param name            {@link SourceProvider#name()}
 * @param title           the help heading, or null for the capitalised name
 * @param options         makes a fresh options object
 * @param fetcher         builds the fetcher from the options and the shared settings
 * @param login           makes a fresh {@code login NAME} command, or null when the source has none
 * @param pacingOptions   {@link SourceProvider#pacingOptions()}
 * @param daemonOnlyOptions {@link SourceProvider#daemonOnlyOptions()}
 * @param <O>             the source's options
 */
public record SourceDefinition<O>(String name, String title, Supplier<O> options, FetcherFactory<O> fetcher,
                                  Supplier<Object> login, Set<String> pacingOptions, Set<String> daemonOnlyOptions)
        implements SourceProvider<O> {

    /** How a source turns its options into a fetcher. */
    @FunctionalInterface
    public interface FetcherFactory<O> {
        AbstractVehicleFetcher create(O options, SourceContext context) throws LoginRequiredException;
    }

    public SourceDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(fetcher, "fetcher");
        pacingOptions = Set.copyOf(pacingOptions);
        daemonOnlyOptions = Set.copyOf(daemonOnlyOptions);
    }

    /** A source with no login, no help title of its own and no options hidden anywhere. */
    public static <O> SourceDefinition<O> of(String name, Supplier<O> options, FetcherFactory<O> fetcher) {
        return new SourceDefinition<>(name, null, options, fetcher, null, Set.of(), Set.of());
    }

    public SourceDefinition<O> withTitle(String heading) {
        return new SourceDefinition<>(name, heading, options, fetcher, login, pacingOptions, daemonOnlyOptions);
    }

    public SourceDefinition<O> withLogin(Supplier<Object> command) {
        return new SourceDefinition<>(name, title, options, fetcher, command, pacingOptions, daemonOnlyOptions);
    }

    public SourceDefinition<O> withPacingOptions(String... longNames) {
        return new SourceDefinition<>(name, title, options, fetcher, login, Set.of(longNames), daemonOnlyOptions);
    }

    public SourceDefinition<O> withDaemonOnlyOptions(String... longNames) {
        return new SourceDefinition<>(name, title, options, fetcher, login, pacingOptions, Set.of(longNames));
    }

    @Override
    public String title() {
        return title != null ? title : SourceProvider.super.title();
    }

    @Override
    public O newOptions() {
        return options.get();
    }

    @Override
    public Optional<Object> newLoginCommand() {
        return login == null ? Optional.empty() : Optional.of(login.get());
    }

    @Override
    public AbstractVehicleFetcher create(O options, SourceContext context) throws LoginRequiredException {
        return fetcher.create(options, context);
    }
}
