package io.evobserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.auth.OAuthTokens;
import io.evobserver.auth.TokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What every vendor rig has: the vendor cloud (API and sign-in) on one local {@link StubServer},
 * a fake clock, and the account's token file written as a login would leave it. A vendor's rig
 * extends this with its routes and configuration.
 */
public abstract class VendorCloudRig implements AutoCloseable {

    public final StubServer stub = StubServer.start();
    public final MutableClock clock;
    public final Path tokenFile;
    private final String vendor;
    private final TestApplication application;

    /** The token file is {@code <vendor>-token.json} in {@code dir}; the clock starts at {@code start}. */
    protected VendorCloudRig(String vendor, TestApplication application, Path dir, Instant start) {
        this.vendor = vendor;
        this.application = application;
        this.clock = new MutableClock(start);
        this.tokenFile = dir.resolve(vendor + "-token.json");
    }

    /** Saves the application's access and refresh token, valid for {@code validFor} from now. */
    public void saveTokens(Duration validFor, String scope, Map<String, JsonNode> extra) {
        OAuthTokens tokens = new OAuthTokens(application.accessToken(), application.refreshToken(),
                clock.instant().plus(validFor), "Bearer", scope, extra);
        try {
            new TokenStore(vendor, tokenFile).save(tokens);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Readies a browser login against this cloud: the token endpoint at {@code tokenPath} answers the
     * code exchange with the vendor's {@code token_response.json}. Returns the login's terminal.
     */
    protected LoginTerminal browserLogin(String tokenPath, String authorizePath) {
        stub.on("POST", tokenPath).respondAlways(StubServer.Response.fixture(200, vendor + "/token_response.json"));
        return new LoginTerminal(authorizePath);
    }

    public OAuthTokens storedTokens() throws Exception {
        return new TokenStore(vendor, tokenFile).load().orElseThrow();
    }

    @Override
    public void close() {
        stub.close();
    }
}
