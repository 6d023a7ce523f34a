package io.evobserver.testing;

/**
 * The made-up developer application of a vendor test: what the options name and the token file
 * holds after a login. The secret parts carry {@code SECRET} so that a leak into output or logs is
 * easy to assert against.
 */
public record TestApplication(String clientId, String clientSecret, String accessToken, String refreshToken) {
}
