package io.evobserver.source.chargy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChargyConfigTest {

    @Test
    void defaultsAreThePublishedFeedAndAFiveMinuteBudget() {
        ChargyConfig c = ChargyConfig.defaults();
        assertThat(c.feedUrl().getHost()).isEqualTo("my.chargy.lu");
        assertThat(c.feedUrl().getPath()).isEqualTo("/b2bev-external-services/resources/kml");
        assertThat(c.feedUrl().getQuery()).startsWith("API-KEY=");
        assertThat(c.minInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.stationFilters()).isEmpty();
    }

    @Test
    void nullsTakeDefaultsAndBlankFiltersAreDropped() {
        ChargyConfig c = new ChargyConfig(URI.create("http://localhost/kml"), Arrays.asList(" a ", "", null, "b"),
                null, null);
        assertThat(c.stationFilters()).containsExactly("a", "b");
        assertThat(c.minInterval()).isEqualTo(ChargyConfig.DEFAULT_MIN_INTERVAL);
        assertThat(c.timeout()).isEqualTo(ChargyConfig.DEFAULT_TIMEOUT);
    }

    @Test
    void rejectsNonHttpUrlsWithoutEchoingTheKey() {
        assertThatThrownBy(() -> new ChargyConfig(URI.create("file:///etc/passwd?API-KEY=abc123"), List.of(), null,
                null)).isInstanceOf(IllegalArgumentException.class).message().doesNotContain("abc123");
        assertThatThrownBy(() -> new ChargyConfig(URI.create("http://x/kml"), List.of(), null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringAndRedactionMaskTheKey() {
        URI u = URI.create("https://user:pw@my.chargy.lu/b2bev-external-services/resources/kml?x=1&API-KEY=abc-123&apikey=zz");
        assertThat(ChargyRedaction.redact(u))
                .isEqualTo("https://<redacted>@my.chargy.lu/b2bev-external-services/resources/kml?x=1&API-KEY=<redacted>&apikey=<redacted>");
        assertThat(ChargyConfig.defaults().toString()).contains("API-KEY=<redacted>").doesNotContain("486ac6e4");
        assertThat(ChargyRedaction.scrub("GET " + u + " failed", u)).doesNotContain("abc-123").doesNotContain("pw");
        assertThat(ChargyRedaction.scrub("key abc%2D123", URI.create("http://h/k?API-KEY=abc%2D123")))
                .isEqualTo("key <redacted>");
    }

    @Test
    void boundedStreamStopsAtTheLimitAndTheDeadline() throws Exception {
        InputStream big = new BoundedInputStream(new ByteArrayInputStream(new byte[100]), 10, System.nanoTime()
                + Duration.ofHours(1).toNanos());
        assertThatThrownBy(big::readAllBytes).isInstanceOf(BoundedInputStream.TooLargeException.class);
        InputStream late = new BoundedInputStream(new ByteArrayInputStream(new byte[100]), 1_000,
                System.nanoTime() - 1);
        assertThatThrownBy(late::read).isInstanceOf(BoundedInputStream.DeadlineException.class);
    }
}
