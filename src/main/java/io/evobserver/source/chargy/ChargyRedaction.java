package io.evobserver.source.chargy;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Masks credentials in the feed URL before it reaches a log line, an exception message or a
 * metric attribute. The key travels as a query parameter, so any text that might echo the URL
 * (our own messages, JDK exception messages) goes through here.
 */
final class ChargyRedaction {

    static final String MASK = "***";
    /** Parameter names treated as secrets, compared in lower case. */
    private static final Set<String> SECRET_PARAMS = Set.of("api-key", "apikey", "api_key", "key", "token",
            "access_token");

    private ChargyRedaction() {
    }

    /** The URL without user info and with secret query values masked. */
    static String redact(URI uri) {
        if (uri == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        if (uri.getScheme() != null) {
            sb.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            sb.append(uri.getHost());
            if (uri.getPort() >= 0) {
                sb.append(':').append(uri.getPort());
            }
        }
        if (uri.getRawPath() != null) {
            sb.append(uri.getRawPath());
        }
        String query = uri.getRawQuery();
        if (query != null) {
            sb.append('?');
            String[] pairs = query.split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                if (i > 0) {
                    sb.append('&');
                }
                String pair = pairs[i];
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                if (eq >= 0 && SECRET_PARAMS.contains(name.toLowerCase(Locale.ROOT))) {
                    sb.append(name).append('=').append(MASK);
                } else {
                    sb.append(pair);
                }
            }
        }
        return sb.toString();
    }

    /**
     * Text with every secret value of {@code uri} replaced by the mask: for messages we did not
     * write ourselves (JDK exceptions may quote the request URI).
     */
    static String scrub(String text, URI uri) {
        if (text == null || uri == null || uri.getRawQuery() == null) {
            return text;
        }
        String out = text;
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq >= 0 && SECRET_PARAMS.contains(pair.substring(0, eq).toLowerCase(Locale.ROOT))) {
                String raw = pair.substring(eq + 1);
                if (!raw.isEmpty()) {
                    out = out.replace(raw, MASK);
                    String decoded = java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
                    out = out.replace(decoded, MASK);
                }
            }
        }
        if (uri.getRawUserInfo() != null) {
            out = out.replace(uri.getRawUserInfo(), MASK);
        }
        return out;
    }
}
