package io.evobserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BaseUrlTest {

    @Test
    void aTrailingSlashIsDroppedOnce() {
        assertThat(BaseUrl.text(URI.create("https://api.example.com/"))).isEqualTo("https://api.example.com");
        assertThat(BaseUrl.text(URI.create("https://api.example.com/v2"))).isEqualTo("https://api.example.com/v2");
    }

    @Test
    void joinPutsOneSlashBetweenBaseAndPath() {
        assertThat(BaseUrl.join(URI.create("http://127.0.0.1:8080/"), "/as/token.oauth2"))
                .isEqualTo(URI.create("http://127.0.0.1:8080/as/token.oauth2"));
        assertThat(BaseUrl.join(URI.create("https://proxy.example.com/tesla"), "/oauth2/v3/token"))
                .isEqualTo(URI.create("https://proxy.example.com/tesla/oauth2/v3/token"));
    }
}
