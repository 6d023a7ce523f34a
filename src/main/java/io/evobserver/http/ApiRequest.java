package io.evobserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One HTTP request for {@link JsonHttpClient}.
 *
 * @param method           GET, POST, ...
 * @param endpointTemplate what metrics and logs show, e.g. {@code /api/1/vehicles/{id}/vehicle_data}:
 *                         never a concrete path (no VINs, ids or secrets)
 * @param path             the concrete path and query appended to the client's base URI (values
 *                         already URL-encoded), or an absolute {@code http(s)://} URL used as is
 * @param headers          request headers (override the client's defaults of the same name)
 * @param body             request body, or null
 * @param contentType      the body's media type, or null without a body
 */
public record ApiRequest(String method, String endpointTemplate, String path, Map<String, String> headers,
                         byte[] body, String contentType) {

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(endpointTemplate, "endpointTemplate");
        Objects.requireNonNull(path, "path");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
    }

    public static ApiRequest get(String endpointTemplate, String path) {
        return new ApiRequest("GET", endpointTemplate, path, Map.of(), null, null);
    }

    /** A POST with a JSON body (serialized with {@link JsonNode#toString()}). */
    public static ApiRequest postJson(String endpointTemplate, String path, JsonNode body) {
        byte[] bytes = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        return new ApiRequest("POST", endpointTemplate, path, Map.of(), bytes, "application/json");
    }

    /** A POST with an {@code application/x-www-form-urlencoded} body, parameters in the map's order. */
    public static ApiRequest postForm(String endpointTemplate, String path, Map<String, String> form) {
        String encoded = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return new ApiRequest("POST", endpointTemplate, path, Map.of(), encoded.getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");
    }

    /** A copy with one more header (replacing one of the same name, ignoring case). */
    public ApiRequest withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase(name)) {
                copy.put(k, v);
            }
        });
        copy.put(name, value);
        return new ApiRequest(method, endpointTemplate, path, copy, body, contentType);
    }

    /** A copy with these headers added. */
    public ApiRequest withHeaders(Map<String, String> more) {
        ApiRequest out = this;
        for (Map.Entry<String, String> header : more.entrySet()) {
            out = out.withHeader(header.getKey(), header.getValue());
        }
        return out;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        // no header values, no body: both may carry credentials
        return "ApiRequest[" + method + " " + endpointTemplate + ", headers=" + headers.keySet() + "]";
    }
}
