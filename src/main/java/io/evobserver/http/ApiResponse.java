package io.evobserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A response as received (body already un-gzipped), before any classification. Vendors that give
 * a status its own meaning (Tesla 408 asleep, 421 wrong region) read it via
 * {@link JsonHttpClient#send} and hand the rest to {@link JsonHttpClient#readJson}.
 *
 * @param endpointTemplate the request's template, for messages
 * @param body             the raw bytes (a record component, so compared by identity, not content)
 */
public record ApiResponse(int status, HttpHeaders headers, byte[] body, String endpointTemplate) {

    private static final ObjectMapper LENIENT = new ObjectMapper();
    private static final int DETAIL_LIMIT = 200;

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The media type without parameters, lower case ({@code application/json}), or "" when absent. */
    public String contentType() {
        String value = header("Content-Type").orElse("");
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    public boolean isJson() {
        String type = contentType();
        return type.endsWith("/json") || type.endsWith("+json");
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON when it parses, whatever the content type says; for reading error bodies. */
    public Optional<JsonNode> jsonBody() {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = LENIENT.readTree(body);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A top-level text field of a JSON body, e.g. {@code jsonField("error")} or BMW's {@code exveErrorId}. */
    public Optional<String> jsonField(String name) {
        return jsonBody().map(node -> node.get(name)).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    /** The {@code Retry-After} header as a duration. */
    public Optional<Duration> retryAfter(Clock clock) {
        return header("Retry-After").flatMap(value -> RetryAfter.parse(value, clock));
    }

    /**
     * The vendor's short error text for messages: from a JSON body ({@code error}, {@code error.message},
     * {@code message}, {@code exveErrorMsg}, with {@code error_description}), or the first line of a
     * short plain-text body. One line, at most 200 characters, secrets masked. Never HTML.
     */
    public Optional<String> errorDetail() {
        Optional<JsonNode> json = jsonBody().filter(JsonNode::isObject);
        String detail = null;
        if (json.isPresent()) {
            JsonNode node = json.get();
            JsonNode error = node.get("error");
            if (error != null && error.isObject()) {
                error = error.get("message");
            }
            detail = firstText(error, node.get("message"), node.get("exveErrorMsg"), node.get("errorMessage"));
            String code = firstText(node.get("exveErrorId"), node.get("code"));
            String description = firstText(node.get("error_description"));
            if (code != null) {
                detail = detail == null ? code : code + ": " + detail;
            }
            if (description != null && !description.isBlank() && !description.equals(detail)) {
                detail = detail == null ? description : detail + ": " + description;
            }
        } else if (contentType().startsWith("text/plain") && body.length > 0) {
            detail = bodyText().strip().lines().findFirst().orElse(null);
        }
        if (detail == null || detail.isBlank()) {
            return Optional.empty();
        }
        String oneLine = Redactor.redactText(detail.replaceAll("\\s+", " ").strip());
        return Optional.of(oneLine.length() > DETAIL_LIMIT ? oneLine.substring(0, DETAIL_LIMIT) + "…" : oneLine);
    }

    private static String firstText(JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            if (candidate != null && candidate.isValueNode() && !candidate.isNull()) {
                return candidate.asText();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ApiResponse[" + status + " " + endpointTemplate + ", " + contentType() + ", " + body.length + " bytes]";
    }
}
