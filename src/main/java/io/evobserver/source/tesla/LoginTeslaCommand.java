package io.evobserver.source.tesla;

import io.evobserver.auth.BrowserLogin;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.SourceContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ev-observer login tesla}: Tesla SSO sign-in (authorization code + PKCE), writes the token file. */
@Command(name = "tesla", mixinStandardHelpOptions = true,
        description = {"Sign in with your Tesla account and write the Tesla token file.",
                "Prints a URL to open in a browser; after signing in, paste the URL the browser was sent to "
                        + "(or use --redirect-listen with a loopback redirect URI)."})
final class LoginTeslaCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TeslaOptions tesla = new TeslaOptions();

    @Option(names = "--tesla-redirect-uri", paramLabel = "URI",
            description = "The redirect URI registered for your Fleet application, exactly as registered. "
                    + "Env: EV_OBSERVER_TESLA_REDIRECT_URI. Default with --redirect-listen: http://localhost:PORT/callback; "
                    + "with --tesla-api owner: tesla://auth/callback.")
    String redirectUri;

    @Option(names = "--redirect-listen", paramLabel = "PORT",
            description = "Receive the redirect on this loopback port instead of pasting it "
                    + "(the registered redirect URI must be http://localhost:PORT/...).")
    Integer listenPort;

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

    /** For tests: where the pasted URL comes from (stdin otherwise). */
    BufferedReader input;

    @Override
    public Integer call() throws Exception {
        TeslaConfig config = tesla.config(apiBaseUrl, authBaseUrl, tokenFile, new ArrayList<>());
        String redirect = BrowserLogin.redirectUri(SourceContext.setting(redirectUri, "tesla", "REDIRECT_URI"),
                listenPort, TeslaLogin::loopbackRedirectUri,
                config.api() == TeslaConfig.Api.OWNER ? TeslaLogin.OWNER_REDIRECT_URI : null, "--tesla-redirect-uri",
                "--tesla-redirect-uri is required (the redirect URI registered for your "
                        + "Fleet application), or --redirect-listen PORT for a loopback one");
        PrintWriter out = spec.commandLine().getOut();
        BufferedReader in = input != null ? input
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return BrowserLogin.exitCode("tesla", spec.commandLine().getErr(),
                () -> new TeslaLogin(config, SelfMetrics.NOOP, Clock.systemUTC())
                        .login(new TeslaLogin.Request(redirect, listenPort), in, out));
    }

}
