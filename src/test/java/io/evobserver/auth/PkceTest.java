package io.evobserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PkceTest {

    @Test
    void s256ChallengeMatchesTheRfc7636Example() {
        // RFC 7636, appendix B
        Pkce pkce = Pkce.fromVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

        assertThat(pkce.challenge()).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assertThat(pkce.method()).isEqualTo("S256");
    }

    @Test
    void generatedVerifiersAreUrlSafeOfValidLengthAndDistinct() {
        Pkce a = Pkce.generate();
        Pkce b = Pkce.generate();

        assertThat(a.verifier()).matches("[A-Za-z0-9\\-._~]{43,128}");
        assertThat(a.verifier()).isNotEqualTo(b.verifier());
        assertThat(a.challenge()).isEqualTo(Pkce.challengeOf(a.verifier()));
        assertThat(a.toString()).doesNotContain(a.verifier());
        assertThat(Pkce.randomState()).matches("[A-Za-z0-9\\-_]{43}").isNotEqualTo(Pkce.randomState());
    }

    @Test
    void rejectsVerifiersOutsideTheRfcRules() {
        assertThatThrownBy(() -> Pkce.fromVerifier("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pkce.fromVerifier("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pkce.fromVerifier("a b".repeat(20))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pkce("x".repeat(43), "wrong")).isInstanceOf(IllegalArgumentException.class);
    }
}
