package io.evobserver.source.bmw;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * One CarData telematic value as REST or the MQTT stream delivers it:
 * {@code {"value": ..., "unit": ..., "timestamp": ...}}. REST sends every value as a string
 * ({@code "58"}, {@code "true"}), the stream may send typed JSON; both end up here the same way.
 *
 * @param value     the value as text, null when the car has not reported it
 * @param raw       the value node as received (for list-valued keys such as check-control messages)
 * @param unit      the unit as BMW wrote it ({@code %}, {@code kilometers}, {@code W} ...), or null
 * @param timestamp when the car reported it, or null
 */
record BmwReading(String value, JsonNode raw, String unit, Instant timestamp) {

    /** Values BMW uses for "no reading". */
    private static final Set<String> ABSENT = Set.of("", "INVALID", "-NA-", "NA", "N/A", "UNKNOWN", "NULL",
            "ASN_ISUNKNOWN", "ASN_UNKNOWN");

    /** Parses one entry; null when the node is not an object. */
    static BmwReading of(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode v = node.get("value");
        String text = v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
        return new BmwReading(text, v, textOrNull(node.get("unit")), instant(node.get("timestamp")));
    }

    /** The value as a number; empty for null, {@code INVALID}, {@code -NA-} and anything unparsable. */
    OptionalDouble number() {
        if (raw != null && raw.isNumber()) {
            return OptionalDouble.of(raw.asDouble());
        }
        String s = tokenOrNull();
        if (s == null) {
            return OptionalDouble.empty();
        }
        // a decimal comma now and then; never a thousands separator in this API
        if (s.indexOf(',') >= 0 && s.indexOf('.') < 0) {
            s = s.replace(',', '.');
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** The value as an upper-case token ({@code CHARGING}, {@code ASN_SECURED}); empty for "no reading". */
    Optional<String> token() {
        return Optional.ofNullable(tokenOrNull());
    }

    private String tokenOrNull() {
        if (value == null) {
            return null;
        }
        String s = value.trim();
        return ABSENT.contains(s.toUpperCase(Locale.ROOT)) ? null : s;
    }

    /** The value as a boolean: true/false, ASN_isTrue/ASN_isFalse, OPEN/CLOSED-style values are not booleans. */
    Optional<Boolean> bool() {
        if (raw != null && raw.isBoolean()) {
            return Optional.of(raw.asBoolean());
        }
        return token().map(s -> s.toUpperCase(Locale.ROOT)).flatMap(s -> switch (s) {
            case "TRUE", "ASN_ISTRUE", "1", "YES" -> Optional.of(true);
            case "FALSE", "ASN_ISFALSE", "0", "NO" -> Optional.of(false);
            default -> Optional.empty();
        });
    }

    /** The unit lower-cased and trimmed; "" when BMW sent none. */
    String normalizedUnit() {
        return unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Instant instant(JsonNode n) {
        if (n == null || n.isNull() || n.asText().isBlank()) {
            return null;
        }
        try {
            return Instant.parse(n.asText().trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
