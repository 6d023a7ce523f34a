/**
 * One JSON-over-HTTP client for every vendor.
 *
 * <pre>{@code
 * JsonHttpClient api = JsonHttpClient.builder("volvo", URI.create(baseUrl))
 *         .selfMetrics(selfMetrics).clock(clock)
 *         .defaultHeader("vcc-api-key", apiKey)
 *         .build();
 * JsonNode doors = api.get("/vehicles/{vin}/doors", "/vehicles/" + vin + "/doors", Map.of(), tokenProvider);
 *
 * // a status with a vendor-specific meaning: look before classifying
 * ApiResponse r = api.send(ApiRequest.get("/api/1/vehicles/{id}/vehicle_data", path), tokenProvider);
 * if (r.status() == 408) { ... asleep ... }
 * JsonNode data = api.readJson(r); // 401/403 AUTH, 429 RATE_LIMITED, 5xx UNAVAILABLE, bad JSON PARSE
 * }</pre>
 *
 * Depends on {@code core} only; {@code auth} builds on this package (its {@code TokenProvider} is an
 * {@link io.evobserver.http.AccessTokenSource}).
 */
package io.evobserver.http;
