package io.evobserver.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ev-observer config check FILE}. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Configuration files: `config check FILE` validates one.",
        subcommands = {ConfigCheckCommand.class})
final class ConfigCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name what to do: check FILE");
    }
}
