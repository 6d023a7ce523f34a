package io.evobserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void recognisesCredentialNamesWhateverTheirSpelling() {
        assertThat(List.of("Authorization", "access_token", "refresh_token", "client_secret", "code", "vcc-api-key",
                "Vcc-Api-Key", "apiKey", "api_key", "password", "id_token", "code_verifier", "device_code",
                "hcaptchatoken", "ocp-apim-subscription-key")).allMatch(Redactor::isSensitive);
        assertThat(List.of("endpoints", "vin_count", "grant_type", "scope", "Content-Type", "Accept"))
                .noneMatch(Redactor::isSensitive);
    }

    @Test
    void masksSensitiveQueryValuesOnly() {
        assertThat(Redactor.redactUri(URI.create("https://u:p@host:8443/x?endpoints=a%3Bb&access_token=AT&apiKey=K")))
                .isEqualTo("https://<redacted>@host:8443/x?endpoints=a%3Bb&access_token=<redacted>&apiKey=<redacted>");
    }

    @Test
    void masksSecretsInFreeText() {
        String text = "{\"access_token\":\"AT-123\",\"error\":\"invalid_grant\",\"refresh_token\" : \"RT\\\"x\"} "
                + "code=abc&state=s1&grant_type=refresh_token Authorization: Bearer eyJ.abc.def and MY-SECRET-42";

        String redacted = Redactor.redactText(text, "MY-SECRET-42");

        assertThat(redacted).doesNotContain("AT-123", "RT\\\"x", "abc&", "eyJ.abc", "MY-SECRET-42")
                .contains("invalid_grant", "grant_type=refresh_token", "state=s1", "Bearer <redacted>");
    }

    @Test
    void masksSensitiveHeaders() {
        assertThat(Redactor.redactHeaders(Map.of("Authorization", List.of("Bearer x"), "Accept", List.of("a/b"))))
                .containsEntry("Authorization", Redactor.MASK).containsEntry("Accept", Redactor.MASK);
        assertThat(Redactor.headerNames(Map.of("Authorization", List.of("Bearer x"), "Accept", List.of("a/b"))))
                .containsExactly("Accept", "Authorization");
    }

    @Test
    void urlsTypedByTheUserLoseTheirUserInfoEvenWhenTheyDoNotParse() {
        assertThat(Redactor.redactUrl("http://user:SECRET123@host:4318/v1")).isEqualTo("http://<redacted>@host:4318/v1");
        assertThat(Redactor.redactUrl("http://user:SECRET123@ bad host/")).doesNotContain("SECRET123");
        assertThat(Redactor.redactText("connect to https://a:SECRET123@h/x failed")).doesNotContain("SECRET123");
    }

    @Test
    void vinsInPathsAreShortened() {
        assertThat(Redactor.redactUri(URI.create("https://api/customers/vehicles/WBA71AW010FT00042/basicData")))
                .isEqualTo("https://api/customers/vehicles/…0042/basicData");
        assertThat(Redactor.vin("YV1XZEFV5R2100042")).isEqualTo("…0042");
    }

    @Test
    void headerNamesOnly() {
        assertThat(Redactor.headerName("Authorization: Bearer SECRET123")).isEqualTo("Authorization");
        assertThat(Redactor.headerName(" Bearer SECRET123")).isEqualTo("Bearer");
        assertThat(Redactor.headerName(": SECRET123")).isEmpty();
    }

    @Test
    void rememberedSecretsAreMaskedEverywhere() {
        Redactor.remember("remembered-SECRET-77");
        assertThat(Redactor.redactText("library said: remembered-SECRET-77 rejected")).doesNotContain("SECRET-77");
    }
}
