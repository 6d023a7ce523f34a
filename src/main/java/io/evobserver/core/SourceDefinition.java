package io.evobserver.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link SourceProvider} described as data: a source states its name, options, fetcher and
 * what differs from the defaults, and nothing else. Each {@code with...} returns a new definition.
 *
 * @param name    {@link SourceProvider#name()}
 * @param title   the help heading, or null for the capitalised name
 * @param options {@link SourceProvider#options()}
 * @param fetcher builds the fetcher from the option values and the shared settings
 * @param login   makes a fresh {@code login NAME} command, or null when the source has none
 */
public record SourceDefinition(String name, String title, List<SourceOption> options, FetcherFactory fetcher,
                               Function<SourceSettings, Object> login) implements SourceProvider {

    /** How a source turns its option values into a fetcher. */
    @FunctionalInterface
    public interface FetcherFactory {
        AbstractVehicleFetcher create(SourceSettings settings, SourceContext context) throws LoginRequiredException;
    }

    public SourceDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fetcher, "fetcher");
        options = List.copyOf(options);
        for (SourceOption option : options) {
            if (!option.name().startsWith(name + "-")) {
                throw new IllegalArgumentException(option.option() + ": a " + name + " option starts with --" + name + "-");
            }
        }
    }

    /** A source with no login and no help title of its own. */
    public static SourceDefinition of(String name, List<SourceOption> options, FetcherFactory fetcher) {
        return new SourceDefinition(name, null, options, fetcher, null);
    }

    public SourceDefinition withTitle(String heading) {
        return new SourceDefinition(name, heading, options, fetcher, login);
    }

    public SourceDefinition withLogin(Function<SourceSettings, Object> command) {
        return new SourceDefinition(name, title, options, fetcher, command);
    }

    @Override
    public String title() {
        return title != null ? title : SourceProvider.super.title();
    }

    @Override
    public boolean hasLogin() {
        return login != null;
    }

    @Override
    public Optional<Object> newLoginCommand(SourceSettings settings) {
        return login == null ? Optional.empty() : Optional.of(login.apply(settings));
    }

    @Override
    public AbstractVehicleFetcher create(SourceSettings settings, SourceContext context) throws LoginRequiredException {
        return fetcher.create(settings, context);
    }
}
