package io.evobserver.source.tesla;

import io.evobserver.auth.BrowserLoginCommand;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.SourceSettings;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code ev-observer login tesla}: Tesla SSO sign-in (authorization code + PKCE), writes the token file. */
@Command(name = "tesla",
        description = {"Sign in with your Tesla account and write the Tesla token file.", BrowserLoginCommand.PASTE_OR_LISTEN})
final class LoginTeslaCommand extends BrowserLoginCommand {

    private final SourceSettings settings;

    LoginTeslaCommand(SourceSettings settings) {
        super(new UrlHelp("Tesla API base URL (default: the region's Fleet host). Also the login audience.",
                        "Base URL of the sign-in page and token endpoint (default https://auth.tesla.com and "
                                + "https://fleet-auth.prd.vn.cloud.tesla.com)."),
                new RedirectHelp("Fleet application", "http://localhost:PORT/callback",
                        "with --tesla-api owner: " + TeslaLogin.OWNER_REDIRECT_URI));
        this.settings = settings;
    }

    @Override
    protected void signIn(PrintWriter out) throws Exception {
        TeslaConfig config = TeslaSource.config(settings, context(List.of()));
        String redirect = redirectUri(TeslaLogin::loopbackRedirectUri,
                config.api() == TeslaConfig.Api.OWNER ? TeslaLogin.OWNER_REDIRECT_URI : null);
        new TeslaLogin(config, SelfMetrics.NOOP, clock).login(new TeslaLogin.Request(redirect, listenPort), pasted(), out);
    }
}
