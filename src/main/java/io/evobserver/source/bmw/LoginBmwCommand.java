package io.evobserver.source.bmw;

import io.evobserver.auth.LoginCommand;
import io.evobserver.auth.OAuthClient;
import io.evobserver.auth.TokenStore;
import io.evobserver.core.ExitCode;
import io.evobserver.core.FetchException;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code ev-observer login bmw}: CarData device-code sign-in; writes the token file. */
@Command(name = "bmw",
        description = {"Sign in to BMW CarData with the device-code flow and write the token file (mode 0600).",
                "First create a CarData client in the MyBMW portal and subscribe it to CarData API "
                        + "(and CarData Stream); see the README, section BMW."})
final class LoginBmwCommand extends LoginCommand {

    private final SourceSettings settings;

    @Option(names = "--bmw-scope", paramLabel = "SCOPES",
            description = "Space-separated scopes. Default: '" + BmwLogin.DEFAULT_SCOPE + "' (drop "
                    + "cardata:streaming:read when the client is not subscribed to CarData Stream).")
    String scope;

    LoginBmwCommand(SourceSettings settings) {
        super(new UrlHelp(null, "BMW's OAuth server. Default: https://customer.bmwgroup.com."));
        this.settings = settings;
    }

    @Override
    protected void signIn(PrintWriter out) throws Exception {
        String clientId = settings.require(BmwSource.CLIENT.id(), "for login bmw",
                "it is the CarData client id shown in the MyBMW portal");
        SourceContext context = context(List.of());
        Path target = TokenStore.configuredPath(context.tokenFile(), "bmw");
        BmwLogin login = new BmwLogin(context.authBaseUrl("bmw", BmwConfig.DEFAULT_AUTH), clientId, scope, clock,
                SelfMetrics.NOOP);
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
