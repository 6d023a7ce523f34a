package io.evobserver.telemetry;

import io.evobserver.http.Redactor;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Checks export headers ({@code --otlp-header K=V}, {@code OTEL_EXPORTER_OTLP_HEADERS}) before
 * the SDK sees them: the SDK's own message for a malformed entry quotes the value, and a value
 * with a control character (a CR pasted from a file) fails every export with the value in the log.
 * Messages name the header, never its value.
 */
final class ExportHeaderCheck {

    private ExportHeaderCheck() {
    }

    /**
     * One-line problem for one {@code KEY=VALUE} entry, or null.
     *
     * @param origin  what to name in the message (the option or variable)
     * @param encoded whether the value is URL-encoded (the variable's form, as the SDK decodes it)
     */
    static String problem(String origin, String entry, boolean encoded) {
        int eq = entry.indexOf('=');
        String name = Redactor.headerName(entry);
        String named = name.isEmpty() ? "an entry" : "header '" + name + "'";
        if (eq < 0) {
            return origin + ": expected KEY=VALUE, but " + named + " has no '='"
                    + (entry.contains(":") ? " (write Name=value, not Name: value)" : "");
        }
        String key = entry.substring(0, eq).strip();
        if (key.isEmpty() || !key.equals(name)) {
            return origin + ": expected KEY=VALUE, but " + (name.isEmpty() ? "an entry" : "'" + name + "…'")
                    + " does not start with a header name";
        }
        String value = entry.substring(eq + 1);
        if (encoded) {
            try {
                value = URLDecoder.decode(value, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return origin + ": the value of header '" + key + "' has a malformed %-escape";
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return origin + ": the value of header '" + key + "' contains a control character (0x"
                        + Integer.toHexString(c) + "); check for a stray line ending";
            }
        }
        Redactor.remember(value.strip());
        return null;
    }
}
