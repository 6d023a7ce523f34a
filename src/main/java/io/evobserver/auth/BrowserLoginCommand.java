package io.evobserver.auth;

import io.evobserver.core.SourceContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * A {@code login NAME} command that signs in through a browser ({@link BrowserLogin}): the redirect
 * comes back pasted or, with {@code --redirect-listen}, to a loopback listener. This class declares
 * {@code --NAME-redirect-uri} and resolves which redirect URI is used; the source names its forms.
 */
public abstract class BrowserLoginCommand extends LoginCommand {

    /**
     * What the source's redirect URI is, for the help of {@code --NAME-redirect-uri}.
     *
     * @param application  what the user registered it for ({@code Fleet application})
     * @param loopbackForm the default with {@code --redirect-listen} ({@code http://localhost:PORT/callback})
     * @param otherDefault another default and when it applies, or null
     */
    public record RedirectHelp(String application, String loopbackForm, String otherDefault) {
    }

    /** The second line of such a command's description: how the redirect comes back. */
    public static final String PASTE_OR_LISTEN = "Prints a URL to open in a browser; after signing in, paste the URL the "
            + "browser was sent to (or use --redirect-listen with a loopback redirect URI).";

    @Option(names = "--redirect-listen", paramLabel = "PORT",
            description = "Receive the redirect on this loopback port instead of pasting it (the registered "
                    + "redirect URI must then point to http://localhost:PORT or http://127.0.0.1:PORT; "
                    + "see --${COMMAND-NAME}-redirect-uri).")
    protected Integer listenPort;

    private final RedirectHelp redirectHelp;
    private OptionSpec redirectUri;

    protected BrowserLoginCommand(UrlHelp urlHelp, RedirectHelp redirectHelp) {
        super(urlHelp);
        this.redirectHelp = redirectHelp;
    }

    @Override
    protected void declareShared(CommandSpec spec) {
        super.declareShared(spec);
        redirectUri = option(spec, "--" + source() + "-redirect-uri", "URI", String.class, "The redirect URI "
                + "registered for your " + redirectHelp.application() + ", exactly as registered. Env: "
                + variable("REDIRECT_URI") + ". Default with --redirect-listen: " + redirectHelp.loopbackForm()
                + (redirectHelp.otherDefault() == null ? "" : "; " + redirectHelp.otherDefault()) + ".");
    }

    /** For tests: where the pasted URL comes from (stdin otherwise). */
    protected BufferedReader input;

    /** Where the pasted redirect URL is read from. */
    protected final BufferedReader pasted() {
        return input != null ? input : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }

    /**
     * The redirect URI of this sign-in: the {@code --NAME-redirect-uri} flag or its
     * {@code EV_OBSERVER_NAME_REDIRECT_URI} variable, else {@code loopback} for {@code --redirect-listen},
     * else {@code fallback}.
     */
    protected final String redirectUri(IntFunction<String> loopback, String fallback) {
        String option = redirectUri.longestName();
        return BrowserLogin.redirectUri(SourceContext.setting(redirectUri.getValue(), source(), "REDIRECT_URI"),
                listenPort, loopback, fallback, option, option + " is required (the redirect URI registered for your "
                        + redirectHelp.application() + "), or --redirect-listen PORT for a loopback one");
    }
}
