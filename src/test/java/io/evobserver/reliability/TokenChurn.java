package io.evobserver.reliability;

import io.evobserver.auth.OAuthTokens;
import io.evobserver.auth.TokenStore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Child process for {@link TokenKillTest}: refreshes the token file as fast as it can, the way
 * a token refresh does (read the current set, derive the next generation, save), until killed.
 * Every set is self-consistent: access and refresh token carry the same generation number.
 */
public final class TokenChurn {

    private TokenChurn() {
    }

    public static void main(String[] args) throws Exception {
        TokenStore store = new TokenStore("churn", Path.of(args[0]));
        // a body of a few kB so a kill often lands in the middle of writing it
        String padding = "x".repeat(4096);
        boolean announced = false;
        while (true) {
            OAuthTokens current = store.load().orElseThrow();
            long generation = Long.parseLong(current.accessToken().substring("access-".length())) + 1;
            store.save(new OAuthTokens("access-" + generation, "refresh-" + generation,
                    Instant.ofEpochSecond(1_800_000_000L + generation), "Bearer", "padding:" + padding, Map.of()));
            if (!announced) {
                System.out.println("churning");
                System.out.flush();
                announced = true;
            }
        }
    }
}
