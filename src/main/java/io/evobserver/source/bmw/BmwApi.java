package io.evobserver.source.bmw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.http.AccessTokenSource;
import io.evobserver.http.ApiRequest;
import io.evobserver.http.ApiResponse;
import io.evobserver.http.JsonHttpClient;
import io.evobserver.http.PathTemplate;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The CarData REST endpoints ({@code https://api-cardata.bmwgroup.com}). Every call first takes one
 * unit of the {@link BmwCallBudget}; when the budget says no, the call is not made and the caller
 * gets RATE_LIMITED with the time the budget allows the next one.
 *
 * <p>CarData reports its daily quota as HTTP 403 with {@code exveErrorId: CU-429}, so a 403 is read
 * before it counts as an auth failure: CU-429 rate limited (until the next UTC midnight unless a
 * {@code Retry-After} says otherwise), CU-105 the container is gone, CU-104 the VIN is not allowed,
 * CU-103 the token lacks the CarData scope (only a new login helps), anything else auth.
 */
final class BmwApi {

    static final String VENDOR = "bmw";
    static final PathTemplate MAPPINGS = new PathTemplate("/customers/vehicles/mappings");
    static final PathTemplate CONTAINERS = new PathTemplate("/customers/containers");
    static final PathTemplate TELEMATIC_DATA = new PathTemplate("/customers/vehicles/{vin}/telematicData");

    /** The stored container no longer exists ({@code CU-105}): forget it and find or create another. */
    static final class ContainerGoneException extends FetchException {
        ContainerGoneException(String message) {
            super(Reason.UNAVAILABLE, message);
        }
    }

    /** A container as the list shows it. */
    record Container(String id, String name, String purpose, String state) {
    }

    private final JsonHttpClient http;
    private final AccessTokenSource tokens;
    private final BmwCallBudget budget;
    private final Clock clock;

    BmwApi(JsonHttpClient.Builder http, AccessTokenSource tokens, BmwCallBudget budget, Clock clock) {
        this.clock = clock;
        this.http = http.clock(clock).defaultHeader("x-version", "v1").errorClassifier(this::classify).build();
        this.tokens = tokens;
        this.budget = budget;
    }

    /** VINs mapped to the account as PRIMARY (secondary users get no data). */
    List<String> primaryVins() throws FetchException {
        JsonNode root = get(MAPPINGS, MAPPINGS.template());
        // the Swagger draws one object, clients see an array; some wrap it in {"mappings": [...]}
        JsonNode list = root.isArray() ? root : root.has("mappings") ? root.get("mappings") : root;
        List<JsonNode> entries = new ArrayList<>();
        if (list.isArray()) {
            list.forEach(entries::add);
        } else if (list.isObject()) {
            entries.add(list);
        } else {
            throw new FetchException(Reason.PARSE, "bmw " + MAPPINGS.template() + ": unexpected answer shape");
        }
        List<String> vins = new ArrayList<>();
        for (JsonNode m : entries) {
            String vin = m.path("vin").asText("");
            if (!vin.isEmpty() && "PRIMARY".equalsIgnoreCase(m.path("mappingType").asText(""))) {
                vins.add(vin.toUpperCase(Locale.ROOT));
            }
        }
        return vins;
    }

    JsonNode basicData(String vin) throws FetchException {
        PathTemplate basicData = new PathTemplate("/customers/vehicles/{vin}/basicData");
        return get(basicData, basicData.path(vin));
    }

    List<Container> containers() throws FetchException {
        JsonNode root = get(CONTAINERS, CONTAINERS.template());
        JsonNode list = root.isArray() ? root : root.path("containers");
        if (!list.isArray()) {
            throw new FetchException(Reason.PARSE, "bmw " + CONTAINERS.template() + ": no containers list in the answer");
        }
        List<Container> out = new ArrayList<>();
        for (JsonNode c : list) {
            out.add(new Container(c.path("containerId").asText(""), c.path("name").asText(""),
                    c.path("purpose").asText(""), c.path("state").asText("")));
        }
        return out;
    }

    /** Creates a container for these keys and returns its id. */
    String createContainer(String name, String purpose, List<String> keys) throws FetchException {
        ObjectNode body = http.objectMapper().createObjectNode();
        body.put("name", name);
        body.put("purpose", purpose);
        ArrayNode descriptors = body.putArray("technicalDescriptors");
        keys.forEach(descriptors::add);
        JsonNode created = http.readJson(send(ApiRequest.postJson(CONTAINERS.template(), CONTAINERS.template(), body)));
        String id = created.path("containerId").asText("");
        if (id.isEmpty()) {
            throw new FetchException(Reason.PARSE, "bmw " + CONTAINERS.template() + ": the new container has no containerId");
        }
        return id;
    }

    /** The container's current values for one car: {@code {"telematicData": {...}}}. */
    JsonNode telematicData(String vin, String containerId) throws FetchException {
        JsonNode root = get(TELEMATIC_DATA, TELEMATIC_DATA.path(vin) + "?containerId=" + encode(containerId));
        if (!BmwMapper.isTelematicData(root)) {
            throw new FetchException(Reason.PARSE, "bmw " + TELEMATIC_DATA.template() + ": answer has no telematicData object");
        }
        return root;
    }

    private JsonNode get(PathTemplate endpoint, String path) throws FetchException {
        return http.readJson(send(ApiRequest.get(endpoint.template(), path)));
    }

    /**
     * Sends with the bearer token; on 401 refreshes once and retries once. Done here rather than by
     * the HTTP client so that the retry, which BMW presumably counts too, is paid from the budget.
     */
    private ApiResponse send(ApiRequest request) throws FetchException {
        spend(request.endpointTemplate());
        String token = tokens.accessToken();
        ApiResponse response = http.send(request.withHeader("Authorization", "Bearer " + token));
        if (response.status() != 401) {
            return response;
        }
        String fresh = tokens.refreshAfterUnauthorized(token);
        spend(request.endpointTemplate());
        return http.send(request.withHeader("Authorization", "Bearer " + fresh));
    }

    private void spend(String template) throws FetchException {
        if (!budget.tryAcquire()) {
            Instant next = budget.nextAvailable(1);
            Duration wait = Duration.between(clock.instant(), next);
            throw new FetchException(Reason.RATE_LIMITED, "bmw " + template + ": not called, the daily CarData"
                    + " budget allows the next call at " + next + " (" + budget.remaining() + " of "
                    + budget.limit() + " left in 24 h)", wait.isNegative() ? Duration.ZERO : wait, null);
        }
    }

    private Optional<FetchException> classify(ApiResponse response) {
        String code = response.jsonField("exveErrorId").orElse("");
        int status = response.status();
        String message = http.describe(response);
        if ("CU-429".equals(code) || status == 429) {
            Instant now = clock.instant();
            Duration wait = response.retryAfter(clock)
                    .orElse(Duration.between(now, BmwCallBudget.nextUtcMidnight(now)));
            budget.exhaustedUntil(now.plus(wait));
            return Optional.of(new FetchException(Reason.RATE_LIMITED, message + "; the daily CarData quota is used up,"
                    + " next REST call at " + now.plus(wait), wait, null));
        }
        return switch (code) {
            case "CU-105" -> Optional.of(new ContainerGoneException(message));
            case "CU-104" -> Optional.of(new FetchException(Reason.AUTH, message + "; the vehicle must be mapped to"
                    + " this BMW ID as PRIMARY user and be telematics-capable"));
            case "CU-103" -> Optional.of(new LoginRequiredException(VENDOR, message + "; subscribe the CarData"
                    + " client to 'CarData API' in the MyBMW portal, then log in again"));
            default -> Optional.empty();
        };
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
