package io.evobserver.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in what is logged or put in messages: header values, query and form parameters,
 * JSON fields and free text. A name is sensitive when it names a credential ({@code Authorization},
 * {@code access_token}, {@code client_secret}, {@code code}, {@code vcc-api-key}, {@code apiKey},
 * {@code password}, ...); over-masking is preferred to leaking.
 */
public final class Redactor {

    public static final String MASK = "<redacted>";

    private static final Set<String> EXACT = Set.of("code", "authorization", "cookie", "setcookie",
            "password", "passwd", "pwd", "codeverifier", "devicecode", "assertion", "signature", "sig", "vin", "usercode",
            "hcaptchatoken", "proxyauthorization", "xapikey", "session", "sessionid");
    private static final List<String> PARTS = List.of("token", "secret", "password", "apikey", "key", "auth",
            "credential", "cookie", "session");

    private static final Pattern JSON_FIELD = Pattern.compile("\"([A-Za-z0-9_\\-]+)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern PAIR = Pattern.compile("([A-Za-z0-9_\\-.]+)=([^&\\s\"',;]+)");
    private static final Pattern SCHEME = Pattern.compile("(?i)\\b(Bearer|Basic)\\s+[A-Za-z0-9\\-._~+/=]+");

    private Redactor() {
    }

    /** Whether a header, parameter or field of this name holds a secret. Case and separators are ignored. */
    public static boolean isSensitive(String name) {
        String normal = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
        if (EXACT.contains(normal)) {
            return true;
        }
        for (String part : PARTS) {
            if (normal.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** A raw query ({@code a=1&access_token=x}) with the values of sensitive parameters masked. */
    public static String redactQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return rawQuery;
        }
        StringBuilder out = new StringBuilder();
        for (String pair : rawQuery.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            boolean sensitive = isSensitive(URLDecoder.decode(name, StandardCharsets.UTF_8));
            out.append(sensitive && eq >= 0 ? name + "=" + MASK : pair);
        }
        return out.toString();
    }

    /** A URI as text, without user info and with sensitive query values masked. */
    public static String redactUri(URI uri) {
        StringBuilder out = new StringBuilder();
        if (uri.getScheme() != null) {
            out.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            out.append(uri.getHost());
            if (uri.getPort() >= 0) {
                out.append(':').append(uri.getPort());
            }
        }
        out.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            out.append('?').append(redactQuery(uri.getRawQuery()));
        }
        return out.toString();
    }

    /** Headers for a log line, sensitive values masked, names sorted. */
    public static Map<String, String> redactHeaders(Map<String, List<String>> headers) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> out.put(name, isSensitive(name) ? MASK : String.join(", ", values)));
        return out;
    }

    /**
     * Free text (a response body, an error description) with secrets masked: sensitive JSON string
     * fields, sensitive {@code name=value} pairs, {@code Bearer}/{@code Basic} credentials, and every
     * occurrence of the given known secret values (current tokens, the client secret).
     */
    public static String redactText(String text, String... knownSecrets) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : knownSecrets) {
            if (secret != null && secret.length() >= 4) { // tiny values would mask ordinary words
                out = out.replace(secret, MASK);
            }
        }
        out = replaceSensitive(JSON_FIELD, out, m -> "\"" + m.group(1) + "\":\"" + MASK + "\"");
        out = replaceSensitive(PAIR, out, m -> m.group(1) + "=" + MASK);
        return SCHEME.matcher(out).replaceAll(m -> m.group(1) + " " + MASK);
    }

    private interface Replacement {
        String of(Matcher match);
    }

    private static String replaceSensitive(Pattern pattern, String text, Replacement replacement) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String kept = isSensitive(matcher.group(1)) ? replacement.of(matcher) : matcher.group();
            matcher.appendReplacement(out, Matcher.quoteReplacement(kept));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
