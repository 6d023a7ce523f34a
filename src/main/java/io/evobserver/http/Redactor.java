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
 * The one redaction rule for everything logged or put in a message: URLs lose their user info
 * and sensitive query values, VINs in URL paths are shortened, header values are never shown
 * (only names), tokens never. A name is sensitive when it names a credential ({@code Authorization},
 * {@code access_token}, {@code client_secret}, {@code code}, {@code vcc-api-key}, {@code apiKey},
 * {@code password}, ...); over-masking is preferred to leaking. Values the process knows to be
 * secret (token-file contents, export header values, URL user info) are {@link #remember remembered}
 * and masked wherever they turn up, also in the log lines of libraries.
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
    /** {@code scheme://user:password@} in text that is not (or not only) a parseable URI. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.\\-]*://)[^/@\\s?#]*@");
    /** ISO 3779: 17 characters, no I, O or Q. */
    private static final Pattern VIN = Pattern.compile("(?i)[A-HJ-NPR-Z0-9]{17}");
    /** The characters an HTTP header name may have (RFC 9110 token). */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z\\-]+");
    /** Bounded so that a long-running process that keeps refreshing tokens cannot grow it without end. */
    private static final int MAX_REMEMBERED = 256;
    private static final java.util.Deque<String> REMEMBERED = new java.util.concurrent.ConcurrentLinkedDeque<>();

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
            boolean sensitive = isSensitive(decodeOrRaw(name));
            out.append(sensitive && eq >= 0 ? name + "=" + MASK : pair);
        }
        return out.toString();
    }

    /**
     * A URI as text: user info masked, sensitive query values masked, VIN path segments shortened
     * (vendor terms ask not to log full VINs; {@code /vehicles/{vin}} is in most request paths).
     */
    public static String redactUri(URI uri) {
        if (uri == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        if (uri.getScheme() != null) {
            out.append(uri.getScheme()).append("://");
        }
        if (uri.getRawUserInfo() != null) {
            out.append(MASK).append('@');
        }
        if (uri.getHost() != null) {
            out.append(uri.getHost());
            if (uri.getPort() >= 0) {
                out.append(':').append(uri.getPort());
            }
        }
        if (uri.getRawPath() != null) {
            for (String segment : uri.getRawPath().split("/", -1)) {
                out.append(VIN.matcher(segment).matches() ? vin(segment) : segment).append('/');
            }
            out.setLength(out.length() - 1);
        }
        if (uri.getRawQuery() != null) {
            out.append('?').append(redactQuery(uri.getRawQuery()));
        }
        return out.toString();
    }

    /** A URL the user typed, for a message: as {@link #redactUri} when it parses, else with any user info masked. */
    public static String redactUrl(String url) {
        if (url == null) {
            return "null";
        }
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() != null && uri.getRawAuthority() != null && (uri.getHost() != null
                    || uri.getRawUserInfo() == null)) {
                return redactUri(uri);
            }
        } catch (java.net.URISyntaxException e) {
            // fall through to the textual rule
        }
        return redactText(USER_INFO.matcher(url).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@")));
    }

    /**
     * Every secret value a URI carries, raw and decoded: its user info and the values of its
     * sensitive query parameters. For scrubbing messages we did not write (JDK exceptions quote URIs).
     */
    public static List<String> secretsOf(URI uri) {
        List<String> secrets = new java.util.ArrayList<>();
        if (uri == null) {
            return secrets;
        }
        if (uri.getRawUserInfo() != null) {
            secrets.add(uri.getRawUserInfo());
            secrets.add(URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8));
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && eq < pair.length() - 1 && isSensitive(decodeOrRaw(pair.substring(0, eq)))) {
                    secrets.add(pair.substring(eq + 1));
                    secrets.add(decodeOrRaw(pair.substring(eq + 1)));
                }
            }
        }
        return secrets;
    }

    private static String decodeOrRaw(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** A VIN for a log line: its last four characters only ({@code …0042}), enough to tell one's cars apart. */
    public static String vin(String vin) {
        if (vin == null) {
            return "null";
        }
        String v = vin.strip();
        return v.length() <= 4 ? "…" : "…" + v.substring(v.length() - 4);
    }

    /**
     * What a message may say about a header the user gave ({@code Name: value}, {@code Name=value}
     * or anything else): its name when it starts with one, never any part of its value.
     */
    public static String headerName(String raw) {
        if (raw == null) {
            return "";
        }
        Matcher m = HEADER_NAME.matcher(raw.strip());
        return m.lookingAt() ? m.group() : "";
    }

    /** Header names for a log line, sorted; values are never shown. */
    public static java.util.SortedSet<String> headerNames(Map<String, List<String>> headers) {
        java.util.SortedSet<String> out = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        out.addAll(headers.keySet());
        return out;
    }

    /** Headers for a log line: every value masked (only the names say anything), names sorted. */
    public static Map<String, String> redactHeaders(Map<String, List<String>> headers) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> out.put(name, MASK));
        return out;
    }

    /**
     * Marks a value as secret for the rest of the process: {@link #redactText} masks it wherever
     * it appears (the log formatter runs every line through it, library lines included).
     */
    public static void remember(String secret) {
        if (secret == null || secret.strip().length() < 4 || REMEMBERED.contains(secret)) {
            return;
        }
        REMEMBERED.addFirst(secret);
        if (!secret.strip().equals(secret)) {
            REMEMBERED.addFirst(secret.strip());
        }
        while (REMEMBERED.size() > MAX_REMEMBERED) {
            REMEMBERED.pollLast();
        }
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
        for (String secret : REMEMBERED) {
            out = out.replace(secret, MASK);
        }
        out = USER_INFO.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
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
