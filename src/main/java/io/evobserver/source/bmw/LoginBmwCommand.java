package io.evobserver.source.bmw;

import io.evobserver.auth.LoginCommand;
import io.evobserver.auth.OAuthClient;
import io.evobserver.auth.TokenStore;
import io.evobserver.core.ConfigurationException;
import io.evobserver.core.ExitCode;
import io.evobserver.core.FetchException;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.SourceContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code ev-observer login bmw}: CarData device-code sign-in; writes the token file. */
@Command(name = "bmw",
        description = {"Sign in to BMW CarData with the device-code flow and write the token file (mode 0600).",
                "First create a CarData client in the MyBMW portal and subscribe it to CarData API "
                        + "(and CarData Stream); see the README, section BMW."})
final class LoginBmwCommand extends LoginCommand {

    @Option(names = "--bmw-client-id", paramLabel = "UUID", defaultValue = "${env:EV_OBSERVER_BMW_CLIENT_ID}",
            description = "The CarData client id shown in the MyBMW portal. Env: EV_OBSERVER_BMW_CLIENT_ID.")
    String clientId;

    @Option(names = "--bmw-scope", paramLabel = "SCOPES",
            description = "Space-separated scopes. Default: '" + BmwLogin.DEFAULT_SCOPE + "' (drop "
                    + "cardata:streaming:read when the client is not subscribed to CarData Stream).")
    String scope;

    @Option(names = "--token-file", paramLabel = "PATH",
            description = "Where to write the tokens. Default: ~/.config/ev-observer/bmw-token.json "
                    + "(env EV_OBSERVER_BMW_TOKEN_FILE).")
    Path tokenFile;

    @Option(names = "--auth-base-url", paramLabel = "URL",
            description = "BMW's OAuth server. Default: https://customer.bmwgroup.com. "
                    + "Env: EV_OBSERVER_BMW_AUTH_BASE_URL.")
    String authBaseUrl;

    @Override
    protected void signIn(PrintWriter out) throws Exception {
        if (clientId == null || clientId.isBlank()) {
            throw new ConfigurationException("login bmw: --bmw-client-id is required (the CarData client id from the "
                    + "MyBMW portal)");
        }
        Path target = TokenStore.configuredPath(tokenFile, "bmw");
        BmwLogin login = new BmwLogin(SourceContext.httpUrl("--auth-base-url",
                SourceContext.setting(authBaseUrl, "bmw", "AUTH_BASE_URL"), BmwConfig.DEFAULT_AUTH),
                clientId.trim(), scope, clock, SelfMetrics.NOOP);
        login.login(target, prompt -> {
            out.println("Open this page, sign in with your BMW ID and approve ev-observer:");
            out.println();
            out.println("    " + prompt.uriToOpen());
            out.println();
            out.println("or go to " + prompt.verificationUri() + " and enter the code " + prompt.userCode());
            out.println("Waiting for approval (the code is valid for " + prompt.expiresInSeconds() + " s) ...");
            out.flush();
        }, OAuthClient.Sleeper.REAL);
        out.println("Signed in. Tokens written to " + target + " (mode 0600).");
        out.println("Next: ev-observer run --vehicle bmw");
    }

    /** Any failure of the device flow is a failed sign-in (exit 3). */
    @Override
    protected int failed(FetchException e, PrintWriter err) {
        err.println("ev-observer: BMW sign-in failed: " + e.getMessage());
        return ExitCode.LOGIN;
    }
}
