package io.evobserver.cli;

import io.evobserver.core.ConfigurationException;
import io.evobserver.core.ExitCode;
import io.evobserver.core.LoginRequiredException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** Entry point: {@code ev-observer run|snapshot|login|metrics}. */
@Command(name = "ev-observer", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Polls electric-vehicle and charger data and publishes vendor-neutral OpenTelemetry metrics.",
        subcommands = {RunCommand.class, SnapshotCommand.class, LoginCommand.class, MetricsCommand.class,
                ConfigCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 a source or the export failed, 2 bad usage, 3 login needed."})
public final class Main implements Runnable {

    static final int EXIT_FAILED = ExitCode.FAILED;
    static final int EXIT_USAGE = ExitCode.USAGE;
    static final int EXIT_LOGIN = ExitCode.LOGIN;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (run, snapshot, login, metrics)");
    }

    public static void main(String[] args) {
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(exitCode(code, System.getenv("EV_OBSERVER_LOGIN_EXIT_CODE")));
    }

    /**
     * The process exit code: {@code EV_OBSERVER_LOGIN_EXIT_CODE} replaces 3 (login needed), so a
     * container whose restart policy cannot tell codes apart ({@code on-failure}) stops after the
     * login hint instead of restarting forever (docker-compose.real.yml sets 0).
     */
    static int exitCode(int code, String loginExitCode) {
        if (code != EXIT_LOGIN || loginExitCode == null || loginExitCode.isBlank()) {
            return code;
        }
        try {
            int replaced = Integer.parseInt(loginExitCode.trim());
            return replaced >= 0 && replaced <= 255 ? replaced : code;
        } catch (NumberFormatException e) {
            return code;
        }
    }

    /** Runs the command line and returns the exit code (tests call this without exiting). */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return configure(HelpLayout.apply(new CommandLine(new Main())), out, err).execute(args);
    }

    /** Output, parsing and the exception-to-exit-code mapping (tests attach their own commands). */
    static CommandLine configure(CommandLine cl, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            String command = ex.getCommandLine().getCommandName();
            err.println("ev-observer: " + ex.getMessage() + " (see `"
                    + (command.equals("ev-observer") ? "ev-observer" : "ev-observer " + command) + " --help`)");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ConfigurationException) {
                err.println("ev-observer: " + ex.getMessage());
                return EXIT_USAGE;
            }
            if (ex instanceof LoginRequiredException) {
                err.println("ev-observer: authentication needed: " + ex.getMessage());
                return EXIT_LOGIN;
            }
            err.println("ev-observer: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            return EXIT_FAILED;
        });
        return cl;
    }
}
