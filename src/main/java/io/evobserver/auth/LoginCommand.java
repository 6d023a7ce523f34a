package io.evobserver.auth;

import io.evobserver.core.ExitCode;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code ev-observer login NAME} command does: run the source's sign-in and turn a
 * failure into one line and an exit code. The command's name is the source's name; the source
 * declares its own options (picocli also reads the annotated fields of this class, and takes
 * {@code --help} and {@code --version} from its {@code @Command}).
 */
@Command(mixinStandardHelpOptions = true)
public abstract class LoginCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    /** The clock the sign-in dates the tokens with. */
    protected final Clock clock = Clock.systemUTC();

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
