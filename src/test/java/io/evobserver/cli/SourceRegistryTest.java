package io.evobserver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.evobserver.core.SourceProvider;
import io.evobserver.source.SourceRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The command line knows sources only through the registry: every one is wired, none is named in cli. */
class SourceRegistryTest {

    private static final List<String> NAMES = SourceRegistry.ALL.stream().map(SourceProvider::name).toList();

    @Test
    void namesAreLowerCaseAndUnique() {
        assertThat(NAMES).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z][a-z0-9]*"));
        assertThat(NAMES).contains("demo");
    }

    @Test
    void everySourcesOptionsJoinRunAndSnapshotNamedAfterTheSource() {
        CommandLine main = new CommandLine(new Main());
        for (String command : List.of("run", "snapshot")) {
            CommandSpec spec = main.getSubcommands().get(command).getCommandSpec();
            assertThat(spec.mixins().keySet()).as(command).containsAll(NAMES);
            for (String name : NAMES) {
                CommandSpec own = spec.mixins().get(name);
                for (OptionSpec option : own.options()) {
                    // --seed is the demo's historical short spelling of --demo-seed
                    assertThat(option.names()).as(command + " " + name)
                            .anyMatch(n -> n.startsWith("--" + name + "-"));
                    assertThat(spec.findOption(option.longestName())).isNotNull();
                }
            }
        }
    }

    @Test
    void loginListsExactlyTheSourcesThatHaveOne() {
        CommandLine login = new CommandLine(new Main()).getSubcommands().get("login");
        Set<String> expected = new HashSet<>();
        for (SourceProvider p : SourceRegistry.ALL) {
            if (p.hasLogin()) {
                expected.add(p.name());
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(login.getSubcommands().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(login.getSubcommands().keySet()).doesNotContain("demo");
    }

    @Test
    void vehicleHelpAndErrorsListTheRegisteredSources() {
        assertThat(SourceOptions.SourceNames.list("or")).isEqualTo(
                String.join(", ", NAMES.subList(0, NAMES.size() - 1)) + " or " + NAMES.get(NAMES.size() - 1));
        String help = new CommandLine(new Main()).getSubcommands().get("run").getUsageMessage();
        assertThat(help.replaceAll("\\s+", " ")).contains("Source(s) to poll: " + String.join(", ", NAMES) + ".");
    }

    @Test
    void noSourceIsNamedInTheCommandLinePackage() throws IOException {
        Path cli = Path.of("src/main/java/io/evobserver/cli");
        try (Stream<Path> files = Files.list(cli)) {
            for (Path file : files.toList()) {
                String text = Files.readString(file).toLowerCase(Locale.ROOT);
                for (String name : NAMES) {
                    if (!name.equals("demo")) { // the default source when none is named
                        assertThat(text).as(file + " names " + name).doesNotContain(name);
                    }
                }
            }
        }
    }
}
