package io.evobserver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeslaCliTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void missingClientIdIsAUsageError() {
        Run r = run("snapshot", "--vehicle", "tesla", "--token-file", dir.resolve("t.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--tesla-client-id");
    }

    @Test
    void missingTokenFileAsksForLogin() {
        Run r = run("snapshot", "--vehicle", "tesla", "--tesla-client-id", "cid", "--tesla-region", "eu",
                "--token-file", dir.resolve("t.json").toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("ev-observer login tesla");
    }

    @Test
    void badRegionAndApiAreUsageErrors() {
        assertThat(run("snapshot", "--vehicle", "tesla", "--tesla-client-id", "cid", "--tesla-region", "mars").code())
                .isEqualTo(2);
        assertThat(run("snapshot", "--vehicle", "tesla", "--tesla-api", "legacy").code()).isEqualTo(2);
    }

    @Test
    void loginHelpListsTheOptions() {
        Run r = run("login", "tesla", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--tesla-client-id", "--tesla-region", "--redirect-listen", "--tesla-api");
    }

    @Test
    void fleetLoginWithoutRedirectUriIsAUsageError() {
        Run r = run("login", "tesla", "--tesla-client-id", "cid", "--token-file", dir.resolve("t.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--tesla-redirect-uri");
    }
}
