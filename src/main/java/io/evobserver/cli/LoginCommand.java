package io.evobserver.cli;

import io.evobserver.core.SourceProvider;
import io.evobserver.core.SourceSettings;
import io.evobserver.source.SourceRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code ev-observer login <vendor>}: each source with a sign-in flow adds it as a subcommand. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Interactive sign-in for a vendor account; writes the token file (mode 0600).")
final class LoginCommand implements Runnable {

    CommandLine.Model.CommandSpec spec;

    /** Picocli calls this while building the command: one subcommand per source that has a login. */
    @CommandLine.Spec
    void addSourceLogins(CommandLine.Model.CommandSpec spec) {
        this.spec = spec;
        for (SourceProvider provider : SourceRegistry.ALL) {
            SourceSettings settings = new SourceSettings(provider.options());
            provider.newLoginCommand(settings).ifPresent(login -> {
                CommandLine command = new CommandLine(login);
                command.addMixin(provider.name(), SourceOptionSpecs.mixin(settings));
                spec.addSubcommand(provider.name(), command);
            });
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name the vendor to sign in to (" + loginNames() + ")");
    }

    private String loginNames() {
        List<String> names = List.copyOf(spec.subcommands().keySet());
        return names.size() < 2 ? String.join("", names)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
