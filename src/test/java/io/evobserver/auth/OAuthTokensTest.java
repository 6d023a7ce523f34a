package io.evobserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OAuthTokensTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void tokenResponseSetsExpiryFromExpiresInAndKeepsUnknownFields() throws Exception {
        JsonNode response = mapper.readTree("""
                {"access_token":"at-1","refresh_token":"rt-1","token_type":"Bearer","expires_in":3599,
                 "scope":"openid","id_token":"idt","gcid":"g-1"}""");

        OAuthTokens tokens = OAuthTokens.fromTokenResponse(response, CLOCK, null);

        assertThat(tokens.accessToken()).isEqualTo("at-1");
        assertThat(tokens.refreshToken()).isEqualTo("rt-1");
        assertThat(tokens.expiresAt()).isEqualTo(NOW.plusSeconds(3599));
        assertThat(tokens.extraText("gcid")).contains("g-1");
        assertThat(tokens.extraText("id_token")).contains("idt");
        assertThat(tokens.extra()).doesNotContainKeys("expires_in", "access_token");
        assertThat(tokens.refreshedAt()).contains(NOW);
    }

    @Test
    void refreshResponseWithoutRefreshTokenKeepsThePreviousOneAndItsExtras() throws Exception {
        OAuthTokens previous = new OAuthTokens("old-at", "old-rt", NOW, "Bearer", "openid",
                Map.of("region_base_url", TextNode.valueOf("https://eu")));

        OAuthTokens tokens = OAuthTokens.fromTokenResponse(
                mapper.readTree("{\"access_token\":\"new-at\",\"expires_in\":\"60\"}"), CLOCK, previous);

        assertThat(tokens.refreshToken()).isEqualTo("old-rt");
        assertThat(tokens.scope()).isEqualTo("openid");
        assertThat(tokens.expiresAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(tokens.extraText("region_base_url")).contains("https://eu");
    }

    @Test
    void responseWithoutAccessTokenIsRejected() throws Exception {
        assertThatThrownBy(() -> OAuthTokens.fromTokenResponse(mapper.readTree("{\"refresh_token\":\"x\"}"), CLOCK, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void expiresWithinComparesAgainstTheClock() {
        OAuthTokens tokens = new OAuthTokens("at", "rt", NOW.plusSeconds(90), "Bearer", null);

        assertThat(tokens.expiresWithin(Duration.ofMinutes(1), CLOCK)).isFalse();
        assertThat(tokens.expiresWithin(Duration.ofMinutes(2), CLOCK)).isTrue();
        assertThat(new OAuthTokens("at", "rt", null, null, null).expiresWithin(Duration.ofDays(1), CLOCK))
                .as("unknown expiry is left to the vendor's 401").isFalse();
        assertThat(new OAuthTokens(null, "rt", null, null, null).expiresWithin(Duration.ZERO, CLOCK))
                .as("no access token at all").isTrue();
    }

    @Test
    void toStringShowsNoTokenValues() {
        OAuthTokens tokens = new OAuthTokens("secret-access", "secret-refresh", NOW, "Bearer", "openid",
                Map.of("id_token", TextNode.valueOf("secret-id")));

        assertThat(tokens.toString())
                .doesNotContain("secret-access", "secret-refresh", "secret-id")
                .contains("id_token", "openid");
    }
}
