package io.evobserver.core;

import java.util.Locale;
import java.util.Objects;

/**
 * One option of a source, as data: {@code --NAME VALUE} on the command line, the key {@code NAME}
 * in a configuration file and the variable {@code EV_OBSERVER_NAME} (upper case, {@code _} for
 * {@code -}). A source lists its options as constants; the command line builds them, adds the
 * variable and the default to the help, and hands the values back in {@link SourceSettings}.
 *
 * @param name         the long name without dashes, starting with the source's name ({@code tesla-region})
 * @param alias        a second long name without dashes, or null
 * @param label        what the value is in the help ({@code REGION}); null for a flag
 * @param kind         how the value is read
 * @param defaultValue the value when neither the option nor its variable is given, as typed; null for none
 * @param help         what the option does, one or two sentences, without the variable or the default
 * @param use          which commands show it
 */
public record SourceOption(String name, String alias, String label, Kind kind, String defaultValue, String help,
                           Use use) {

    /** How a value is read. */
    public enum Kind {
        TEXT, SECRET, INTEGER, DECIMAL, FLAG, DURATION,
        /** Repeatable; the variable holds a comma list. */
        LIST
    }

    /** Which commands an option means something to. */
    public enum Use {
        /** run, snapshot and the source's login. */
        ALL,
        /** run and snapshot: what the daemon reads or prices, nothing a sign-in needs. */
        DAEMON,
        /** run only: paces the refreshes, nothing a one-off snapshot or a sign-in needs. */
        PACING
    }

    public SourceOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(use, "use");
    }

    public static SourceOption text(String name, String label, String help) {
        return new SourceOption(name, null, label, Kind.TEXT, null, help, Use.ALL);
    }

    /** A value better given by its variable: a flag shows in the process list. */
    public static SourceOption secret(String name, String label, String help) {
        return new SourceOption(name, null, label, Kind.SECRET, null, help, Use.ALL);
    }

    public static SourceOption integer(String name, String label, int defaultValue, String help) {
        return new SourceOption(name, null, label, Kind.INTEGER, Integer.toString(defaultValue), help, Use.ALL);
    }

    public static SourceOption decimal(String name, String label, String defaultValue, String help) {
        return new SourceOption(name, null, label, Kind.DECIMAL, defaultValue, help, Use.ALL);
    }

    /** A duration such as {@code 90s}, {@code 5m} or {@code 1h}. */
    public static SourceOption duration(String name, String defaultValue, String help) {
        return new SourceOption(name, null, "DURATION", Kind.DURATION, defaultValue, help, Use.ALL);
    }

    /** On when given; off by default. */
    public static SourceOption flag(String name, String help) {
        return new SourceOption(name, null, null, Kind.FLAG, null, help, Use.ALL);
    }

    public static SourceOption list(String name, String label, String help) {
        return new SourceOption(name, null, label, Kind.LIST, null, help, Use.ALL);
    }

    public SourceOption withDefault(String value) {
        return new SourceOption(name, alias, label, kind, value, help, use);
    }

    public SourceOption withAlias(String otherName) {
        return new SourceOption(name, otherName, label, kind, defaultValue, help, use);
    }

    /** Shown by run and snapshot only. */
    public SourceOption daemonOnly() {
        return new SourceOption(name, alias, label, kind, defaultValue, help, Use.DAEMON);
    }

    /** Shown by run only. */
    public SourceOption pacing() {
        return new SourceOption(name, alias, label, kind, defaultValue, help, Use.PACING);
    }

    /** {@code --NAME}. */
    public String option() {
        return "--" + name;
    }

    /** {@code EV_OBSERVER_NAME}. */
    public String variable() {
        return "EV_OBSERVER_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
