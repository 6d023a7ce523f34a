/**
 * OAuth 2.0 for the vendor clouds: the token file ({@link io.evobserver.auth.TokenStore}), the token
 * endpoint ({@link io.evobserver.auth.OAuthClient}: code + PKCE, refresh, device flow), the per-account
 * access token with refresh-before-use ({@link io.evobserver.auth.TokenProvider}), and the browser
 * half of a login ({@link io.evobserver.auth.LoginSupport}, {@link io.evobserver.auth.LocalCallbackServer}),
 * and what every {@code login NAME} command shares ({@link io.evobserver.auth.LoginCommand},
 * {@link io.evobserver.auth.BrowserLoginCommand}).
 *
 * <pre>{@code
 * OAuthClient oauth = OAuthClient.builder("volvo", URI.create("https://volvoid.eu.volvocars.com/as/token.oauth2"), clientId)
 *         .clientSecret(clientSecret, OAuthClient.ClientAuthentication.BASIC)
 *         .selfMetrics(selfMetrics).build();
 * TokenProvider tokens = new TokenProvider(new TokenStore("volvo", tokenFile), oauth::refresh, clock);
 * tokens.refreshIfOlderThan(Duration.ofDays(1)); // Volvo refresh tokens lapse after 7 unused days
 * JsonNode vehicles = api.get("/vehicles", "/vehicles", Map.of(), tokens);
 * }</pre>
 *
 * Depends on {@code core} and {@code http}; the login commands on picocli.
 */
package io.evobserver.auth;
