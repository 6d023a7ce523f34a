package io.evobserver.http;

import io.evobserver.core.FetchException;

/**
 * Where {@link JsonHttpClient} gets bearer tokens. {@code io.evobserver.auth.TokenProvider} is the
 * real one; a test or a "bring your own token" mode can pass a lambda-backed fake.
 */
public interface AccessTokenSource {

    /** A currently valid access token (refreshed first when about to expire). */
    String accessToken() throws FetchException;

    /**
     * Called once after the API rejected {@code rejectedToken} (HTTP 401): returns a fresh token,
     * refreshing unless another caller already replaced the rejected one.
     */
    String refreshAfterUnauthorized(String rejectedToken) throws FetchException;
}
