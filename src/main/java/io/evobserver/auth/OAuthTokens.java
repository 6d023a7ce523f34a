package io.evobserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One vendor account's OAuth token set, as the token file stores it.
 *
 * <p>{@code expiresAt}, {@code refreshToken}, {@code tokenType} and {@code scope} may be null
 * (unknown / not issued). {@code extra} holds every other field (Tesla/BMW {@code id_token}, BMW
 * {@code gcid}, our {@code refreshed_at}, anything a user or a later version added) so that
 * rewriting the file never loses data. {@link #toString()} never shows token values.
 */
public record OAuthTokens(String accessToken, String refreshToken, Instant expiresAt, String tokenType,
                          String scope, Map<String, JsonNode> extra) {

    /** Extra field: when this token set was last obtained from the token endpoint (login or refresh). */
    public static final String REFRESHED_AT = "refreshed_at";

    /** The fields with their own record components; never duplicated into {@link #extra()}. */
    static final Set<String> KNOWN_FIELDS =
            Set.of("access_token", "refresh_token", "expires_at", "token_type", "scope");

    public OAuthTokens {
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        if (extra != null) {
            extra.forEach((name, value) -> {
                if (!KNOWN_FIELDS.contains(name)) {
                    copy.put(name, value == null ? NullNode.getInstance() : value);
                }
            });
        }
        extra = Collections.unmodifiableMap(copy);
    }

    /** A token set without extra fields. */
    public OAuthTokens(String accessToken, String refreshToken, Instant expiresAt, String tokenType, String scope) {
        this(accessToken, refreshToken, expiresAt, tokenType, scope, Map.of());
    }

    /**
     * Builds the token set a token endpoint answered (RFC 6749 section 5.1).
     *
     * @param response the JSON object of a successful token response
     * @param clock    turns {@code expires_in} (seconds) into {@code expiresAt}
     * @param previous the token set being refreshed, or null at login; its refresh token is kept
     *                 when the response has none, and its extra fields are carried over
     * @throws IllegalArgumentException when the response has no {@code access_token}
     */
    public static OAuthTokens fromTokenResponse(JsonNode response, Clock clock, OAuthTokens previous) {
        String access = text(response, "access_token");
        if (access == null || access.isEmpty()) {
            throw new IllegalArgumentException("token response has no access_token");
        }
        Instant now = clock.instant();
        Long expiresIn = seconds(response.get("expires_in"));
        String refresh = text(response, "refresh_token");
        Map<String, JsonNode> extra = new LinkedHashMap<>(previous == null ? Map.of() : previous.extra());
        for (Iterator<Map.Entry<String, JsonNode>> it = response.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!KNOWN_FIELDS.contains(field.getKey()) && !"expires_in".equals(field.getKey())) {
                extra.put(field.getKey(), field.getValue());
            }
        }
        extra.put(REFRESHED_AT, TextNode.valueOf(now.toString()));
        return new OAuthTokens(
                access,
                refresh != null ? refresh : previous == null ? null : previous.refreshToken(),
                expiresIn == null ? null : now.plusSeconds(expiresIn),
                firstNonNull(text(response, "token_type"), previous == null ? null : previous.tokenType()),
                firstNonNull(text(response, "scope"), previous == null ? null : previous.scope()),
                extra);
    }

    public boolean hasAccessToken() {
        return accessToken != null && !accessToken.isEmpty();
    }

    public boolean hasRefreshToken() {
        return refreshToken != null && !refreshToken.isEmpty();
    }

    /**
     * True when the access token expires within {@code margin} from now, or is missing. An unknown
     * expiry counts as not expiring: the vendor's 401 will tell, and the HTTP client then refreshes.
     */
    public boolean expiresWithin(Duration margin, Clock clock) {
        if (!hasAccessToken()) {
            return true;
        }
        return expiresAt != null && !clock.instant().plus(margin).isBefore(expiresAt);
    }

    /** A text-valued extra field ({@code id_token}, {@code gcid}, ...). */
    public Optional<String> extraText(String name) {
        JsonNode value = extra.get(name);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** When this token set was last obtained (the {@value #REFRESHED_AT} extra field), if known. */
    public Optional<Instant> refreshedAt() {
        try {
            return extraText(REFRESHED_AT).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A copy with one extra field set (e.g. the region's API base URL a vendor learned). */
    public OAuthTokens withExtra(String name, JsonNode value) {
        if (KNOWN_FIELDS.contains(name)) {
            throw new IllegalArgumentException(name + " is not an extra field");
        }
        Map<String, JsonNode> copy = new LinkedHashMap<>(extra);
        copy.put(name, value);
        return new OAuthTokens(accessToken, refreshToken, expiresAt, tokenType, scope, copy);
    }

    @Override
    public String toString() {
        // extra values may be secrets too (id_token), so only their names are shown
        return "OAuthTokens[accessToken=" + (hasAccessToken() ? "<redacted>" : "<none>")
                + ", refreshToken=" + (hasRefreshToken() ? "<redacted>" : "<none>")
                + ", expiresAt=" + expiresAt + ", tokenType=" + tokenType + ", scope=" + scope
                + ", extra=" + extra.keySet() + "]";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Long seconds(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.asLong();
        }
        try { // some servers send "3600"
            return Long.parseLong(value.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
