package io.evobserver.auth;

import io.evobserver.core.SourceOption;

/**
 * The options naming a source's OAuth client, spelled alike for every source that has one:
 * {@code --NAME-client-id} and, for a client with a secret, {@code --NAME-client-secret}.
 *
 * @param id     the client id
 * @param secret the client secret, or null for a public client (device code, PKCE only)
 */
public record OAuthClientOptions(SourceOption id, SourceOption secret) {

    /**
     * @param idLabel    what the id looks like in the help ({@code ID}, {@code UUID})
     * @param secretHelp what the secret is; null for a client without one
     */
    public static OAuthClientOptions of(String source, String idLabel, String idHelp, String secretHelp) {
        return new OAuthClientOptions(SourceOption.text(source + "-client-id", idLabel, idHelp),
                secretHelp == null ? null : SourceOption.secret(source + "-client-secret", "SECRET", secretHelp));
    }
}
