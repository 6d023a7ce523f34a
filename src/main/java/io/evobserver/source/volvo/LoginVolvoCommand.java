package io.evobserver.source.volvo;

import io.evobserver.auth.BrowserLogin;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.SourceContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ev-observer login volvo}: Volvo ID sign-in (authorization code + PKCE), writes the token file. */
@Command(name = "volvo", mixinStandardHelpOptions = true,
        description = {"Sign in with your Volvo ID and write the Volvo token file.",
                "Prints a URL to open in a browser; after signing in, paste the URL the browser was redirected to "
                        + "(or use --redirect-listen with a loopback redirect URI)."})
final class LoginVolvoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    VolvoOptions volvo = new VolvoOptions();

    @Option(names = "--volvo-redirect-uri", paramLabel = "URI",
            description = "The redirect URI registered for your Volvo application, exactly as registered. "
                    + "Env: EV_OBSERVER_VOLVO_REDIRECT_URI. Default with --redirect-listen: http://127.0.0.1:PORT/callback.")
    String redirectUri;

    @Option(names = "--redirect-listen", paramLabel = "PORT",
            description = "Receive the redirect on this loopback port instead of pasting it "
                    + "(the registered redirect URI must point to http://127.0.0.1:PORT or http://localhost:PORT).")
    Integer listenPort;

    @Option(names = "--volvo-scope", paramLabel = "SCOPE", split = "[ ,]",
            description = "Scopes to ask for, replacing the default read-only set of every endpoint ev-observer polls "
                    + "(use when your application was published with fewer). Repeatable or a list.")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--token-file", paramLabel = "PATH",
            description = "Where to write the tokens. Default: ~/.config/ev-observer/volvo-token.json "
                    + "(env EV_OBSERVER_VOLVO_TOKEN_FILE).")
    Path tokenFile;

    @Option(names = "--api-base-url", paramLabel = "URL",
            description = "Volvo API base URL (default https://api.volvocars.com). Env: EV_OBSERVER_VOLVO_API_BASE_URL.")
    String apiBaseUrl;

    @Option(names = "--auth-base-url", paramLabel = "URL",
            description = "Volvo ID base URL (default https://volvoid.eu.volvocars.com). "
                    + "Env: EV_OBSERVER_VOLVO_AUTH_BASE_URL.")
    String authBaseUrl;

    @Option(names = "--vin", paramLabel = "VIN", split = ",", defaultValue = "${env:EV_OBSERVER_VIN}",
            description = "Check that these vehicles are linked to the Volvo ID. Env: EV_OBSERVER_VIN.")
    List<String> vins = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        VolvoConfig config = volvo.config(apiBaseUrl, authBaseUrl, tokenFile, vins);
        String redirect = BrowserLogin.redirectUri(SourceContext.setting(redirectUri, "volvo", "REDIRECT_URI"),
                listenPort, VolvoLogin::loopbackRedirectUri, null, "--volvo-redirect-uri",
                "--volvo-redirect-uri is required (the redirect URI registered for your "
                        + "Volvo application), or --redirect-listen PORT for a loopback one");
        List<String> asked = scopes.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<String> scopeList = asked.isEmpty() ? VolvoLogin.defaultScopes(config.location()) : asked;
        PrintWriter out = spec.commandLine().getOut();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return BrowserLogin.exitCode("volvo", spec.commandLine().getErr(),
                () -> new VolvoLogin(config, SelfMetrics.NOOP, Clock.systemUTC())
                        .login(new VolvoLogin.Request(redirect, scopeList, listenPort), in, out));
    }
}
