package io.evobserver.source.volvo;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.SelfMetrics;
import io.evobserver.http.AccessTokenSource;
import io.evobserver.http.ApiRequest;
import io.evobserver.http.ApiResponse;
import io.evobserver.http.JsonHttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Volvo endpoints over {@link JsonHttpClient}: bearer token plus {@code vcc-api-key} on every
 * call, one refresh-and-retry on a 401 that is about the token (a 401 about the API key cannot be
 * cured by refreshing), 429 as RATE_LIMITED honouring {@code Retry-After} (60 s when absent, since
 * the limit is a one-minute sliding window), and 404/403 as "this car or token cannot answer this".
 */
final class VolvoApi {

    static final String VENDOR = "volvo";
    /** Volvo's window is one minute; without a Retry-After waiting that long always clears it. */
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(60);

    /** One endpoint's answer: the JSON, or null with the status when the endpoint is not available. */
    record Answer(JsonNode json, int status) {
        boolean supported() {
            return json != null;
        }
    }

    private final JsonHttpClient http;
    private final AccessTokenSource tokens;

    VolvoApi(JsonHttpClient http, AccessTokenSource tokens) {
        this.http = http;
        this.tokens = tokens;
    }

    static JsonHttpClient client(VolvoConfig config, SelfMetrics metrics, Clock clock) {
        return JsonHttpClient.builder(VENDOR, config.apiBaseUrl())
                .defaultHeader("vcc-api-key", config.apiKey())
                .selfMetrics(metrics)
                .clock(clock)
                .refreshOn(response -> response.status() == 401 && !blamesApiKey(response))
                .errorClassifier(response -> classify(response, clock))
                .build();
    }

    /** The VINs linked to the account. */
    List<String> vehicles() throws FetchException {
        JsonNode root = http.get(VolvoEndpoint.VEHICLES_PATH, VolvoEndpoint.VEHICLES_PATH, Map.of(), tokens);
        JsonNode list = VolvoField.payload(root);
        if (list == null || !list.isArray()) {
            throw new FetchException(Reason.PARSE, "volvo " + VolvoEndpoint.VEHICLES_PATH
                    + ": expected a list of vehicles");
        }
        List<String> vins = new ArrayList<>();
        for (JsonNode vehicle : list) {
            String vin = vehicle.path("vin").asText("").strip();
            if (!vin.isEmpty()) {
                vins.add(vin);
            }
        }
        return vins;
    }

    /** One endpoint of one car; 404 (not supported by this car) and 403 (scope not granted) are answers. */
    Answer get(VolvoEndpoint endpoint, String vin) throws FetchException {
        ApiResponse response = http.send(ApiRequest.get(endpoint.template(), endpoint.path(vin)), tokens);
        if (response.status() == 404 || response.status() == 403) {
            return new Answer(null, response.status());
        }
        JsonNode json = http.readJson(response);
        if (!json.isObject()) {
            throw new FetchException(Reason.PARSE, "volvo " + endpoint.template() + ": expected a JSON object");
        }
        return new Answer(json, response.status());
    }

    /** Whether a 401 is about the {@code vcc-api-key} rather than the bearer token. */
    static boolean blamesApiKey(ApiResponse response) {
        String body = response.bodyText().toLowerCase(Locale.ROOT);
        return body.contains("api key") || body.contains("api-key") || body.contains("apikey")
                || body.contains("subscription key");
    }

    private static Optional<FetchException> classify(ApiResponse response, Clock clock) {
        if (response.status() == 401 && blamesApiKey(response)) {
            return Optional.of(new FetchException(Reason.AUTH, "volvo " + response.endpointTemplate()
                    + ": the VCC API key was rejected (HTTP 401); check --volvo-api-key / EV_OBSERVER_VOLVO_API_KEY"));
        }
        if (response.status() == 429) {
            Duration wait = response.retryAfter(clock).orElse(DEFAULT_RATE_LIMIT_WAIT);
            return Optional.of(new FetchException(Reason.RATE_LIMITED, "volvo " + response.endpointTemplate()
                    + ": HTTP 429, over 100 requests per minute; waiting " + wait.toSeconds() + " s", wait, null));
        }
        return Optional.empty();
    }
}
