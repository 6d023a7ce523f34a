package io.evobserver.cli;

import io.evobserver.core.SourceOption.Use;
import io.evobserver.core.SourceProvider;
import io.evobserver.source.SourceRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Shapes {@code --help}: the options of {@code run} and {@code snapshot} grouped by topic
 * (sources, polling, export, buffer, health, logging, then each source's own), and each
 * command showing only the options that do something there. Topics go by option name, so an
 * option added anywhere lands in its topic (or under "Other") without touching this class.
 */
final class HelpLayout {

    private HelpLayout() {
    }

    /** Topic headings in display order, each with the options (by longest name) it holds. */
    private static final Map<String, Predicate<String>> TOPICS = new LinkedHashMap<>();

    static {
        TOPICS.put("Sources", n -> Set.of("--config", "--vehicle", "--vin", "--hide-vin", "--token-file", "--api-base-url",
                "--auth-base-url").contains(n));
        TOPICS.put("Polling", n -> Set.of("--once", "--interval", "--shard").contains(n));
        TOPICS.put("Export (OpenTelemetry)", n -> n.equals("--exporter") || n.startsWith("--otlp-")
                || n.equals("--export-interval") || n.startsWith("--prometheus-"));
        TOPICS.put("Export buffer (OTLP data kept on disk while the backend is down)",
                n -> n.startsWith("--buffer-") || n.equals("--no-buffer"));
        TOPICS.put("Health endpoints", n -> n.startsWith("--health-") || n.startsWith("--ready-"));
        TOPICS.put("Logging", n -> n.equals("--log-level"));
        TOPICS.put("Derived metrics (trips, charging sessions)", n -> Set.of("--tariff", "--state-dir").contains(n));
        // then one topic per source, holding the options of its own mixin
        for (SourceProvider source : SourceRegistry.ALL) {
            TOPICS.put(source.title(), SourceOptionSpecs.names(source)::contains);
        }
        TOPICS.put("Other", n -> !n.equals("--help") && !n.equals("--version"));
        TOPICS.put("Help", n -> true);
    }

    /** Options of {@code run} that mean nothing to a one-off {@code snapshot}. */
    private static final Set<String> NOT_FOR_SNAPSHOT = Set.of("--interval");

    /** Pacing between refreshes: no effect on a one-off fetch, so {@code snapshot} does not show them. */
    private static final Predicate<String> PACING = SourceOptionSpecs.names(Use.PACING)::contains;

    /** What only the daemon uses (pacing, prices, what to read): no effect on a sign-in, so {@code login} hides it. */
    private static final Predicate<String> NOT_FOR_LOGIN = PACING.or(SourceOptionSpecs.names(Use.DAEMON)::contains);

    static CommandLine apply(CommandLine root) {
        for (String name : List.of("run", "snapshot")) {
            CommandLine cl = root.getSubcommands().get(name);
            if (cl == null) {
                continue;
            }
            if (name.equals("snapshot")) {
                for (OptionSpec o : new ArrayList<>(cl.getCommandSpec().options())) {
                    if (NOT_FOR_SNAPSHOT.contains(o.longestName())) {
                        cl.getCommandSpec().remove(o);
                    }
                }
                hide(cl.getCommandSpec(), PACING);
            }
            // "[OPTIONS]" instead of thirty lines of every flag: the grouped list follows
            cl.getCommandSpec().usageMessage().abbreviateSynopsis(true);
            cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpLayout::grouped);
        }
        CommandLine login = root.getSubcommands().get("login");
        if (login != null) {
            for (CommandLine vendor : login.getSubcommands().values()) {
                hide(vendor.getCommandSpec(), NOT_FOR_LOGIN);
            }
        }
        return root;
    }

    /** Hidden, not removed: the options still fill their fields with their defaults. */
    private static void hide(CommandSpec spec, Predicate<String> which) {
        for (OptionSpec o : new ArrayList<>(spec.options())) {
            if (!o.hidden() && which.test(o.longestName())) {
                spec.remove(o);
                spec.addOption(OptionSpec.builder(o).hidden(true).build());
            }
        }
    }

    private static String grouped(CommandLine.Help help) {
        Map<String, List<OptionSpec>> byTopic = new LinkedHashMap<>();
        TOPICS.keySet().forEach(t -> byTopic.put(t, new ArrayList<>()));
        for (OptionSpec o : help.commandSpec().options()) {
            if (o.hidden()) {
                continue;
            }
            for (var topic : TOPICS.entrySet()) {
                if (topic.getValue().test(o.longestName())) {
                    byTopic.get(topic.getKey()).add(o);
                    break;
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (var topic : byTopic.entrySet()) {
            if (topic.getValue().isEmpty()) {
                continue;
            }
            sb.append(String.format("%n%s:%n", topic.getKey()));
            sb.append(help.optionListExcludingGroups(topic.getValue(), help.createDefaultLayout(), null,
                    help.parameterLabelRenderer()));
        }
        return sb.toString();
    }
}
