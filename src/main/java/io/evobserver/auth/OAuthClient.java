package io.evobserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.SelfMetrics;
import io.evobserver.http.ApiRequest;
import io.evobserver.http.ApiResponse;
import io.evobserver.http.JsonHttpClient;
import io.evobserver.http.Redactor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Talks to one OAuth 2.0 token endpoint (form-encoded POST, JSON answer): authorization-code
 * exchange (with PKCE), refresh, and the device authorization grant (RFC 8628, BMW's variant
 * included). How the client authenticates is configurable, and so are extra form parameters
 * (Tesla's {@code audience}).
 *
 * <p>Errors: a refresh the server rejects (400/401/403, e.g. {@code invalid_grant},
 * {@code login_required}) is a {@link LoginRequiredException}; 429 is RATE_LIMITED (with
 * {@code Retry-After}); 5xx UNAVAILABLE; I/O NETWORK; a non-JSON or token-less answer PARSE. Code
 * exchange and device-flow rejections are AUTH. Messages carry the server's error code and
 * description but never a token, code, verifier or client secret.
 */
public final class OAuthClient {

    private static final Logger LOG = Logger.getLogger(OAuthClient.class.getName());
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final Duration DEFAULT_DEVICE_INTERVAL = Duration.ofSeconds(5);
    private static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
    private static final int TRANSIENT_POLL_FAILURES = 3;

    /** How the client proves who it is on token requests. */
    public enum ClientAuthentication {
        /** {@code client_id} in the form, no secret (public client; Tesla open-source apps, BMW CarData). */
        PUBLIC,
        /** {@code client_id} and {@code client_secret} in the form (Tesla confidential apps). */
        SECRET_IN_FORM,
        /** {@code Authorization: Basic base64(client_id:client_secret)}, nothing in the form (Volvo). */
        BASIC
    }

    /** The kinds of request this client sends, for request-specific extra parameters. */
    public enum TokenRequest { AUTHORIZATION_CODE, REFRESH_TOKEN, DEVICE_AUTHORIZATION, DEVICE_CODE }

    /** Waits between device-flow polls; tests pass one that only advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
    }

    private final String vendor;
    private final URI tokenEndpoint;
    private final String clientId;
    private final String clientSecret;
    private final ClientAuthentication authentication;
    private final Map<String, String> commonParams;
    private final Map<TokenRequest, Map<String, String>> kindParams;
    private final Clock clock;
    private final JsonHttpClient http;

    private OAuthClient(Builder b) {
        this.vendor = b.vendor;
        this.tokenEndpoint = b.tokenEndpoint;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.authentication = b.authentication;
        this.commonParams = Map.copyOf(b.commonParams);
        this.kindParams = new EnumMap<>(TokenRequest.class);
        b.kindParams.forEach((kind, params) -> kindParams.put(kind, Map.copyOf(params)));
        this.clock = b.clock;
        this.http = JsonHttpClient.builder(b.vendor, b.tokenEndpoint)
                .selfMetrics(b.metrics)
                .objectMapper(b.mapper)
                .clock(b.clock)
                .connectTimeout(b.connectTimeout)
                .requestTimeout(b.requestTimeout)
                .build();
    }

    /**
     * @param tokenEndpoint the full token URL, e.g. {@code https://volvoid.eu.volvocars.com/as/token.oauth2}
     */
    public static Builder builder(String vendor, URI tokenEndpoint, String clientId) {
        return new Builder(vendor, tokenEndpoint, clientId);
    }

    public String vendor() {
        return vendor;
    }

    public String clientId() {
        return clientId;
    }

    /** Exchanges an authorization code (RFC 6749 section 4.1.3); {@code codeVerifier} may be null without PKCE. */
    public OAuthTokens exchangeCode(String code, String redirectUri, String codeVerifier) throws FetchException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", Objects.requireNonNull(code, "code"));
        form.put("redirect_uri", Objects.requireNonNull(redirectUri, "redirectUri"));
        if (codeVerifier != null) {
            form.put("code_verifier", codeVerifier);
        }
        ApiResponse response = post(TokenRequest.AUTHORIZATION_CODE, tokenEndpoint, form);
        if (!response.isSuccess()) {
            throw failure(response, "code exchange", false, code, codeVerifier);
        }
        return tokens(response, null, "code exchange");
    }

    /** Refreshes with this refresh token; the answer's refresh token, or this one if none came back. */
    public OAuthTokens refresh(String refreshToken) throws FetchException {
        return refresh(new OAuthTokens(null, Objects.requireNonNull(refreshToken, "refreshToken"), null, null, null));
    }

    /**
     * Refreshes {@code current} (RFC 6749 section 6). The result keeps {@code current}'s extra fields
     * and, when the server sent no new refresh token, its refresh token.
     *
     * @throws LoginRequiredException when the server rejects the refresh token
     */
    public OAuthTokens refresh(OAuthTokens current) throws FetchException {
        if (!current.hasRefreshToken()) {
            throw new LoginRequiredException(vendor, "no refresh token stored");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", current.refreshToken());
        ApiResponse response = post(TokenRequest.REFRESH_TOKEN, tokenEndpoint, form);
        if (!response.isSuccess()) {
            throw failure(response, "token refresh", true, current.refreshToken(), current.accessToken());
        }
        return tokens(response, current, "token refresh");
    }

    /**
     * Starts a device authorization (RFC 8628 section 3.1).
     *
     * @param pkce null to send no code challenge
     */
    public DeviceAuthorization startDeviceAuthorization(URI deviceAuthUrl, String scope, Pkce pkce)
            throws FetchException {
        Map<String, String> form = new LinkedHashMap<>();
        if (scope != null) {
            form.put("scope", scope);
        }
        if (pkce != null) {
            form.put("code_challenge", pkce.challenge());
            form.put("code_challenge_method", pkce.method());
        }
        ApiResponse response = post(TokenRequest.DEVICE_AUTHORIZATION, deviceAuthUrl, form);
        if (!response.isSuccess()) {
            throw failure(response, "device authorization", false);
        }
        JsonNode json = jsonObject(response, "device authorization");
        String deviceCode = text(json, "device_code");
        String userCode = text(json, "user_code");
        String uri = text(json, "verification_uri") != null ? text(json, "verification_uri") : text(json, "verification_url");
        if (deviceCode == null || userCode == null || uri == null) {
            throw new FetchException(Reason.PARSE, vendor + " device authorization answer lacks device_code, user_code"
                    + " or verification_uri");
        }
        String complete = text(json, "verification_uri_complete");
        Duration interval = json.path("interval").asLong(0) > 0
                ? Duration.ofSeconds(json.path("interval").asLong()) : DEFAULT_DEVICE_INTERVAL;
        long expiresIn = json.path("expires_in").asLong(0) > 0 ? json.path("expires_in").asLong() : 300;
        try {
            return new DeviceAuthorization(deviceCode, userCode, URI.create(uri),
                    complete == null ? null : URI.create(complete), interval, clock.instant().plusSeconds(expiresIn));
        } catch (IllegalArgumentException e) {
            throw new FetchException(Reason.PARSE, vendor + " device authorization answer has an invalid verification URI");
        }
    }

    /**
     * Polls the token endpoint once for a device authorization (RFC 8628 section 3.4).
     *
     * @return the tokens once the user approved; empty while pending: {@code authorization_pending}
     *         or {@code slow_down} (RFC 8628: 400; BMW: 403, also a 403 without an error code)
     * @throws FetchException AUTH when the user denied or the device code expired
     */
    public Optional<OAuthTokens> pollDeviceToken(DeviceAuthorization authorization, Pkce pkce) throws FetchException {
        return poll(authorization, pkce).tokens();
    }

    /**
     * Polls until the user approves: waits {@code interval} before each poll, adds 5 s on
     * {@code slow_down}, tolerates a few transient failures in a row, and gives up with AUTH when
     * the device code expires.
     */
    public OAuthTokens awaitDeviceToken(DeviceAuthorization authorization, Pkce pkce, Sleeper sleeper)
            throws FetchException, InterruptedException {
        Duration interval = authorization.interval();
        int transientFailures = 0;
        while (clock.instant().isBefore(authorization.expiresAt())) {
            sleeper.sleep(interval);
            PollResult result;
            try {
                result = poll(authorization, pkce);
            } catch (FetchException e) {
                boolean transientFailure = e.reason() == Reason.UNAVAILABLE || e.reason() == Reason.NETWORK;
                if (!transientFailure || ++transientFailures >= TRANSIENT_POLL_FAILURES) {
                    throw e;
                }
                LOG.fine(() -> vendor + " device token poll failed, trying again: " + e.getMessage());
                continue;
            }
            transientFailures = 0;
            if (result.tokens().isPresent()) {
                return result.tokens().get();
            }
            if (result.slowDown()) {
                interval = interval.plus(SLOW_DOWN_STEP);
            }
        }
        throw new FetchException(Reason.AUTH, vendor + " sign-in was not approved before the device code expired;"
                + " start the login again");
    }

    private record PollResult(Optional<OAuthTokens> tokens, boolean slowDown) {
    }

    private PollResult poll(DeviceAuthorization authorization, Pkce pkce) throws FetchException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", DEVICE_GRANT);
        form.put("device_code", authorization.deviceCode());
        if (pkce != null) {
            form.put("code_verifier", pkce.verifier());
        }
        ApiResponse response = post(TokenRequest.DEVICE_CODE, tokenEndpoint, form);
        if (response.isSuccess()) {
            return new PollResult(Optional.of(tokens(response, null, "device token")), false);
        }
        String error = response.jsonField("error").orElse("");
        boolean clientError = response.status() >= 400 && response.status() < 500 && response.status() != 429;
        if (clientError && "authorization_pending".equals(error)) {
            return new PollResult(Optional.empty(), false);
        }
        if (clientError && "slow_down".equals(error)) {
            return new PollResult(Optional.empty(), true);
        }
        if (response.status() == 403 && error.isEmpty()) {
            // BMW answers 403 while pending; without an error code we cannot tell it apart, and
            // the device code's expiry bounds the wait
            return new PollResult(Optional.empty(), false);
        }
        if ("expired_token".equals(error)) {
            throw new FetchException(Reason.AUTH, vendor + " device code expired before the sign-in was approved;"
                    + " start the login again");
        }
        if ("access_denied".equals(error)) {
            throw new FetchException(Reason.AUTH, vendor + " sign-in was denied (" + detail(response,
                    authorization.deviceCode()) + ")");
        }
        throw failure(response, "device token", false, authorization.deviceCode());
    }

    private ApiResponse post(TokenRequest kind, URI url, Map<String, String> params) throws FetchException {
        Map<String, String> form = new LinkedHashMap<>(params);
        if (authentication != ClientAuthentication.BASIC) {
            form.put("client_id", clientId);
        }
        if (authentication == ClientAuthentication.SECRET_IN_FORM) {
            form.put("client_secret", clientSecret);
        }
        form.putAll(commonParams);
        form.putAll(kindParams.getOrDefault(kind, Map.of()));
        String template = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        ApiRequest request = ApiRequest.postForm(template, url.toString(), form);
        if (authentication == ClientAuthentication.BASIC) {
            String pair = clientId + ":" + clientSecret;
            request = request.withHeader("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request);
    }

    private OAuthTokens tokens(ApiResponse response, OAuthTokens previous, String what) throws FetchException {
        JsonNode json = jsonObject(response, what);
        try {
            return OAuthTokens.fromTokenResponse(json, clock, previous);
        } catch (IllegalArgumentException e) {
            throw new FetchException(Reason.PARSE, vendor + " " + what + " answer has no access_token");
        }
    }

    private JsonNode jsonObject(ApiResponse response, String what) throws FetchException {
        JsonNode json;
        try {
            json = http.readJson(response);
        } catch (FetchException e) {
            throw new FetchException(e.reason(), vendor + " " + what + ": " + e.getMessage(), null, e.getCause());
        }
        if (!json.isObject()) {
            throw new FetchException(Reason.PARSE, vendor + " " + what + " answer is not a JSON object");
        }
        return json;
    }

    private FetchException failure(ApiResponse response, String what, boolean loginOnRejection, String... secrets) {
        int status = response.status();
        String message = vendor + " " + what + " failed: HTTP " + status + " (" + detail(response, secrets) + ")";
        Duration retryAfter = response.retryAfter(clock).orElse(null);
        if (status == 429) {
            return new FetchException(Reason.RATE_LIMITED, message, retryAfter, null);
        }
        if (status >= 500) {
            return new FetchException(Reason.UNAVAILABLE, message, retryAfter, null);
        }
        if (status == 400 || status == 401 || status == 403) {
            if (loginOnRejection) {
                return new LoginRequiredException(vendor, vendor + " rejected the token refresh (HTTP " + status
                        + " " + detail(response, secrets) + ")");
            }
            return new FetchException(Reason.AUTH, message);
        }
        return new FetchException(Reason.UNAVAILABLE, message);
    }

    private String detail(ApiResponse response, String... secrets) {
        String[] all = new String[secrets.length + 1];
        System.arraycopy(secrets, 0, all, 0, secrets.length);
        all[secrets.length] = clientSecret;
        return response.errorDetail().map(d -> Redactor.redactText(d, all)).orElse("no error description");
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    @Override
    public String toString() {
        return "OAuthClient[" + vendor + ", " + tokenEndpoint + ", " + authentication + "]";
    }

    /** Settings: client authentication PUBLIC unless a secret is given; timeouts 10 s / 30 s. */
    public static final class Builder {
        private final String vendor;
        private final URI tokenEndpoint;
        private final String clientId;
        private String clientSecret;
        private ClientAuthentication authentication = ClientAuthentication.PUBLIC;
        private final Map<String, String> commonParams = new LinkedHashMap<>();
        private final Map<TokenRequest, Map<String, String>> kindParams = new EnumMap<>(TokenRequest.class);
        private Clock clock = Clock.systemUTC();
        private SelfMetrics metrics = SelfMetrics.NOOP;
        private ObjectMapper mapper = new ObjectMapper();
        private Duration connectTimeout = JsonHttpClient.DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = JsonHttpClient.DEFAULT_REQUEST_TIMEOUT;

        private Builder(String vendor, URI tokenEndpoint, String clientId) {
            this.vendor = Objects.requireNonNull(vendor, "vendor");
            this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
            this.clientId = Objects.requireNonNull(clientId, "clientId");
        }

        /** A confidential client: the secret goes in the form ({@code SECRET_IN_FORM}) or a Basic header ({@code BASIC}). */
        public Builder clientSecret(String secret, ClientAuthentication how) {
            if (how == ClientAuthentication.PUBLIC) {
                throw new IllegalArgumentException("a public client has no secret");
            }
            this.clientSecret = Objects.requireNonNull(secret, "secret");
            this.authentication = how;
            return this;
        }

        /** A form parameter on every request, e.g. Tesla's {@code audience}. */
        public Builder extraParam(String name, String value) {
            commonParams.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** A form parameter on one kind of request, e.g. BMW's {@code response_type=device_code}. */
        public Builder extraParam(TokenRequest kind, String name, String value) {
            kindParams.computeIfAbsent(Objects.requireNonNull(kind), k -> new LinkedHashMap<>())
                    .put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
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

        public Builder timeouts(Duration connect, Duration request) {
            this.connectTimeout = Objects.requireNonNull(connect);
            this.requestTimeout = Objects.requireNonNull(request);
            return this;
        }

        public OAuthClient build() {
            return new OAuthClient(this);
        }
    }

}
