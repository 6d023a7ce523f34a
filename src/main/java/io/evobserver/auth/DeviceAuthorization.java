package io.evobserver.auth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * A started device authorization (RFC 8628 section 3.2): show {@link #verificationUriComplete()}
 * (or {@link #verificationUri()} and {@link #userCode()}) to the user, then poll with
 * {@link OAuthClient#pollDeviceToken} or {@link OAuthClient#awaitDeviceToken}.
 *
 * @param verificationUriComplete null when the server sent none
 * @param interval                the minimum wait between polls (5 s when the server sent none)
 * @param expiresAt               when the device code stops working
 */
public record DeviceAuthorization(String deviceCode, String userCode, URI verificationUri,
                                  URI verificationUriComplete, Duration interval, Instant expiresAt) {

    /** The URI to show: the complete one (user code prefilled) when there is one. */
    public URI uriToShow() {
        return verificationUriComplete != null ? verificationUriComplete : verificationUri;
    }

    @Override
    public String toString() {
        return "DeviceAuthorization[deviceCode=<redacted>, userCode=" + userCode + ", verificationUri="
                + verificationUri + ", interval=" + interval + ", expiresAt=" + expiresAt + "]";
    }
}
