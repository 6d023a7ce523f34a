package io.evobserver.source.volvo;

import io.evobserver.auth.BrowserLoginCommand;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.SourceSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code ev-observer login volvo}: Volvo ID sign-in (authorization code + PKCE), writes the token file. */
@Command(name = "volvo",
        description = {"Sign in with your Volvo ID and write the Volvo token file.", BrowserLoginCommand.PASTE_OR_LISTEN})
final class LoginVolvoCommand extends BrowserLoginCommand {

    private final SourceSettings settings;

    @Option(names = "--volvo-scope", paramLabel = "SCOPE", split = "[ ,]",
            description = "Scopes to ask for, replacing the default read-only set of every endpoint ev-observer polls "
                    + "(use when your application was published with fewer). Repeatable or a list.")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--vin", paramLabel = "VIN", split = ",", defaultValue = "${env:EV_OBSERVER_VIN}",
            description = "Check that these vehicles are linked to the Volvo ID. Env: EV_OBSERVER_VIN.")
    List<String> vins = new ArrayList<>();

    LoginVolvoCommand(SourceSettings settings) {
        super(new UrlHelp("Volvo API base URL (default https://api.volvocars.com).",
                        "Volvo ID base URL (default https://volvoid.eu.volvocars.com)."),
                new RedirectHelp("Volvo application", "http://127.0.0.1:PORT/callback", null));
        this.settings = settings;
    }

    @Override
    protected void signIn(PrintWriter out) throws Exception {
        VolvoConfig config = VolvoSource.config(settings, context(vins));
        String redirect = redirectUri(VolvoLogin::loopbackRedirectUri, null);
        List<String> asked = scopes.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<String> scopeList = asked.isEmpty() ? VolvoLogin.defaultScopes(config.location()) : asked;
        new VolvoLogin(config, SelfMetrics.NOOP, clock)
                .login(new VolvoLogin.Request(redirect, scopeList, listenPort), pasted(), out);
    }
}
