package io.evobserver.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;

/**
 * An API path with at most one placeholder, e.g. {@code /api/1/vehicles/{vin}/vehicle_data}. As it
 * stands it is the {@link ApiRequest#endpointTemplate}, what metrics and logs show; {@link #path}
 * fills in one car's VIN or one site's id for the request itself.
 */
public record PathTemplate(String template) {

    /** The concrete path: the placeholder replaced by {@code id}, URL-encoded. */
    public String path(String id) {
        return template.replaceFirst("\\{[^}/]+}",
                Matcher.quoteReplacement(URLEncoder.encode(id, StandardCharsets.UTF_8)));
    }
}
