package io.evobserver.auth;

import io.evobserver.core.SourceContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;
import picocli.CommandLine.Option;

/**
 * A {@code login NAME} command that signs in through a browser ({@link BrowserLogin}): the redirect
 * comes back pasted or, with {@code --redirect-listen}, to a loopback listener. The source declares
 * {@code --NAME-redirect-uri} and names its loopback form; this class resolves which one is used.
 */
public abstract class BrowserLoginCommand extends LoginCommand {

    /** The second line of such a command's description: how the redirect comes back. */
    public static final String PASTE_OR_LISTEN = "Prints a URL to open in a browser; after signing in, paste the URL the "
            + "browser was sent to (or use --redirect-listen with a loopback redirect URI).";

    @Option(names = "--redirect-listen", paramLabel = "PORT",
            description = "Receive the redirect on this loopback port instead of pasting it (the registered "
                    + "redirect URI must then point to http://localhost:PORT or http://127.0.0.1:PORT; "
                    + "see --${COMMAND-NAME}-redirect-uri).")
    protected Integer listenPort;

    /** For tests: where the pasted URL comes from (stdin otherwise). */
    protected BufferedReader input;

    /** Where the pasted redirect URL is read from. */
    protected final BufferedReader pasted() {
        return input != null ? input : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }

    /**
     * The redirect URI of this sign-in: {@code given} (the {@code --NAME-redirect-uri} flag) or its
     * {@code EV_OBSERVER_NAME_REDIRECT_URI} variable, else {@code loopback} for {@code --redirect-listen},
     * else {@code fallback}.
     *
     * @param application what the user registered the URI for, in the message when none is given
     *                    ({@code Fleet application})
     */
    protected final String redirectUri(String given, IntFunction<String> loopback, String fallback,
                                       String application) {
        String option = "--" + spec.name() + "-redirect-uri";
        return BrowserLogin.redirectUri(SourceContext.setting(given, spec.name(), "REDIRECT_URI"), listenPort,
                loopback, fallback, option, option + " is required (the redirect URI registered for your "
                        + application + "), or --redirect-listen PORT for a loopback one");
    }
}
