package io.evobserver.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A PKCE pair (RFC 7636): the secret {@code verifier} kept for the token request and its S256
 * {@code challenge} sent with the authorization request. {@link #toString()} hides the verifier.
 */
public record Pkce(String verifier, String challenge) {

    public static final String METHOD = "S256";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    public Pkce {
        Objects.requireNonNull(verifier, "verifier");
        if (!VERIFIER.matcher(verifier).matches()) {
            throw new IllegalArgumentException("PKCE verifier must be 43-128 characters of [A-Za-z0-9-._~]");
        }
        if (!challengeOf(verifier).equals(challenge)) {
            throw new IllegalArgumentException("PKCE challenge does not match the verifier");
        }
    }

    /** A new pair with an 86-character verifier (64 random bytes, base64url). */
    public static Pkce generate() {
        return fromVerifier(randomUrlSafe(64));
    }

    public static Pkce fromVerifier(String verifier) {
        return new Pkce(verifier, challengeOf(verifier));
    }

    /** BASE64URL(SHA-256(ASCII(verifier))) without padding. */
    public static String challengeOf(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return BASE64URL.encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A random OAuth {@code state} (CSRF protection), 32 random bytes, URL-safe. */
    public static String randomState() {
        return randomUrlSafe(32);
    }

    public String method() {
        return METHOD;
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return BASE64URL.encodeToString(random);
    }

    @Override
    public String toString() {
        return "Pkce[verifier=<redacted>, challenge=" + challenge + "]";
    }
}
