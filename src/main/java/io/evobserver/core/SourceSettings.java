package io.evobserver.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The values of one source's {@link SourceOption}s: what the command line or the configuration
 * file gave, else the option's {@code EV_OBSERVER_*} variable, else its default. One rule for
 * every option of every source, applied here and nowhere else. Each command line gets a fresh one.
 */
public final class SourceSettings {

    private final List<SourceOption> options;
    private final UnaryOperator<String> environment;
    private final Map<SourceOption, Object> given = new HashMap<>();

    public SourceSettings(List<SourceOption> options) {
        this(options, System::getenv);
    }

    /** For tests: {@code environment} stands in for {@link System#getenv(String)}. */
    public SourceSettings(List<SourceOption> options, UnaryOperator<String> environment) {
        this.options = List.copyOf(options);
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    public List<SourceOption> options() {
        return options;
    }

    /** What the command line gave for {@code option} (a String, Integer, Double, Boolean, Duration or List); null clears it. */
    public void give(SourceOption option, Object value) {
        if (value == null) {
            given.remove(option);
        } else {
            given.put(option, value);
        }
    }

    /** What the command line gave, or null. */
    public Object given(SourceOption option) {
        return given.get(option);
    }

    /** The text, trimmed; null when neither the option, its variable nor a default gives one that is not blank. */
    public String text(SourceOption option) {
        Object value = given.get(option);
        String text = value != null ? value.toString() : fromEnvironment(option);
        if (text == null || text.isBlank()) {
            text = option.defaultValue();
        }
        return text == null || text.isBlank() ? null : text.trim();
    }

    /**
     * The text, required.
     *
     * @param forWhat what needs it ({@code "for the Fleet API"})
     * @param hint    where to get it, after the error line's semicolon; null for none
     * @throws ConfigurationException naming the option and its variable when neither is set
     */
    public String require(SourceOption option, String forWhat, String hint) {
        String text = text(option);
        if (text == null) {
            throw new ConfigurationException(option.option() + " is required " + forWhat + " (or set "
                    + option.variable() + ")" + (hint == null ? "" : "; " + hint));
        }
        return text;
    }

    /** A whole number that fits an int. */
    public int integer(SourceOption option) {
        long value = whole(option);
        if (value != (int) value) {
            throw invalid(option, "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    public long whole(SourceOption option) {
        return typed(option, Long.class, Long::parseLong, "a whole number");
    }

    public double decimal(SourceOption option) {
        return typed(option, Double.class, Double::parseDouble, "a number");
    }

    public Duration duration(SourceOption option) {
        return typed(option, Duration.class, Durations::parse, "a duration such as 90s, 5m or 1h");
    }

    /** On when the flag was given, or its variable is {@code true}. */
    public boolean flag(SourceOption option) {
        Object value = given.get(option);
        if (value instanceof Boolean b) {
            return b;
        }
        String text = text(option);
        if (text == null || text.equalsIgnoreCase("false")) {
            return false;
        }
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        throw invalid(option, "true or false");
    }

    /** The values given (the option repeated), else the variable's comma list; blanks dropped. */
    public List<String> list(SourceOption option) {
        Object value = given.get(option);
        List<?> raw = value instanceof List<?> l ? l
                : Arrays.asList(Objects.requireNonNullElse(fromEnvironment(option), "").split(","));
        return raw.stream().map(v -> v.toString().trim()).filter(v -> !v.isEmpty()).toList();
    }

    /** What picocli converted, else the variable's or the default's text parsed the same way. */
    private <T> T typed(SourceOption option, Class<T> type, Function<String, T> parse, String expected) {
        Object value = given.get(option);
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        String text = text(option);
        if (text == null) {
            throw invalid(option, expected);
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw invalid(option, expected);
        }
    }

    private String fromEnvironment(SourceOption option) {
        String value = environment.apply(option.variable());
        return value == null || value.isBlank() ? null : value;
    }

    private ConfigurationException invalid(SourceOption option, String expected) {
        String where = given.containsKey(option) || fromEnvironment(option) == null ? option.option() : option.variable();
        return new ConfigurationException(where + ": expected " + expected);
    }
}
