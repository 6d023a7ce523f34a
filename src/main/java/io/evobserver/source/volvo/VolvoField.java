package io.evobserver.source.volvo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;

/**
 * Reads Volvo's value objects. Connected Vehicle and Location answers wrap the payload in
 * {@code data} (sometimes not), each signal being {@code {value, unit, timestamp}}; Energy v2 sends
 * a bare map of {@code {status: OK, value, unit, updatedAt}} or {@code {status: ERROR, code}}.
 * Values arrive as numbers or as numeric strings, depending on endpoint and car. Everything here
 * answers null for "no reading": absent, {@code status: ERROR}, {@code UNSPECIFIED}, unparsable.
 */
final class VolvoField {

    private VolvoField() {
    }

    /** The payload: {@code data} when the answer has it, the root otherwise. */
    static JsonNode payload(JsonNode root) {
        if (root == null) {
            return null;
        }
        JsonNode data = root.get("data");
        return data != null && (data.isObject() || data.isArray()) ? data : root;
    }

    /** The value object {@code name} of a payload, or null when missing or an error entry. */
    static JsonNode entry(JsonNode payload, String name) {
        if (payload == null || !payload.isObject()) {
            return null;
        }
        JsonNode entry = payload.get(name);
        if (entry == null || !entry.isObject()) {
            return null;
        }
        JsonNode status = entry.get("status");
        if (status != null && status.isTextual() && !"OK".equalsIgnoreCase(status.asText())) {
            return null; // Energy v2 per-field error (NOT_SUPPORTED, PROPERTY_NOT_FOUND, ...)
        }
        JsonNode value = entry.get("value");
        return value == null || value.isNull() ? null : entry;
    }

    /** An enumeration value in upper case, or null ({@code UNSPECIFIED} means unknown). */
    static String text(JsonNode payload, String name) {
        JsonNode entry = entry(payload, name);
        if (entry == null) {
            return null;
        }
        String value = entry.get("value").asText().strip().toUpperCase(Locale.ROOT);
        return value.isEmpty() || value.equals("UNSPECIFIED") ? null : value;
    }

    /** A numeric value, whether sent as a number or as a string like {@code "47.3"}. */
    static Double number(JsonNode entry) {
        if (entry == null) {
            return null;
        }
        JsonNode value = entry.get("value");
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isTextual()) {
            try {
                double d = Double.parseDouble(value.asText().strip());
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** The entry's unit, lower case without spaces, or null when it has none. */
    static String unit(JsonNode entry) {
        JsonNode unit = entry == null ? null : entry.get("unit");
        if (unit == null || !unit.isTextual() || unit.asText().isBlank()) {
            return null;
        }
        return unit.asText().strip().toLowerCase(Locale.ROOT).replace(" ", "");
    }

    /** The newest {@code timestamp} / {@code updatedAt} among the payload's entries (or the payload itself). */
    static Instant newestTimestamp(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return null;
        }
        Instant newest = later(null, instant(payload.get("timestamp")));
        for (Iterator<JsonNode> it = payload.elements(); it.hasNext(); ) {
            JsonNode entry = it.next();
            if (entry.isObject()) {
                newest = later(newest, instant(entry.get("timestamp")));
                newest = later(newest, instant(entry.get("updatedAt")));
            }
        }
        return newest;
    }

    static Instant instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText().strip()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
