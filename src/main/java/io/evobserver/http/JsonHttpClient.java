package io.evobserver.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.SelfMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;

/**
 * The one JSON-over-HTTP client all vendors use (java.net.http). Per request it applies timeouts,
 * records {@link SelfMetrics#apiRequest} with the endpoint template, logs method, URL and status at
 * FINE with secrets masked ({@link Redactor}), and turns failures into {@link FetchException}s:
 *
 * <ul>
 *   <li>401, 403: AUTH; 429: RATE_LIMITED with {@code Retry-After}; 5xx: UNAVAILABLE (with
 *       {@code Retry-After} if sent); any other non-2xx: UNAVAILABLE</li>
 *   <li>timeout, refused or broken connection: NETWORK</li>
 *   <li>a 2xx that is not JSON (wrong content type, HTML page, empty, truncated): PARSE</li>
 * </ul>
 *
 * A vendor gives statuses its own meaning with an {@link ErrorClassifier} (consulted first), or by
 * calling {@link #send} and looking at the {@link ApiResponse} itself before {@link #readJson}.
 * With an {@link AccessTokenSource} the client adds {@code Authorization: Bearer}, and on a 401
 * refreshes once and retries once. It never retries otherwise: backoff belongs to the instrumentor.
 */
public final class JsonHttpClient {

    private static final Logger LOG = Logger.getLogger(JsonHttpClient.class.getName());
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String vendor;
    private final URI baseUri;
    private final Duration requestTimeout;
    private final SelfMetrics metrics;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Map<String, String> defaultHeaders;
    private final ErrorClassifier classifier;
    private final Predicate<ApiResponse> refreshOn;
    private final HttpClient http;

    private JsonHttpClient(Builder b, URI baseUri, HttpClient http) {
        this.vendor = b.vendor;
        this.baseUri = baseUri;
        this.requestTimeout = b.requestTimeout;
        this.metrics = b.metrics;
        this.mapper = b.mapper;
        this.clock = b.clock;
        this.defaultHeaders = Map.copyOf(b.defaultHeaders);
        this.classifier = b.classifier;
        this.refreshOn = b.refreshOn;
        this.http = http;
    }

    private JsonHttpClient(JsonHttpClient other, URI baseUri) {
        this.vendor = other.vendor;
        this.baseUri = baseUri;
        this.requestTimeout = other.requestTimeout;
        this.metrics = other.metrics;
        this.mapper = other.mapper;
        this.clock = other.clock;
        this.defaultHeaders = other.defaultHeaders;
        this.classifier = other.classifier;
        this.refreshOn = other.refreshOn;
        this.http = other.http;
    }

    /** Starts a client for one vendor; base URI e.g. {@code https://fleet-api.prd.eu.vn.cloud.tesla.com}. */
    public static Builder builder(String vendor, URI baseUri) {
        return new Builder(vendor, baseUri);
    }

    /** The same client (settings, connection pool) against another base URI, e.g. after Tesla's 421. */
    public JsonHttpClient withBaseUri(URI otherBase) {
        return new JsonHttpClient(this, Objects.requireNonNull(otherBase, "otherBase"));
    }

    public String vendor() {
        return vendor;
    }

    public URI baseUri() {
        return baseUri;
    }

    public ObjectMapper objectMapper() {
        return mapper;
    }

    // ---- convenience: request, classify, parse -------------------------------------------------

    /** GET a JSON document; {@code headers} may be empty. */
    public JsonNode get(String endpointTemplate, String path, Map<String, String> headers) throws FetchException {
        return readJson(send(ApiRequest.get(endpointTemplate, path).withHeaders(headers)));
    }

    /** GET with a bearer token (refresh once and retry once on 401). */
    public JsonNode get(String endpointTemplate, String path, Map<String, String> headers, AccessTokenSource tokens)
            throws FetchException {
        return readJson(send(ApiRequest.get(endpointTemplate, path).withHeaders(headers), tokens));
    }

    /** POST a JSON body (null for an empty one) and read a JSON answer. */
    public JsonNode post(String endpointTemplate, String path, Map<String, String> headers, JsonNode body)
            throws FetchException {
        return readJson(send(ApiRequest.postJson(endpointTemplate, path, body).withHeaders(headers)));
    }

    /** POST a JSON body with a bearer token (refresh once and retry once on 401). */
    public JsonNode post(String endpointTemplate, String path, Map<String, String> headers, JsonNode body,
                         AccessTokenSource tokens) throws FetchException {
        return readJson(send(ApiRequest.postJson(endpointTemplate, path, body).withHeaders(headers), tokens));
    }

    // ---- raw exchange ---------------------------------------------------------------------------

    /**
     * Sends one request and returns whatever status came back. Only transport failures throw
     * (NETWORK; PARSE for a corrupt gzip body). Records the metric and the debug log line.
     */
    public ApiResponse send(ApiRequest request) throws FetchException {
        URI uri = resolve(request.path());
        HttpRequest httpRequest = toHttpRequest(request, uri);
        String status = "error";
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
            status = Integer.toString(response.statusCode());
            byte[] body = decode(response, request);
            if (response.statusCode() >= 400) {
                // error bodies end up in messages and debug logs: mask any credential we sent that
                // the vendor echoes back (a bare token in an error description matches no pattern)
                body = maskSentCredentials(body, httpRequest);
            }
            ApiResponse api = new ApiResponse(response.statusCode(), response.headers(), body,
                    request.endpointTemplate());
            log(request, uri, httpRequest, status, start, api);
            return api;
        } catch (IOException | InterruptedException e) {
            throw transportFailure(request, uri, e);
        } finally {
            metrics.apiRequest(vendor, request.endpointTemplate(), status, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * Sends with {@code Authorization: Bearer <token>}. When the answer counts as unauthorized (401
     * unless {@link Builder#refreshOn} says otherwise), asks {@code tokens} for a fresh token once
     * and sends once more; the second answer is returned whatever it is.
     */
    public ApiResponse send(ApiRequest request, AccessTokenSource tokens) throws FetchException {
        String token = tokens.accessToken();
        ApiResponse response = send(request.withHeader("Authorization", "Bearer " + token));
        if (!refreshOn.test(response)) {
            return response;
        }
        LOG.fine(() -> vendor + " " + request.endpointTemplate() + " answered " + response.status()
                + "; refreshing the access token and retrying once");
        String fresh = tokens.refreshAfterUnauthorized(token);
        return send(request.withHeader("Authorization", "Bearer " + fresh));
    }

    /** Reads a streamed response body (see {@link #exchange}). */
    @FunctionalInterface
    public interface BodyReader<T> {
        /**
         * @param body the raw body as it arrives, still gzip-encoded if the server compressed it; the
         *             client closes it afterwards
         * @throws FetchException NETWORK when the body broke off (the request then counts as failed)
         */
        T read(int status, HttpHeaders headers, InputStream body) throws FetchException;
    }

    /**
     * Sends one request and hands the body to {@code reader} as it arrives, for documents too large
     * to hold twice (Chargy's feed). Records the metric and the debug log line like {@link #send}:
     * the status, or {@code error} when the transport failed or the reader reported a body that
     * broke off. Transport failures throw NETWORK.
     */
    public <T> T exchange(ApiRequest request, BodyReader<T> reader) throws FetchException {
        URI uri = resolve(request.path());
        HttpRequest httpRequest = toHttpRequest(request, uri);
        String status = "error";
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
            LOG.fine(() -> vendor + " " + httpRequest.method() + " " + Redactor.redactUri(uri) + " ["
                    + request.endpointTemplate() + "] -> " + response.statusCode() + " after "
                    + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms (streaming the body)");
            try (InputStream body = response.body()) {
                T result = reader.read(response.statusCode(), response.headers(), body);
                status = Integer.toString(response.statusCode());
                return result;
            } catch (FetchException e) {
                if (e.reason() != Reason.NETWORK) {
                    status = Integer.toString(response.statusCode());
                }
                throw e;
            }
        } catch (IOException | InterruptedException e) {
            throw transportFailure(request, uri, e);
        } finally {
            metrics.apiRequest(vendor, request.endpointTemplate(), status, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * The JSON of a successful response; anything else becomes a classified {@link FetchException}.
     * A 204 or a 2xx with an empty body and no content type gives {@link NullNode}.
     */
    public JsonNode readJson(ApiResponse response) throws FetchException {
        if (!response.isSuccess()) {
            throw classify(response);
        }
        if (response.body().length == 0) {
            if (response.status() == 204 || response.contentType().isEmpty()) {
                return NullNode.getInstance();
            }
            throw parseError(response, "empty body", null);
        }
        if (!response.contentType().isEmpty() && !response.isJson()) {
            throw parseError(response, "expected JSON", null);
        }
        try {
            JsonNode node = mapper.readTree(response.body());
            if (node == null || node.isMissingNode()) {
                throw parseError(response, "empty body", null);
            }
            return node;
        } catch (JsonProcessingException e) {
            // not the parser's message as cause text: it quotes the body
            throw parseError(response, "malformed or truncated JSON at "
                    + (e.getLocation() == null ? "?" : "byte " + e.getLocation().getByteOffset()), null);
        } catch (IOException e) {
            throw parseError(response, "unreadable body", e);
        }
    }

    /** The exception for an unsuccessful response: the vendor's {@link ErrorClassifier}, then the defaults. */
    public FetchException classify(ApiResponse response) {
        Optional<FetchException> special = classifier.classify(response);
        if (special.isPresent()) {
            return special.get();
        }
        int status = response.status();
        String message = describe(response);
        Duration retryAfter = response.retryAfter(clock).orElse(null);
        if (status == 401 || status == 403) {
            return new FetchException(Reason.AUTH, message);
        }
        if (status == 429) {
            return new FetchException(Reason.RATE_LIMITED, message, retryAfter, null);
        }
        return new FetchException(Reason.UNAVAILABLE, message, status >= 500 ? retryAfter : null, null);
    }

    /** {@code tesla /api/1/vehicles/{id}: HTTP 429 (Retry in 3600 seconds)}: one line, no secrets. */
    public String describe(ApiResponse response) {
        return vendor + " " + response.endpointTemplate() + ": HTTP " + response.status()
                + response.errorDetail().map(d -> " (" + d + ")").orElse("");
    }

    // ---- internals ------------------------------------------------------------------------------

    private URI resolve(String path) {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return URI.create(path);
        }
        String base = BaseUrl.text(baseUri);
        boolean needsSlash = !path.isEmpty() && !path.startsWith("/") && !path.startsWith("?");
        return URI.create(base + (needsSlash ? "/" : "") + path);
    }

    private HttpRequest toHttpRequest(ApiRequest request, URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.put("Accept-Encoding", "gzip");
        headers.putAll(defaultHeaders);
        if (request.contentType() != null) {
            headers.put("Content-Type", request.contentType());
        }
        headers.putAll(request.headers());
        headers.forEach(b::setHeader);
        HttpRequest.BodyPublisher body = request.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        return b.method(request.method().toUpperCase(Locale.ROOT), body).build();
    }

    private byte[] decode(HttpResponse<byte[]> response, ApiRequest request) throws FetchException {
        byte[] body = response.body() == null ? new byte[0] : response.body();
        boolean gzip = response.headers().firstValue("Content-Encoding")
                .map(v -> v.trim().equalsIgnoreCase("gzip")).orElse(false);
        if (!gzip || body.length == 0) {
            return body;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new FetchException(Reason.PARSE, vendor + " " + request.endpointTemplate() + ": HTTP "
                    + response.statusCode() + " with a corrupt gzip body", null, e);
        }
    }

    private void log(ApiRequest request, URI uri, HttpRequest sent, String status, long start, ApiResponse response) {
        if (!LOG.isLoggable(Level.FINE)) {
            return;
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        LOG.fine(vendor + " " + sent.method() + " " + Redactor.redactUri(uri) + " [" + request.endpointTemplate()
                + "] -> " + status + " in " + millis + " ms");
        LOG.finer(() -> vendor + " request headers " + Redactor.headerNames(sent.headers().map()));
        if (!response.isSuccess()) {
            LOG.fine(() -> vendor + " error body (" + response.contentType() + "): "
                    + Redactor.redactText(abbreviate(response.bodyText())));
        }
    }

    private static byte[] maskSentCredentials(byte[] body, HttpRequest sent) {
        String text = new String(body, StandardCharsets.UTF_8);
        String masked = text;
        for (var header : sent.headers().map().entrySet()) {
            if (!Redactor.isSensitive(header.getKey())) {
                continue;
            }
            for (String value : header.getValue()) {
                int space = value.indexOf(' ');
                String credential = space > 0 && header.getKey().equalsIgnoreCase("authorization")
                        ? value.substring(space + 1) : value;
                masked = Redactor.redactText(masked, credential);
            }
        }
        return masked.equals(text) ? body : masked.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }

    /** What went wrong on the way, for {@link #send} and {@link #exchange} alike (NETWORK). */
    private FetchException transportFailure(ApiRequest request, URI uri, Exception e) {
        String what;
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            what = "interrupted";
        } else if (e instanceof HttpConnectTimeoutException) {
            what = "connect timed out";
        } else if (e instanceof HttpTimeoutException) {
            what = "timed out after " + requestTimeout.toSeconds() + " s";
        } else if (e instanceof ConnectException) {
            what = "could not connect";
        } else {
            what = "connection failed (" + e.getClass().getSimpleName() + ")";
        }
        return network(request, uri, what, e);
    }

    private FetchException network(ApiRequest request, URI uri, String what, Exception cause) {
        String target = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        return new FetchException(Reason.NETWORK, vendor + " " + request.endpointTemplate() + ": " + what
                + " (" + target + ")", null, cause);
    }

    private FetchException parseError(ApiResponse response, String what, Throwable cause) {
        String type = response.contentType().isEmpty() ? "no content type" : response.contentType();
        return new FetchException(Reason.PARSE, vendor + " " + response.endpointTemplate() + ": " + what
                + " in HTTP " + response.status() + " response (" + type + ", " + response.body().length + " bytes)",
                null, cause);
    }

    /** Settings with defaults: timeouts 10 s / 30 s, no metrics, a plain ObjectMapper, the UTC clock. */
    public static final class Builder {
        private final String vendor;
        private final URI baseUri;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private SelfMetrics metrics = SelfMetrics.NOOP;
        private ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        private Clock clock = Clock.systemUTC();
        private final Map<String, String> defaultHeaders = new LinkedHashMap<>();
        private ErrorClassifier classifier = ErrorClassifier.NONE;
        private Predicate<ApiResponse> refreshOn = response -> response.status() == 401;
        private HttpClient httpClient;
        private boolean followRedirects;

        private Builder(String vendor, URI baseUri) {
            this.vendor = Objects.requireNonNull(vendor, "vendor");
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder selfMetrics(SelfMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics);
            return this;
        }

        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper);
            return this;
        }

        /** Used for HTTP-date {@code Retry-After} values. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** A header on every request, e.g. Volvo's {@code vcc-api-key} or a {@code User-Agent}. */
        public Builder defaultHeader(String name, String value) {
            defaultHeaders.put(name, Objects.requireNonNull(value));
            return this;
        }

        /** The vendor's reading of unsuccessful responses (see {@link ErrorClassifier}). */
        public Builder errorClassifier(ErrorClassifier classifier) {
            this.classifier = Objects.requireNonNull(classifier);
            return this;
        }

        /**
         * Which responses trigger the one refresh-and-retry (default: status 401). Volvo answers 401
         * for a bad {@code vcc-api-key} too, where refreshing cannot help.
         */
        public Builder refreshOn(Predicate<ApiResponse> condition) {
            this.refreshOn = Objects.requireNonNull(condition);
            return this;
        }

        /** A preconfigured JDK client (its connect timeout then wins); mainly to share one. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = client;
            return this;
        }

        /**
         * Follow redirects (never from https to http). Only for clients that send no credential: a
         * redirect would resend every header to wherever it points. Off by default.
         */
        public Builder followRedirects(boolean follow) {
            this.followRedirects = follow;
            return this;
        }

        public JsonHttpClient build() {
            HttpClient client = httpClient != null ? httpClient : HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    // a redirect would resend the Authorization header to wherever it points
                    .followRedirects(followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
                    .build();
            return new JsonHttpClient(this, baseUri, client);
        }
    }
}
