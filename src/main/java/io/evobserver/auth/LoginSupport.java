package io.evobserver.auth;

import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.http.Redactor;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The browser half of an authorization-code login: the authorize URL to open, and the code taken
 * from the redirect the user pastes (or {@link LocalCallbackServer} receives).
 */
public final class LoginSupport {

    private LoginSupport() {
    }

    /**
     * The authorize URL: {@code endpoint} plus these query parameters in order (values encoded as
     * RFC 3986 requires; spaces as {@code %20}), appended to any query it already has.
     */
    public static URI authorizeUrl(URI endpoint, Map<String, String> params) {
        String query = params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        String base = endpoint.toString();
        String separator = endpoint.getRawQuery() == null ? "?" : base.endsWith("&") ? "" : "&";
        return URI.create(query.isEmpty() ? base : base + separator + query);
    }

    /**
     * The usual authorization-code request with PKCE: {@code response_type=code}, {@code client_id},
     * {@code redirect_uri}, {@code scope}, {@code state}, the S256 challenge, then {@code extra}
     * (e.g. Tesla's {@code prompt_missing_scopes}, {@code locale}).
     */
    public static URI authorizeUrl(URI endpoint, String clientId, String redirectUri, String scope, String state,
                                   Pkce pkce, Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        params.put("scope", scope);
        params.put("state", state);
        if (pkce != null) {
            params.put("code_challenge", pkce.challenge());
            params.put("code_challenge_method", pkce.method());
        }
        params.putAll(extra);
        return authorizeUrl(endpoint, params);
    }

    /**
     * The authorization code from a redirect URL the user pasted (whole URL, or just its query).
     *
     * @throws FetchException AUTH with a one-line message when the redirect carries an {@code error},
     *                        the {@code state} does not match, or there is no {@code code}
     */
    public static String codeFromRedirect(String pasted, String expectedState) throws FetchException {
        String text = pasted == null ? "" : pasted.strip();
        int question = text.indexOf('?');
        String query = question >= 0 ? text.substring(question + 1) : text;
        int hash = query.indexOf('#');
        if (hash >= 0) {
            query = query.substring(0, hash);
        }
        return codeFromQuery(query, expectedState);
    }

    /** Like {@link #codeFromRedirect}, for a raw query string ({@code code=...&state=...}). */
    static String codeFromQuery(String rawQuery, String expectedState) throws FetchException {
        Map<String, String> params = decode(rawQuery);
        if (params.containsKey("error")) {
            String description = params.getOrDefault("error_description", "").strip();
            throw new FetchException(Reason.AUTH, "sign-in failed: " + oneLine(params.get("error"))
                    + (description.isEmpty() ? "" : " (" + oneLine(description) + ")"));
        }
        String state = params.get("state");
        if (state == null || !constantTimeEquals(state, expectedState)) {
            throw new FetchException(Reason.AUTH, "sign-in failed: the redirect's state does not match this login"
                    + " attempt; start the login again and paste the newest redirect URL");
        }
        String code = params.get("code");
        if (code == null || code.isEmpty()) {
            throw new FetchException(Reason.AUTH, "sign-in failed: the redirect URL has no code parameter");
        }
        return code;
    }

    private static Map<String, String> decode(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                params.putIfAbsent(name, value); // a stray % in pasted text: keep it raw
            }
        }
        return params;
    }

    private static String oneLine(String text) {
        String line = Redactor.redactText(text.replaceAll("\\s+", " ").strip());
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
