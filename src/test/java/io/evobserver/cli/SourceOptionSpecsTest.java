package io.evobserver.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evobserver.core.SourceOption;
import io.evobserver.core.SourceSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/** The picocli form of source options: types, names, help, and values landing in the settings. */
class SourceOptionSpecsTest {

    private static final SourceOption N = SourceOption.integer("acme-calls", "N", 50, "Acme: calls per day.");
    private static final SourceOption KEY = SourceOption.secret("acme-api-key", "KEY", "Acme: the API key.");
    private static final SourceOption EVERY = SourceOption.duration("acme-interval", "5m", "Acme: interval.");
    private static final SourceOption STREAM = SourceOption.flag("acme-stream", "Acme: stream too.");
    private static final SourceOption STATIONS = SourceOption.list("acme-station", "ID", "Acme: only these.");
    private static final SourceOption SEED = SourceOption.integer("acme-seed", "N", 42, "Acme: seed.")
            .withAlias("seed");

    @Command(name = "acme")
    static final class Acme {
    }

    private final Map<String, String> env = new HashMap<>();
    private final SourceSettings settings = new SourceSettings(List.of(N, KEY, EVERY, STREAM, STATIONS, SEED), env::get);
    private final CommandLine cli = new CommandLine(new Acme());

    SourceOptionSpecsTest() {
        cli.addMixin("acme", SourceOptionSpecs.mixin(settings));
    }

    @Test
    void parsedValuesLandInTheSettingsTyped() {
        cli.parseArgs("--acme-calls", "7", "--acme-api-key=k", "--acme-interval", "90s", "--acme-stream",
                "--acme-station", "a", "--acme-station", "b", "--seed", "9000000000");

        assertThat(settings.integer(N)).isEqualTo(7);
        assertThat(settings.text(KEY)).isEqualTo("k");
        assertThat(settings.duration(EVERY)).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.flag(STREAM)).isTrue();
        assertThat(settings.list(STATIONS)).containsExactly("a", "b");
        assertThat(settings.whole(SEED)).isEqualTo(9_000_000_000L);
    }

    @Test
    void aFlagBeatsTheVariableAndNothingGivenLeavesTheVariableOrDefault() {
        env.put("EV_OBSERVER_ACME_CALLS", "20");
        env.put("EV_OBSERVER_ACME_INTERVAL", "1h");
        cli.parseArgs("--acme-calls", "3");

        assertThat(settings.integer(N)).isEqualTo(3);
        assertThat(settings.duration(EVERY)).isEqualTo(Duration.ofHours(1));
        assertThat(settings.flag(STREAM)).isFalse();
    }

    @Test
    void aSwitchTakesAnOptionalTrueOrFalseSoTheCommandLineCanTurnOffTheVariable() {
        env.put("EV_OBSERVER_ACME_STREAM", "true");
        cli.parseArgs("--acme-stream=false", "--acme-calls", "3");
        assertThat(settings.flag(STREAM)).isFalse();

        cli.parseArgs("--acme-stream", "--acme-calls", "4");
        assertThat(settings.flag(STREAM)).isTrue();
        assertThat(settings.integer(N)).isEqualTo(4);
    }

    @Test
    void aConfigurationFileFalseIsPassedOnSoItBeatsTheVariable() throws Exception {
        OptionSpec stream = cli.getCommandSpec().findOption("--acme-stream");
        ConfigFile.Setting off = new ConfigFile.Setting("acme-stream", 3, BooleanNode.FALSE);
        ConfigFile.Setting on = new ConfigFile.Setting("acme-stream", 3, BooleanNode.TRUE);

        assertThat(ConfigCheckCommand.arguments(off, stream)).containsExactly("--acme-stream=false");
        assertThat(ConfigCheckCommand.arguments(on, stream)).containsExactly("--acme-stream");
        assertThatThrownBy(() -> ConfigCheckCommand.arguments(new ConfigFile.Setting("acme-stream", 3, TextNode.valueOf("yes")),
                stream)).hasMessage("expected true or false");
    }

    @Test
    void aBadValueIsPicocliErrorNamingTheOption() {
        assertThatThrownBy(() -> cli.parseArgs("--acme-calls", "many")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--acme-calls");
        assertThatThrownBy(() -> cli.parseArgs("--acme-interval", "soon"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--acme-interval");
    }

    @Test
    void theHelpNamesTheVariableAndTheDefaultButNeverASecretsValue() {
        env.put("EV_OBSERVER_ACME_API_KEY", "key-SECRET");
        String help = cli.getUsageMessage().replaceAll("\\s+", " ");

        assertThat(help).contains("Acme: calls per day. Env: EV_OBSERVER_ACME_CALLS. Default: 50.")
                .contains("Acme: the API key. Env: EV_OBSERVER_ACME_API_KEY (preferred: a flag shows up in the process list).")
                .contains("Acme: stream too. Env: EV_OBSERVER_ACME_STREAM=true or false.")
                .contains("Acme: only these. Repeatable. Env: EV_OBSERVER_ACME_STATION (a comma list).")
                .contains("--seed, --acme-seed=N")
                .doesNotContain("SECRET");
    }

    @Test
    void theLongestNameIsTheSourcesOwn() {
        OptionSpec seed = cli.getCommandSpec().findOption("--seed");
        assertThat(seed.longestName()).isEqualTo("--acme-seed");
        assertThat(SourceOptionSpecs.names(SourceOption.Use.PACING)).contains("--tesla-idle-interval")
                .doesNotContain("--tesla-price-data");
        assertThat(SourceOptionSpecs.names(SourceOption.Use.DAEMON)).contains("--tesla-price-data", "--bmw-stream");
    }
}
