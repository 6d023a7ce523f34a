package io.evobserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.http.JsonHttpClient;
import io.evobserver.testing.MutableClock;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenProviderTest {

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    private TokenStore storeWith(OAuthTokens tokens) throws IOException {
        TokenStore store = new TokenStore("tesla", dir.resolve("tesla-token.json"));
        store.save(tokens);
        return store;
    }

    /** A refresher that issues at-N / rt-N, valid for an hour, and counts its calls. */
    private final class CountingRefresher implements TokenProvider.Refresher {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public OAuthTokens refresh(OAuthTokens current) {
            int n = calls.incrementAndGet();
            return new OAuthTokens("at-" + n, "rt-" + n, clock.instant().plus(Duration.ofHours(1)), "Bearer",
                    current.scope(), current.extra());
        }
    }

    @Test
    void freshTokenIsServedFromTheFileWithoutRefreshing() throws Exception {
        TokenStore store = storeWith(new OAuthTokens("at-0", "rt-0", clock.instant().plusSeconds(120), "Bearer", null));
        CountingRefresher refresher = new CountingRefresher();

        assertThat(new TokenProvider(store, refresher, clock).accessToken()).isEqualTo("at-0");
        assertThat(refresher.calls).hasValue(0);
    }

    @Test
    void refreshesWhenTheTokenExpiresWithinAMinuteAndSavesTheRotatedOne() throws Exception {
        TokenStore store = storeWith(new OAuthTokens("at-0", "rt-0", clock.instant().plusSeconds(300), "Bearer", "openid",
                Map.of("gcid", TextNode.valueOf("g-1"))));
        CountingRefresher refresher = new CountingRefresher();
        TokenProvider provider = new TokenProvider(store, refresher, clock);

        assertThat(provider.accessToken()).isEqualTo("at-0");
        clock.advance(Duration.ofSeconds(241)); // 59 s left
        assertThat(provider.accessToken()).isEqualTo("at-1");
        assertThat(provider.accessToken()).isEqualTo("at-1");

        assertThat(refresher.calls).hasValue(1);
        OAuthTokens saved = store.load().orElseThrow();
        assertThat(saved.refreshToken()).isEqualTo("rt-1");
        assertThat(saved.extraText("gcid")).contains("g-1");
        assertThat(saved.refreshedAt()).contains(clock.instant());
    }

    @Test
    void noTokenFileNeedsLogin() {
        TokenStore store = new TokenStore("tesla", dir.resolve("missing.json"));

        assertThatThrownBy(() -> new TokenProvider(store, new CountingRefresher(), clock).accessToken())
                .isInstanceOf(LoginRequiredException.class)
                .hasMessageContaining(store.path().toString())
                .hasMessageContaining("ev-observer login tesla");
    }

    @Test
    void expiredTokenWithoutRefreshTokenNeedsLogin() throws Exception {
        TokenStore store = storeWith(new OAuthTokens("at-0", null, clock.instant(), "Bearer", null));

        assertThatThrownBy(() -> new TokenProvider(store, new CountingRefresher(), clock).accessToken())
                .isInstanceOf(LoginRequiredException.class).hasMessageContaining("no refresh token");
    }

    @Test
    void unauthorizedRefreshesOnlyWhenTheRejectedTokenIsStillCurrent() throws Exception {
        TokenStore store = storeWith(new OAuthTokens("at-0", "rt-0", clock.instant().plusSeconds(3600), "Bearer", null));
        CountingRefresher refresher = new CountingRefresher();
        TokenProvider provider = new TokenProvider(store, refresher, clock);

        assertThat(provider.refreshAfterUnauthorized("at-0")).isEqualTo("at-1");
        assertThat(provider.refreshAfterUnauthorized("at-0")).as("another caller already refreshed").isEqualTo("at-1");
        assertThat(refresher.calls).hasValue(1);
    }

    @Test
    void concurrentCallersShareOneRefresh() throws Exception {
        TokenStore store = storeWith(new OAuthTokens("at-0", "rt-0", clock.instant(), "Bearer", null));
        CountingRefresher refresher = new CountingRefresher();
        TokenProvider provider = new TokenProvider(store, refresher, clock);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<String> call = () -> {
                    start.await();
                    return provider.accessToken();
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo("at-1");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(refresher.calls).hasValue(1);
    }

    @Test
    void tokensWrittenByAnotherProcessAreUsedInsteadOfRefreshing() throws Exception {
        TokenStore store = storeWith(new OAuthTokens("at-0", "rt-0", clock.instant().plusSeconds(30), "Bearer", null));
        CountingRefresher refresher = new CountingRefresher();
        TokenProvider provider = new TokenProvider(store, refresher, clock);
        provider.lastRefreshedAt(); // loads the file into memory

        store.save(new OAuthTokens("at-login", "rt-login", clock.instant().plusSeconds(3600), "Bearer", null));

        assertThat(provider.accessToken()).isEqualTo("at-login");
        assertThat(refresher.calls).hasValue(0);
    }

    @Test
    void refreshIfOlderThanKeepsALapsingRefreshTokenAlive() throws Exception {
        OAuthTokens old = new OAuthTokens("at-0", "rt-0", clock.instant().plusSeconds(3600), "Bearer", null)
                .withExtra(OAuthTokens.REFRESHED_AT, TextNode.valueOf(clock.instant().minus(Duration.ofDays(2)).toString()));
        TokenStore store = storeWith(old);
        CountingRefresher refresher = new CountingRefresher();
        TokenProvider provider = new TokenProvider(store, refresher, clock);

        assertThat(provider.refreshIfOlderThan(Duration.ofDays(3))).isFalse();
        assertThat(provider.refreshIfOlderThan(Duration.ofDays(1))).isTrue();
        assertThat(provider.refreshIfOlderThan(Duration.ofDays(1))).isFalse();

        assertThat(refresher.calls).hasValue(1);
        assertThat(provider.lastRefreshedAt()).contains(clock.instant());
        assertThat(store.load().orElseThrow().extraText(OAuthTokens.REFRESHED_AT)).contains(clock.instant().toString());
    }

    @Test
    void unknownLastRefreshCountsAsOld() throws Exception {
        TokenStore store = storeWith(new OAuthTokens("at-0", "rt-0", null, "Bearer", null));
        CountingRefresher refresher = new CountingRefresher();

        assertThat(new TokenProvider(store, refresher, clock).refreshIfOlderThan(Duration.ofDays(1))).isTrue();
        assertThat(refresher.calls).hasValue(1);
    }

    @Test
    void failedSaveWithholdsTheNewTokenUntilItIsSaved() throws Exception {
        Path file = dir.resolve("volvo-token.json");
        new TokenStore("volvo", file).save(new OAuthTokens("at-0", "rt-0", clock.instant(), "Bearer", null));
        AtomicBoolean failNext = new AtomicBoolean(true);
        TokenStore flaky = new TokenStore("volvo", file, (temp, channel, content) -> {
            if (failNext.getAndSet(false)) {
                throw new IOException("disk full");
            }
            channel.write(content);
        });
        CountingRefresher refresher = new CountingRefresher();
        TokenProvider provider = new TokenProvider(flaky, refresher, clock);

        assertThatThrownBy(provider::accessToken).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE)).hasMessageNotContaining("rt-1");
        assertThat(flaky.load().orElseThrow().refreshToken()).isEqualTo("rt-0");

        assertThat(provider.accessToken()).isEqualTo("at-1");
        assertThat(refresher.calls).as("the rotated token is not thrown away").hasValue(1);
        assertThat(flaky.load().orElseThrow().refreshToken()).isEqualTo("rt-1");
    }

    @Test
    void rotatedRefreshTokenIsOnDiskBeforeTheNewAccessTokenIsUsed() throws Exception {
        try (StubServer stub = StubServer.start()) {
            stub.on("POST", "/oauth2/v3/token").respond(200,
                    "{\"access_token\":\"at-new\",\"refresh_token\":\"rt-new\",\"expires_in\":28800}");
            Path file = dir.resolve("tesla-token.json");
            AtomicReference<JsonNode> fileWhenNewTokenArrived = new AtomicReference<>();
            stub.on("GET", "/api/1/vehicles")
                    .respond(Response.json(401, "{\"error\":\"token expired (401)\"}"))
                    .respond(request -> {
                        if (request.header("authorization").orElse("").equals("Bearer at-new")) {
                            try {
                                fileWhenNewTokenArrived.set(mapper.readTree(Files.readString(file)));
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                        return Response.json(200, "{\"response\":[],\"count\":0}");
                    });
            TokenStore store = new TokenStore("tesla", file);
            store.save(new OAuthTokens("at-old", "rt-old", clock.instant().plusSeconds(3600), "Bearer", null));
            OAuthClient oauth = OAuthClient.builder("tesla", stub.uri("/oauth2/v3/token"), "app").clock(clock).build();
            TokenProvider provider = new TokenProvider(store, oauth::refresh, clock);
            JsonHttpClient api = JsonHttpClient.builder("tesla", stub.baseUri()).build();

            JsonNode vehicles = api.get("/api/1/vehicles", "/api/1/vehicles", Map.of(), provider);

            assertThat(vehicles.get("count").asInt()).isZero();
            assertThat(fileWhenNewTokenArrived.get()).as("API call with the new token was received").isNotNull();
            assertThat(fileWhenNewTokenArrived.get().get("refresh_token").asText()).isEqualTo("rt-new");
            assertThat(fileWhenNewTokenArrived.get().get("access_token").asText()).isEqualTo("at-new");
            assertThat(Instant.parse(fileWhenNewTokenArrived.get().get("expires_at").asText()))
                    .isEqualTo(clock.instant().plusSeconds(28800));
            assertThat(stub.lastRequest("POST", "/oauth2/v3/token").formParams()).containsEntry("refresh_token", "rt-old");
        }
    }

    @Test
    void rejectedRefreshSurfacesAsLoginRequired() throws Exception {
        try (StubServer stub = StubServer.start()) {
            stub.on("POST", "/token").respond(401, "{\"error\":\"login_required\",\"error_description\":\"Login required\"}");
            TokenStore store = storeWith(new OAuthTokens("at-0", "rt-0", clock.instant(), "Bearer", null));
            OAuthClient oauth = OAuthClient.builder("tesla", stub.uri("/token"), "app").clock(clock).build();

            assertThatThrownBy(() -> new TokenProvider(store, oauth::refresh, clock).accessToken())
                    .isInstanceOf(LoginRequiredException.class)
                    .hasMessageContaining("login_required").hasMessageContaining("ev-observer login tesla");
            assertThat(store.load().orElseThrow().refreshToken()).as("file untouched").isEqualTo("rt-0");
        }
    }

    @Test
    void saveExtraKeepsTheRest() throws Exception {
        TokenStore store = storeWith(new OAuthTokens("at-0", "rt-0", clock.instant().plusSeconds(3600), "Bearer", "s"));
        TokenProvider provider = new TokenProvider(store, new CountingRefresher(), clock);

        provider.saveExtra("api_base_url", TextNode.valueOf("https://fleet-api.prd.eu.vn.cloud.tesla.com"));

        OAuthTokens saved = store.load().orElseThrow();
        assertThat(saved.extraText("api_base_url")).contains("https://fleet-api.prd.eu.vn.cloud.tesla.com");
        assertThat(saved.refreshToken()).isEqualTo("rt-0");
        assertThat(provider.tokens().extraText("api_base_url")).isPresent();
    }
}
