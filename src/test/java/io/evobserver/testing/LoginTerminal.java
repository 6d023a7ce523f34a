package io.evobserver.testing;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The terminal of a browser login in a test: what the login prints, and the user who opens the
 * printed authorize URL and pastes back the redirect the browser shows ({@link PastedRedirect}).
 */
public final class LoginTerminal {

    private final PastedRedirect browser;
    private final StringWriter printed = new StringWriter();

    /** @param authorizePath the path of the vendor's authorize URL, which the login prints */
    public LoginTerminal(String authorizePath) {
        this.browser = new PastedRedirect(Pattern.compile("(http://\\S+" + Pattern.quote(authorizePath) + "\\?\\S+)"));
    }

    /** Where the login prints. */
    public PrintWriter out() {
        return new PrintWriter(printed, true);
    }

    /** What the user types: {@code redirect} applied to the printed authorize URL's parameters. */
    public BufferedReader pasting(Function<Map<String, String>, String> redirect) {
        return new BufferedReader(browser.pasting(printed, redirect));
    }

    public String printed() {
        return printed.toString();
    }

    /** The printed authorize URL's query parameters, decoded. */
    public Map<String, String> authorizeParams() {
        return browser.authorizeParams(printed.toString());
    }
}
