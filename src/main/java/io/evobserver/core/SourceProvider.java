package io.evobserver.core;

import java.util.Optional;
import java.util.Set;

/**
 * One source (a vendor cloud or a charger network) as the command line sees it: its name
 * ({@code --vehicle NAME}), its own options, its sign-in command if it has one, and how to
 * build its fetcher. Every provider is listed once in the source registry; the command line
 * knows sources only through it.
 *
 * <p>Options and login commands are picocli objects (fields annotated with {@code @Option},
 * classes with {@code @Command}); they are typed {@code Object} here so that core stays free of
 * the command-line library. Each command line gets fresh ones.
 *
 * @param <O> the source's options: a picocli mixin whose option names start with the source's
 *            name ({@code --tesla-region}, {@code --chargy-url})
 */
public interface SourceProvider<O> {

    /** The name in {@code --vehicle NAME}, {@code login NAME} and {@code EV_OBSERVER_<NAME>_*}; lower case. */
    String name();

    /** The heading of this source's options in {@code --help}. */
    default String title() {
        return Character.toUpperCase(name().charAt(0)) + name().substring(1);
    }

    /** Long names of options that only pace the daemon's refreshes: {@code snapshot} and {@code login} hide them. */
    default Set<String> pacingOptions() {
        return Set.of();
    }

    /** Long names of options only the daemon uses (prices, what to read): {@code login} hides them. */
    default Set<String> daemonOnlyOptions() {
        return Set.of();
    }

    /** A fresh options object, mixed into {@code run} and {@code snapshot}. */
    O newOptions();

    /** A fresh {@code login NAME} command ({@code Callable<Integer>} returning an {@link ExitCode}), if any. */
    default Optional<Object> newLoginCommand() {
        return Optional.empty();
    }

    /**
     * Builds the source's fetcher from its options and the shared settings.
     *
     * @throws ConfigurationException a setting is missing or wrong (exit code 2)
     * @throws LoginRequiredException no usable credentials (exit code 3)
     */
    AbstractVehicleFetcher create(O options, SourceContext context) throws LoginRequiredException;
}
