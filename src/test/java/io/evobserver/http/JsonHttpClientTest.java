package io.evobserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.testing.RecordingSelfMetrics;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JsonHttpClientTest {

    private static final String TEMPLATE = "/api/1/vehicles/{id}/vehicle_data";
    private static final String PATH = "/api/1/vehicles/42/vehicle_data";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    private StubServer stub;
    private final RecordingSelfMetrics metrics = new RecordingSelfMetrics();

    @BeforeEach
    void startStub() {
        stub = StubServer.start();
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    private JsonHttpClient.Builder clientBuilder() {
        return JsonHttpClient.builder("tesla", stub.baseUri()).selfMetrics(metrics).clock(CLOCK);
    }

    private JsonHttpClient client() {
        return clientBuilder().build();
    }

    /** Hands out token-1, then token-2, ... on each refresh; counts refreshes. */
    private static final class CountingTokens implements AccessTokenSource {
        private int generation = 1;
        private final List<String> rejected = new ArrayList<>();

        @Override
        public synchronized String accessToken() {
            return "token-" + generation;
        }

        @Override
        public synchronized String refreshAfterUnauthorized(String rejectedToken) {
            rejected.add(rejectedToken);
            generation++;
            return accessToken();
        }
    }

    @Test
    void getReturnsJsonAndRecordsTheTemplateNotThePath() throws Exception {
        stub.on("GET", PATH).respond(200, "{\"response\":{\"battery_level\":80}}");

        JsonNode json = clientBuilder().defaultHeader("User-Agent", "ev-observer-test").build()
                .get(TEMPLATE, PATH + "?endpoints=charge_state", Map.of("X-Extra", "1"));

        assertThat(json.at("/response/battery_level").asInt()).isEqualTo(80);
        StubServer.RecordedRequest request = stub.lastRequest("GET", PATH);
        assertThat(request.queryParams()).containsEntry("endpoints", "charge_state");
        assertThat(request.header("accept")).contains("application/json");
        assertThat(request.header("user-agent")).contains("ev-observer-test");
        assertThat(request.header("x-extra")).contains("1");
        assertThat(metrics.apiCalls()).singleElement().satisfies(call -> {
            assertThat(call.vendor()).isEqualTo("tesla");
            assertThat(call.endpoint()).isEqualTo(TEMPLATE);
            assertThat(call.status()).isEqualTo("200");
        });
    }

    @Test
    void baseUriPathPrefixIsKeptAndAbsoluteUrlsAreUsedAsIs() throws Exception {
        stub.on("GET", "/connected-vehicle/v2/vehicles").respond(200, "{\"data\":[]}");
        stub.on("GET", "/elsewhere").respond(200, "{}");
        JsonHttpClient volvo = JsonHttpClient.builder("volvo", stub.uri("/connected-vehicle/v2/")).build();

        assertThat(volvo.get("/vehicles", "/vehicles", Map.of()).has("data")).isTrue();
        assertThat(volvo.get("/elsewhere", stub.uri("/elsewhere").toString(), Map.of()).isObject()).isTrue();
    }

    @Test
    void postSendsJsonBody() throws Exception {
        stub.on("POST", "/cmd").respond(200, "{\"ok\":true}");
        JsonNode body = new ObjectMapper().readTree("{\"on\":true}");

        client().post("/cmd", "/cmd", Map.of(), body);

        StubServer.RecordedRequest request = stub.lastRequest("POST", "/cmd");
        assertThat(request.header("content-type")).contains("application/json");
        assertThat(request.bodyText()).isEqualTo("{\"on\":true}");
    }

    @Test
    void gzipBodiesAreDecoded() throws Exception {
        stub.on("GET", "/z").respond(Response.json(200, "{\"zipped\":1}").gzipped());

        assertThat(client().get("/z", "/z", Map.of()).get("zipped").asInt()).isEqualTo(1);
        assertThat(stub.lastRequest("GET", "/z").header("accept-encoding")).contains("gzip");
    }

    @Test
    void unauthorizedRefreshesOnceAndRetriesOnce() throws Exception {
        stub.on("GET", PATH).respond(Response.empty(401)).respond(200, "{\"response\":1}");
        CountingTokens tokens = new CountingTokens();

        JsonNode json = client().get(TEMPLATE, PATH, Map.of(), tokens);

        assertThat(json.get("response").asInt()).isEqualTo(1);
        assertThat(tokens.rejected).containsExactly("token-1");
        assertThat(stub.requests("GET", PATH)).extracting(r -> r.header("authorization").orElseThrow())
                .containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void secondUnauthorizedIsAnAuthErrorWithoutLooping() {
        stub.on("GET", PATH).respondAlways(Response.json(401, "{\"error\":\"token expired (401)\"}"));
        CountingTokens tokens = new CountingTokens();

        assertThatThrownBy(() -> client().get(TEMPLATE, PATH, Map.of(), tokens))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUTH))
                .hasMessageContaining("HTTP 401").hasMessageContaining("token expired");
        assertThat(stub.requests("GET", PATH)).hasSize(2);
        assertThat(tokens.rejected).hasSize(1);
    }

    @Test
    void refreshConditionIsConfigurable() {
        // Volvo: a 401 about the API key is not cured by a new token
        stub.on("GET", "/v").respondAlways(Response.json(401,
                "{\"error\":{\"message\":\"Invalid vcc-api-key\",\"description\":\"x\"}}"));
        CountingTokens tokens = new CountingTokens();
        JsonHttpClient volvo = clientBuilder()
                .refreshOn(r -> r.status() == 401 && !r.bodyText().contains("vcc-api-key"))
                .build();

        assertThatThrownBy(() -> volvo.get("/v", "/v", Map.of(), tokens)).isInstanceOf(FetchException.class);
        assertThat(tokens.rejected).isEmpty();
        assertThat(stub.requests("GET", "/v")).hasSize(1);
    }

    @Test
    void forbiddenIsAuthUnlessTheVendorClassifiesIt() {
        stub.on("GET", "/bmw").respond(403, "{\"exveErrorId\":\"CU-429\",\"exveErrorMsg\":\"API rate limit reached\"}")
                .respond(403, "{\"exveErrorId\":\"CU-104\",\"exveErrorMsg\":\"no permission for VIN\"}");
        JsonHttpClient bmw = clientBuilder().errorClassifier(r -> r.status() == 403
                        && r.jsonField("exveErrorId").filter("CU-429"::equals).isPresent()
                        ? Optional.of(new FetchException(Reason.RATE_LIMITED, "bmw daily quota reached"))
                        : Optional.empty())
                .build();

        assertThatThrownBy(() -> bmw.get("/bmw", "/bmw", Map.of()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED));
        assertThatThrownBy(() -> bmw.get("/bmw", "/bmw", Map.of()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUTH))
                .hasMessageContaining("CU-104");
    }

    @Test
    void rawSendLetsTheVendorReadSpecialStatuses() throws Exception {
        stub.on("GET", PATH).respond(408, "{\"response\":null,\"error\":\"vehicle unavailable: vehicle is offline or asleep\"}");
        JsonHttpClient client = client();

        ApiResponse response = client.send(ApiRequest.get(TEMPLATE, PATH), new CountingTokens());

        assertThat(response.status()).isEqualTo(408);
        assertThat(response.jsonField("error").orElseThrow()).startsWith("vehicle unavailable");
        assertThatThrownBy(() -> client.readJson(response))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
    }

    @Test
    void rateLimitedCarriesRetryAfterSeconds() {
        stub.on("GET", "/r").respond(Response.text(429, "text/plain", "Retry in 3600 seconds\n")
                .withHeader("Retry-After", "3600"));

        assertThatThrownBy(() -> client().get("/r", "/r", Map.of()))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
                    assertThat(e.retryAfter()).contains(Duration.ofHours(1));
                })
                .hasMessage("tesla /r: HTTP 429 (Retry in 3600 seconds)");
    }

    @Test
    void rateLimitedCarriesRetryAfterHttpDate() {
        stub.on("GET", "/r").respond(Response.json(429, "{}").withHeader("Retry-After", "Sun, 01 Mar 2026 10:05:00 GMT"));

        assertThatThrownBy(() -> client().get("/r", "/r", Map.of()))
                .isInstanceOfSatisfying(FetchException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofMinutes(5)));
    }

    @Test
    void serverErrorsAreUnavailableAndHtmlIsNotQuoted() {
        stub.on("GET", "/s").respond(Response.json(503, "{\"error\":\"upstream internal error\"}"))
                .respond(Response.text(502, "text/html", "<html><body><h1>Bad Gateway</h1></body></html>"));
        JsonHttpClient client = client();

        assertThatThrownBy(() -> client.get("/s", "/s", Map.of()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                .hasMessageContaining("upstream internal error");
        assertThatThrownBy(() -> client.get("/s", "/s", Map.of()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                .hasMessage("tesla /s: HTTP 502");
    }

    @Test
    void timeoutIsANetworkErrorRecordedAsError() {
        stub.on("GET", "/slow").respond(Response.json(200, "{}").delayed(Duration.ofSeconds(5)));
        JsonHttpClient client = clientBuilder().requestTimeout(Duration.ofMillis(200)).build();

        assertThatThrownBy(() -> client.get("/slow", "/slow", Map.of()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NETWORK))
                .hasMessageContaining("timed out");
        assertThat(metrics.apiCalls()).singleElement().satisfies(call -> assertThat(call.status()).isEqualTo("error"));
    }

    @Test
    void refusedConnectionIsANetworkError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        JsonHttpClient client = JsonHttpClient.builder("bmw", URI.create("http://127.0.0.1:" + closedPort))
                .selfMetrics(metrics).build();

        assertThatThrownBy(() -> client.get("/x", "/x", Map.of()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NETWORK))
                .hasMessageContaining("127.0.0.1:" + closedPort);
        assertThat(metrics.apiCalls()).extracting(RecordingSelfMetrics.ApiCall::status).containsExactly("error");
    }

    @Test
    void truncatedJsonIsAParseErrorThatDoesNotQuoteTheBody() {
        stub.on("GET", "/t").respond(200, "{\"response\":{\"access_token\":\"SECRET-IN-BODY\",\"n\":");

        assertThatThrownBy(() -> client().get("/t", "/t", Map.of()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PARSE))
                .hasMessageContaining("HTTP 200").hasMessageContaining("application/json")
                .hasMessageNotContaining("SECRET-IN-BODY").hasNoCause();
    }

    @Test
    void htmlPageWithStatus200IsAParseError() {
        stub.on("GET", "/h").respond(Response.text(200, "text/html; charset=utf-8", "<html>maintenance</html>"));

        assertThatThrownBy(() -> client().get("/h", "/h", Map.of()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PARSE))
                .hasMessage("tesla /h: expected JSON in HTTP 200 response (text/html, 24 bytes)");
    }

    @Test
    void emptySuccessBodies() throws Exception {
        stub.on("POST", "/n").respond(Response.empty(204)).respond(Response.json(200, ""));
        JsonHttpClient client = client();

        assertThat(client.post("/n", "/n", Map.of(), null).isNull()).isTrue();
        assertThatThrownBy(() -> client.post("/n", "/n", Map.of(), null))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PARSE));
    }

    @Test
    void withBaseUriTargetsAnotherHostWithTheSameSettings() throws Exception {
        try (StubServer eu = StubServer.start()) {
            eu.on("GET", "/api/1/vehicles").respond(200, "{\"response\":[]}");
            JsonHttpClient client = clientBuilder().defaultHeader("X-App", "a").build().withBaseUri(eu.baseUri());

            client.get("/api/1/vehicles", "/api/1/vehicles", Map.of());

            assertThat(eu.lastRequest("GET", "/api/1/vehicles").header("x-app")).contains("a");
            assertThat(metrics.apiCalls()).hasSize(1);
        }
    }

    @Test
    void debugLogShowsRequestsButNoSecrets() throws Exception {
        Logger logger = Logger.getLogger("io.evobserver");
        List<String> lines = new ArrayList<>();
        SimpleFormatter formatter = new SimpleFormatter();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (lines) {
                    lines.add(formatter.format(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Level before = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
        try {
            stub.on("GET", "/q").respond(Response.json(401, "{\"error\":\"bad\",\"refresh_token\":\"SECRET-RT\"}"))
                    .respond(200, "{\"access_token\":\"SECRET-BODY\"}");
            JsonHttpClient client = clientBuilder().defaultHeader("vcc-api-key", "SECRET-KEY").build();
            AccessTokenSource tokens = new AccessTokenSource() {
                @Override
                public String accessToken() {
                    return "SECRET-AT-1";
                }

                @Override
                public String refreshAfterUnauthorized(String rejectedToken) {
                    return "SECRET-AT-2";
                }
            };

            client.get("/q", "/q?access_token=SECRET-QUERY&client_secret=SECRET-CS&code=SECRET-CODE&page=2",
                    Map.of(), tokens);
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(before);
        }

        String log = String.join("\n", lines);
        assertThat(log).contains("GET", "/q", "401", "200", "page=2", "vcc-api-key");
        assertThat(log).doesNotContain("SECRET");
    }

    @Test
    void aCredentialTheVendorEchoesInAnErrorBodyIsMaskedInMessagesAndLogs() throws Exception {
        String token = "eyBareTokenValue0123456789";
        stub.on("GET", PATH).respondAlways(Response.json(500,
                "{\"error\":\"internal\",\"error_description\":\"could not validate " + token + " for you\"}"));
        List<LogRecord> records = new ArrayList<>();
        Logger logger = Logger.getLogger(JsonHttpClient.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level old = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
        try {
            assertThatThrownBy(() -> client().get(TEMPLATE, PATH, Map.of("Authorization", "Bearer " + token)))
                    .isInstanceOf(FetchException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token).contains("could not validate"));
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(old);
        }
        SimpleFormatter f = new SimpleFormatter();
        assertThat(records).isNotEmpty();
        records.forEach(r -> assertThat(f.format(r)).doesNotContain(token));
    }
}
