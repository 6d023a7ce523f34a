package io.evobserver.core;

import java.util.List;
import java.util.Optional;

/**
 * One source (a vendor cloud or a charger network) as the command line sees it: its name
 * ({@code --vehicle NAME}), its own options, its sign-in command if it has one, and how to
 * build its fetcher. Every provider is listed once in the source registry; the command line
 * knows sources only through it.
 *
 * <p>Options are data ({@link SourceOption}): the command line builds them and hands their values
 * back in a {@link SourceSettings}. A login command is a picocli object (a class annotated
 * {@code @Command}); it is typed {@code Object} here so that core stays free of the
 * command-line library.
 */
public interface SourceProvider {

    /** The name in {@code --vehicle NAME}, {@code login NAME} and {@code EV_OBSERVER_<NAME>_*}; lower case. */
    String name();

    /** The heading of this source's options in {@code --help}. */
    default String title() {
        return Character.toUpperCase(name().charAt(0)) + name().substring(1);
    }

    /** The source's own options, in the order the help lists them; each name starts with {@link #name()}. */
    List<SourceOption> options();

    /** Whether the source has a {@code login NAME} command. */
    default boolean hasLogin() {
        return false;
    }

    /**
     * A fresh {@code login NAME} command ({@code Callable<Integer>} returning an {@link ExitCode}) that
     * reads the source's options from {@code settings} (the command line adds those of
     * {@link SourceOption.Use#ALL} to it), if the source has one.
     */
    default Optional<Object> newLoginCommand(SourceSettings settings) {
        return Optional.empty();
    }

    /**
     * Builds the source's fetcher from its options and the shared settings.
     *
     * @throws ConfigurationException a setting is missing or wrong (exit code 2)
     * @throws LoginRequiredException no usable credentials (exit code 3)
     */
    AbstractVehicleFetcher create(SourceSettings settings, SourceContext context) throws LoginRequiredException;
}
