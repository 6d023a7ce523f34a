package io.evobserver.source.tesla;

import io.evobserver.auth.BrowserLoginCommand;
import io.evobserver.core.SelfMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ev-observer login tesla}: Tesla SSO sign-in (authorization code + PKCE), writes the token file. */
@Command(name = "tesla",
        description = {"Sign in with your Tesla account and write the Tesla token file.", BrowserLoginCommand.PASTE_OR_LISTEN})
final class LoginTeslaCommand extends BrowserLoginCommand {

    @Mixin
    TeslaOptions tesla = new TeslaOptions();

    @Option(names = "--tesla-redirect-uri", paramLabel = "URI",
            description = "The redirect URI registered for your Fleet application, exactly as registered. "
                    + "Env: EV_OBSERVER_TESLA_REDIRECT_URI. Default with --redirect-listen: http://localhost:PORT/callback; "
                    + "with --tesla-api owner: tesla://auth/callback.")
    String redirectUri;

    @Option(names = "--token-file", paramLabel = "PATH",
            description = "Where to write the tokens. Default: ~/.config/ev-observer/tesla-token.json "
                    + "(env EV_OBSERVER_TESLA_TOKEN_FILE).")
    Path tokenFile;

    @Option(names = "--api-base-url", paramLabel = "URL",
            description = "Tesla API base URL (default: the region's Fleet host). Also the login audience. "
                    + "Env: EV_OBSERVER_TESLA_API_BASE_URL.")
    String apiBaseUrl;

    @Option(names = "--auth-base-url", paramLabel = "URL",
            description = "Base URL of the sign-in page and token endpoint (default https://auth.tesla.com and "
                    + "https://fleet-auth.prd.vn.cloud.tesla.com). Env: EV_OBSERVER_TESLA_AUTH_BASE_URL.")
    String authBaseUrl;

    @Override
    protected void signIn(PrintWriter out) throws Exception {
        TeslaConfig config = tesla.config(apiBaseUrl, authBaseUrl, tokenFile, new ArrayList<>());
        String redirect = redirectUri(redirectUri, TeslaLogin::loopbackRedirectUri,
                config.api() == TeslaConfig.Api.OWNER ? TeslaLogin.OWNER_REDIRECT_URI : null, "Fleet application");
        new TeslaLogin(config, SelfMetrics.NOOP, clock).login(new TeslaLogin.Request(redirect, listenPort), pasted(), out);
    }
}
