package io.evobserver.auth;

import io.evobserver.core.ExitCode;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.SourceContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code ev-observer login NAME} command does: run the source's sign-in and turn a
 * failure into one line and an exit code. The command's name is the source's name. This class
 * declares what every sign-in has ({@code --token-file}, {@code --auth-base-url} and, where the
 * sign-in calls the API, {@code --api-base-url}), described for the source; the source declares
 * the rest (picocli also takes {@code --help} and {@code --version} from this {@code @Command}).
 */
@Command(mixinStandardHelpOptions = true)
public abstract class LoginCommand implements Callable<Integer> {

    /**
     * What the source's URLs are, for the help of {@code --api-base-url} and {@code --auth-base-url}
     * (the variable is added).
     *
     * @param api  null when the sign-in does not call the vendor API (no {@code --api-base-url})
     */
    public record UrlHelp(String api, String auth) {
    }

    protected CommandSpec spec;

    /** The clock the sign-in dates the tokens with. */
    protected final Clock clock = Clock.systemUTC();

    private final UrlHelp urlHelp;
    private OptionSpec tokenFile;
    private OptionSpec apiBaseUrl;
    private OptionSpec authBaseUrl;

    protected LoginCommand(UrlHelp urlHelp) {
        this.urlHelp = urlHelp;
    }

    /** Picocli calls this while building the command, after the source's annotated options. */
    @Spec
    final void init(CommandSpec spec) {
        this.spec = spec;
        declareShared(spec);
    }

    /** Adds the options every sign-in of this kind has; a subclass adding more calls this first. */
    protected void declareShared(CommandSpec spec) {
        tokenFile = option(spec, "--token-file", "PATH", Path.class, "Where to write the tokens. Default: "
                + "~/.config/ev-observer/" + source() + "-token.json (env " + variable("TOKEN_FILE") + ").");
        if (urlHelp.api() != null) {
            apiBaseUrl = option(spec, "--api-base-url", "URL", String.class, withVariable(urlHelp.api(), "API_BASE_URL"));
        }
        authBaseUrl = option(spec, "--auth-base-url", "URL", String.class, withVariable(urlHelp.auth(), "AUTH_BASE_URL"));
    }

    /**
     * The shared settings as the daemon would get them, from this command's {@code --token-file},
     * {@code --api-base-url} and {@code --auth-base-url} (null when not given).
     */
    protected final SourceContext context(List<String> vins) {
        return new SourceContext(apiBaseUrl == null ? null : apiBaseUrl.getValue(), authBaseUrl.getValue(),
                tokenFile.getValue(), vins, SelfMetrics.NOOP, clock);
    }

    /** The source's name: the subclass's {@code @Command} name (picocli names the spec only later). */
    protected final String source() {
        return getClass().getAnnotation(Command.class).name();
    }

    /** {@code EV_OBSERVER_<SOURCE>_<name>}. */
    protected final String variable(String name) {
        return "EV_OBSERVER_" + source().toUpperCase(Locale.ROOT) + "_" + name;
    }

    /** Adds a value-taking option without a default. */
    protected static OptionSpec option(CommandSpec spec, String name, String label, Class<?> type, String help) {
        OptionSpec option = OptionSpec.builder(name).paramLabel(label).type(type).description(help).build();
        spec.addOption(option);
        return option;
    }

    private String withVariable(String help, String name) {
        return help + " Env: " + variable(name) + ".";
    }

    /**
     * Signs in and writes the token file, telling the user on {@code out} what to do and what happened.
     * A {@link FetchException} is a failed sign-in ({@link #failed}); anything else reaches picocli.
     */
    protected abstract void signIn(PrintWriter out) throws Exception;

    /**
     * The line and exit code of a failed sign-in: by default 3 (authentication) or 1 (anything else).
     *
     * @return the exit code
     */
    protected int failed(FetchException e, PrintWriter err) {
        err.println("ev-observer: " + spec.name() + " login failed: " + e.getMessage());
        return e.reason() == Reason.AUTH ? ExitCode.LOGIN : ExitCode.FAILED;
    }

    @Override
    public final Integer call() throws Exception {
        try {
            signIn(spec.commandLine().getOut());
            return ExitCode.OK;
        } catch (FetchException e) {
            return failed(e, spec.commandLine().getErr());
        }
    }
}
