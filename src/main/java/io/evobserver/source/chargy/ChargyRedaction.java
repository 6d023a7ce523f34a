package io.evobserver.source.chargy;

import io.evobserver.http.Redactor;

import java.net.URI;

/**
 * The feed URL carries its key as a query parameter, so every text that might echo the URL (our
 * own messages, JDK exception messages) goes through the project's one rule, {@link Redactor}.
 */
final class ChargyRedaction {

    private ChargyRedaction() {
    }

    /** The URL with its user info and key masked. */
    static String redact(URI uri) {
        return Redactor.redactUri(uri);
    }

    /** Text with every secret value of {@code uri} (raw or decoded) masked. */
    static String scrub(String text, URI uri) {
        return Redactor.redactText(text, Redactor.secretsOf(uri).toArray(String[]::new));
    }
}
