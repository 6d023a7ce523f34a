package io.evobserver.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ev-observer login <vendor>}: each vendor adds its sign-in flow as a subcommand. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Interactive sign-in for a vendor account; writes the token file (mode 0600).",
        subcommands = {LoginBmwCommand.class, LoginVolvoCommand.class, LoginTeslaCommand.class})
final class LoginCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name the vendor to sign in to (tesla, bmw or volvo)");
    }
}
