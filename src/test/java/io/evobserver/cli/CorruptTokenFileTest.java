package io.evobserver.cli;

import io.evobserver.auth.TokenStore;
import io.evobserver.core.LoginRequiredException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, item 3 (second half): a corrupt token file ends the program with exit 3 and one clear
 * line, never a stack trace, and never echoes the file's content. No vendor with a token file is
 * wired into the CLI on main yet, so a test-only command does what every vendor's source setup
 * does (load its {@link TokenStore}) under Main's real exit-code mapping.
 * TODO(vendors): once tesla/bmw/volvo are wired, run `run --vehicle <v> --token-file <corrupt>`.
 */
class CorruptTokenFileTest {

    @TempDir
    Path dir;

    @Command(name = "load-token")
    static final class LoadToken implements Callable<Integer> {
        @Parameters
        Path file;

        @Override
        public Integer call() throws LoginRequiredException {
            new TokenStore("tesla", file).load();
            return 0;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"access_token\":\"sekrit-access\",\"refresh_tok",   // cut off mid-write
            "",                                                    // empty
            "[\"sekrit-access\"]",                                 // not an object
            "{\"access_token\":42,\"refresh_token\":\"sekrit-refresh\"}", // wrong type
            "{\"refresh_token\":\"sekrit-refresh\",\"expires_at\":\"tomorrow\"}", // bad date
            "{\"access_token\":\"sekrit-access\"} trailing",       // trailing garbage
            "\u0000\u0001\u00ff\u00fe binary"})
    void aCorruptTokenFileExitsThreeWithOneLineAndNoStackTrace(String content) throws Exception {
        Path file = dir.resolve("tesla-token.json");
        Files.write(file, content.getBytes(StandardCharsets.ISO_8859_1));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main()).addSubcommand("load-token", new LoadToken());
        int exit = Main.configure(cl, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("load-token", file.toString());

        assertThat(exit).isEqualTo(Main.EXIT_LOGIN).isEqualTo(3);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString())
                .startsWith("ev-observer: authentication needed: token file " + file)
                .contains("unreadable or corrupt")
                .contains("run `ev-observer login tesla`")
                .doesNotContain("Exception", "\tat ", "sekrit");
    }
}
