package io.evobserver.cli;

import io.evobserver.core.SourceOption;
import io.evobserver.core.SourceOption.Kind;
import io.evobserver.core.SourceOption.Use;
import io.evobserver.core.SourceProvider;
import io.evobserver.core.SourceSettings;
import io.evobserver.source.SourceRegistry;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The picocli form of the sources' {@link SourceOption}s: one option per row, typed by its kind,
 * its help followed by its variable and its default, its value written to a {@link SourceSettings}.
 */
final class SourceOptionSpecs {

    private SourceOptionSpecs() {
    }

    /** A mixin of {@code settings}' options, {@code shown} ones only. */
    static CommandSpec mixin(SourceSettings settings, Predicate<SourceOption> shown) {
        CommandSpec spec = CommandSpec.create();
        settings.options().stream().filter(shown).forEach(o -> spec.addOption(option(settings, o)));
        return spec;
    }

    /** A mixin of all of {@code settings}' options. */
    static CommandSpec mixin(SourceSettings settings) {
        return mixin(settings, o -> true);
    }

    /** Long names of the registered sources' options used as {@code use}. */
    static Set<String> names(Use use) {
        return SourceRegistry.ALL.stream().flatMap(p -> p.options().stream()).filter(o -> o.use() == use)
                .map(SourceOption::option).collect(Collectors.toUnmodifiableSet());
    }

    /** Long names of {@code source}'s options. */
    static Set<String> names(SourceProvider source) {
        return source.options().stream().map(SourceOption::option).collect(Collectors.toUnmodifiableSet());
    }

    private static OptionSpec option(SourceSettings settings, SourceOption o) {
        String[] names = o.alias() == null ? new String[] {o.option()} : new String[] {"--" + o.alias(), o.option()};
        Binding binding = new Binding(settings, o);
        OptionSpec.Builder b = OptionSpec.builder(names).description(help(o)).getter(binding).setter(binding);
        switch (o.kind()) {
            // =false turns off what the variable or the configuration file turned on
            case FLAG -> b.type(Boolean.class).arity("0..1").paramLabel("true|false");
            case INTEGER -> b.type(Long.class);
            case DECIMAL -> b.type(Double.class);
            case DURATION -> b.type(Duration.class).converters(DurationConverter::parse);
            case LIST -> b.type(List.class).auxiliaryTypes(String.class).arity("1");
            default -> b.type(String.class);
        }
        return o.label() == null ? b.build() : b.paramLabel(o.label()).build();
    }

    private static String help(SourceOption o) {
        StringBuilder help = new StringBuilder(o.help());
        help.append(switch (o.kind()) {
            case LIST -> " Repeatable. Env: " + o.variable() + " (a comma list).";
            case FLAG -> " Env: " + o.variable() + "=true or false.";
            case SECRET -> " Env: " + o.variable() + " (preferred: a flag shows up in the process list).";
            default -> " Env: " + o.variable() + ".";
        });
        if (o.defaultValue() != null && o.kind() != Kind.SECRET) {
            help.append(" Default: ").append(o.defaultValue()).append('.');
        }
        return help.toString();
    }

    /** Where picocli keeps an option's value: in the settings, so that the source reads what was given. */
    private record Binding(SourceSettings settings, SourceOption option) implements IGetter, ISetter {

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) settings.given(option);
        }

        @Override
        public <T> T set(T value) {
            T previous = get();
            settings.give(option, value);
            return previous;
        }
    }
}
