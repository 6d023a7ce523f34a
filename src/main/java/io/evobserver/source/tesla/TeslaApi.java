package io.evobserver.source.tesla;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.SelfMetrics;
import io.evobserver.http.AccessTokenSource;
import io.evobserver.http.ApiRequest;
import io.evobserver.http.ApiResponse;
import io.evobserver.http.JsonHttpClient;
import io.evobserver.http.PathTemplate;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Tesla endpoints ev-observer reads, over {@link JsonHttpClient}, for the Fleet API and the
 * Owner API alike (same JSON; the Owner API lists cars through {@code /api/1/products}).
 *
 * <p>Statuses with a Tesla meaning: 408 from {@code vehicle_data} is "asleep or offline" (an answer,
 * not an error); 421 means the account lives in another region, and the error names that region's
 * host; 429 honours {@code Retry-After} (5 min when absent); 402 and 403 {@code EXCEEDED_LIMIT}
 * (billing) pause for 15 min. Every Fleet call with a status below 500 is billed, so each one is
 * reported to {@link SelfMetrics#apiCost} at the configured price of its category.
 */
final class TeslaApi {

    static final String VENDOR = "tesla";
    static final PathTemplate LIST = new PathTemplate("/api/1/vehicles");
    static final PathTemplate PRODUCTS = new PathTemplate("/api/1/products");
    static final PathTemplate DATA = new PathTemplate("/api/1/vehicles/{vin}/vehicle_data");
    static final PathTemplate REGION = new PathTemplate("/api/1/users/region");
    static final PathTemplate WAKE = new PathTemplate("/api/1/vehicles/{vin}/wake_up");
    static final PathTemplate LIVE_STATUS = new PathTemplate("/api/1/energy_sites/{id}/live_status");
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(5);
    static final Duration BILLING_WAIT = Duration.ofMinutes(15);
    private static final Pattern BASE_URL = Pattern.compile("https://[A-Za-z0-9.-]+");
    private static final int PAGE_SIZE = 100;

    /** A {@code vehicle_data} answer: the response object, or null when the car was asleep (408). */
    record Data(JsonNode response) {
        boolean asleep() {
            return response == null;
        }
    }

    private final TeslaConfig config;
    private final SelfMetrics metrics;
    private final AccessTokenSource tokens;
    private final JsonHttpClient http;

    TeslaApi(TeslaConfig config, AccessTokenSource tokens, SelfMetrics metrics, Clock clock) {
        this.config = config;
        this.tokens = tokens;
        this.metrics = metrics;
        this.http = JsonHttpClient.builder(VENDOR, config.apiBaseUrl())
                .defaultHeader("User-Agent", "ev-observer")
                // the conventions page asks for it on every request
                .defaultHeader("Content-Type", "application/json")
                .selfMetrics(metrics)
                .clock(clock)
                .errorClassifier(response -> classify(response, clock))
                .build();
    }

    /** Vehicle summaries (with {@code state}) of the account; never contacts the cars. */
    List<JsonNode> vehicles() throws FetchException {
        List<JsonNode> out = new ArrayList<>();
        if (config.api() == TeslaConfig.Api.OWNER) {
            // the Owner API answers 412 to /vehicles since 2024; products lists cars and energy sites
            for (JsonNode product : array(get(PRODUCTS, PRODUCTS.template(), 0.0), PRODUCTS)) {
                if (product.hasNonNull("vehicle_id") && product.hasNonNull("vin")) {
                    out.add(product);
                }
            }
            return out;
        }
        for (int page = 1; page <= 50; page++) {
            String path = LIST.template() + "?page=" + page + "&per_page=" + PAGE_SIZE;
            JsonNode root = get(LIST, path, config.statePrice());
            JsonNode list = array(root, LIST);
            list.forEach(out::add);
            int count = root.path("count").asInt(out.size());
            if (list.size() < PAGE_SIZE || out.size() >= count) {
                break;
            }
        }
        return out;
    }

    /** One car's {@code vehicle_data}; a 408 (asleep/offline) is an answer, not an error. */
    Data vehicleData(String vin) throws FetchException {
        String path = DATA.path(vin) + "?endpoints=" + encode(config.sections());
        ApiResponse response = send(ApiRequest.get(DATA.template(), path), config.dataPrice());
        if (response.status() == 408) {
            return new Data(null);
        }
        return new Data(responseObject(http.readJson(response)));
    }

    /**
     * The {@code response} object of a {@code vehicle_data} answer. It must name its VIN (the mapper
     * keys the vehicle by it): fuzzing found a {@code "vin": null} answer escaping as a
     * NullPointerException instead of a PARSE failure.
     */
    static JsonNode responseObject(JsonNode root) throws FetchException {
        JsonNode data = root.get("response");
        if (data == null || !data.isObject()) {
            throw new FetchException(Reason.PARSE, "tesla " + DATA.template() + ": no response object");
        }
        if (TeslaMapper.text(data, "vin") == null) {
            throw new FetchException(Reason.PARSE, "tesla " + DATA.template() + ": response object has no vin");
        }
        return data;
    }

    /** An energy site from {@code /api/1/products}; the id as text (16+ digits, never via double). */
    record EnergySiteInfo(String id, String name, boolean battery) {
    }

    /**
     * Energy sites with something to report, from {@code /api/1/products} (both APIs serve it); a
     * lone Wall Connector comes with all-false components and is skipped.
     */
    List<EnergySiteInfo> energySites() throws FetchException {
        List<EnergySiteInfo> sites = new ArrayList<>();
        for (JsonNode entry : array(get(PRODUCTS, PRODUCTS.template(), config.statePrice()), PRODUCTS)) {
            JsonNode id = entry.get("energy_site_id");
            if (id == null || !id.canConvertToLong()) {
                continue;
            }
            JsonNode components = entry.path("components");
            boolean battery = components.path("battery").asBoolean(false);
            boolean any = battery || components.path("solar").asBoolean(false)
                    || components.path("grid").asBoolean(false) || components.path("load_meter").asBoolean(false);
            if (any) {
                sites.add(new EnergySiteInfo(Long.toString(id.asLong()), TeslaMapper.text(entry, "site_name"),
                        battery));
            }
        }
        return sites;
    }

    /**
     * {@code live_status} of one energy site (the {@code response} object). Its price category is
     * unconfirmed in the reference, so it is charged like the list call ({@code --tesla-price-list}).
     */
    JsonNode liveStatus(String siteId) throws FetchException {
        JsonNode status = get(LIVE_STATUS, LIVE_STATUS.path(siteId), config.statePrice()).path("response");
        if (!status.isObject()) {
            throw new FetchException(Reason.PARSE, "tesla " + LIVE_STATUS.template() + ": no response object");
        }
        return status;
    }

    /** The account's region and Fleet host ({@code GET /api/1/users/region}), e.g. {@code eu}; empty when unknown. */
    java.util.Optional<String> userRegion() throws FetchException {
        JsonNode root = get(REGION, REGION.template(), 0.0);
        String region = TeslaMapper.text(root.path("response"), "region");
        return java.util.Optional.ofNullable(region).map(r -> r.toLowerCase(java.util.Locale.ROOT));
    }

    /** Sends {@code wake_up}; the car comes online some 10-30 s later. Returns the summary. */
    JsonNode wakeUp(String vin) throws FetchException {
        metrics.wakeup(VENDOR);
        return http.readJson(send(ApiRequest.postJson(WAKE.template(), WAKE.path(vin), null), config.wakePrice()))
                .path("response");
    }

    // ---- internals ------------------------------------------------------------------------------

    private JsonNode get(PathTemplate endpoint, String path, double price) throws FetchException {
        return http.readJson(send(ApiRequest.get(endpoint.template(), path), price));
    }

    /**
     * Sends with the bearer token and reports the cost: every answer below 500 is billed, including
     * the 401 that a refresh-and-retry hides.
     */
    private ApiResponse send(ApiRequest request, double price) throws FetchException {
        AtomicInteger unauthorized = new AtomicInteger();
        AccessTokenSource counting = new AccessTokenSource() {
            @Override
            public String accessToken() throws FetchException {
                return tokens.accessToken();
            }

            @Override
            public String refreshAfterUnauthorized(String rejected) throws FetchException {
                unauthorized.incrementAndGet();
                return tokens.refreshAfterUnauthorized(rejected);
            }
        };
        ApiResponse response;
        try {
            response = http.send(request, counting);
        } finally {
            if (unauthorized.get() > 0) {
                cost(request, price * unauthorized.get());
            }
        }
        if (response.status() < 500) {
            cost(request, price);
        }
        return response;
    }

    private void cost(ApiRequest request, double usd) {
        if (config.api() == TeslaConfig.Api.FLEET && usd > 0) {
            metrics.apiCost(VENDOR, request.endpointTemplate(), usd);
        }
    }

    private static JsonNode array(JsonNode root, PathTemplate endpoint) throws FetchException {
        JsonNode list = root.get("response");
        if (list == null || !list.isArray()) {
            throw new FetchException(Reason.PARSE, "tesla " + endpoint.template() + ": expected a list in \"response\"");
        }
        return list;
    }

    static Optional<FetchException> classify(ApiResponse response, Clock clock) {
        int status = response.status();
        String where = "tesla " + response.endpointTemplate() + ": HTTP " + status;
        String error = response.jsonField("error").orElse("");
        if (status == 421) {
            return Optional.of(new FetchException(Reason.UNAVAILABLE, wrongRegion(where, error)));
        }
        if (status == 429) {
            Duration wait = response.retryAfter(clock)
                    .or(() -> response.header("RateLimit-Reset").flatMap(v -> parseSeconds(v)))
                    .orElse(DEFAULT_RATE_LIMIT_WAIT);
            return Optional.of(new FetchException(Reason.RATE_LIMITED, where + " (rate limited); waiting "
                    + wait.toSeconds() + " s", wait, null));
        }
        if (status == 402 || (status == 403 && error.contains("EXCEEDED_LIMIT"))) {
            return Optional.of(new FetchException(Reason.RATE_LIMITED, where + " (" + (status == 402
                    ? "payment required" : "billing limit reached") + "); check the billing settings of your "
                    + "application at developer.tesla.com; pausing " + BILLING_WAIT.toMinutes() + " min",
                    BILLING_WAIT, null));
        }
        if (status == 403 && error.contains("missing scopes")) {
            return Optional.of(new FetchException(Reason.AUTH, where + " (" + error + "); log in again with "
                    + "`ev-observer login tesla` and grant the vehicle_device_data and vehicle_location scopes"));
        }
        if (status == 412 && error.contains("fleetapi")) {
            return Optional.of(new FetchException(Reason.UNAVAILABLE, where + " (the Owner API no longer serves "
                    + "this endpoint); use --tesla-api fleet"));
        }
        return Optional.empty();
    }

    /** The 421 message: which host to use instead, and which option says so. */
    static String wrongRegion(String where, String error) {
        Matcher m = BASE_URL.matcher(error);
        String host = m.find() ? m.group() : null;
        if (host == null) {
            return where + " (the account lives in another region); try another --tesla-region (na, eu, cn)";
        }
        String region = null;
        for (String r : TeslaConfig.REGIONS) {
            if (TeslaConfig.fleetHost(r).toString().equals(host)) {
                region = r;
            }
        }
        return where + " (the account lives in another region): use " + host
                + (region != null ? " (--tesla-region " + region + ")" : " (--api-base-url " + host + ")");
    }

    private static Optional<Duration> parseSeconds(String value) {
        try {
            long s = Long.parseLong(value.trim());
            return s > 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

}
