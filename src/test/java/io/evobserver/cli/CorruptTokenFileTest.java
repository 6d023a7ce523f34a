package io.evobserver.cli;

import io.evobserver.auth.TokenStore;
import io.evobserver.core.LoginRequiredException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, item 3 (second half): a corrupt token file ends the program with exit 3 and one clear
 * line, never a stack trace, and never echoes the file's content; a missing one ends it the same way.
 * The first test loads a {@link TokenStore} through a test-only command under Main's real
 * exit-code mapping; the next two run the real {@code run --vehicle <vendor> --once} of every vendor
 * with a token file (its log on stderr captured as well).
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

    static Stream<Arguments> vendorsAndCorruptFiles() {
        List<String> contents = List.of("{\"access_token\":\"sekrit-access\",\"refresh_tok", "",
                "[\"sekrit-access\"]", "{\"access_token\":42,\"refresh_token\":\"sekrit-refresh\"}",
                "\u0000\u0001\u00ff\u00fe sekrit binary");
        return Stream.of("tesla", "volvo", "bmw").flatMap(v -> contents.stream().map(c -> Arguments.of(v, c)));
    }

    @ParameterizedTest(name = "{0} [{index}]")
    @MethodSource("vendorsAndCorruptFiles")
    void theRealRunOfEveryVendorExitsThreeOnACorruptTokenFile(String vendor, String content) throws Exception {
        Path file = dir.resolve(vendor + "-token.json");
        Files.write(file, content.getBytes(StandardCharsets.ISO_8859_1));
        assertAsksForLogin(vendor, file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tesla", "volvo", "bmw"})
    void theRealRunOfEveryVendorExitsThreeWithoutATokenFile(String vendor) throws Exception {
        assertAsksForLogin(vendor, dir.resolve(vendor + "-token.json"));
    }

    /** The real {@code run --once} of {@code vendor} stops at {@code file}: exit 3, one line, no trace, nothing leaked. */
    private static void assertAsksForLogin(String vendor, Path file) {
        List<String> args = new ArrayList<>(List.of("run", "--vehicle", vendor, "--once", "--exporter", "none",
                "--token-file", file.toString(), "--log-level", "debug",
                // nothing listens here: the run must stop at the token file, before any request
                "--api-base-url", "http://127.0.0.1:9", "--auth-base-url", "http://127.0.0.1:9"));
        switch (vendor) {
            case "tesla" -> args.addAll(List.of("--tesla-client-id", "cid", "--tesla-region", "eu"));
            case "volvo" -> args.addAll(List.of("--volvo-client-id", "cid", "--volvo-client-secret", "cs",
                    "--volvo-api-key", "key"));
            default -> { }
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream realErr = System.err;
        int exit;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            exit = Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        } finally {
            System.setErr(realErr);
        }

        assertThat(exit).as(err.toString()).isEqualTo(3);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains(file.toString()).contains("ev-observer login " + vendor);
        assertThat(err + log.toString(StandardCharsets.UTF_8) + out)
                .doesNotContain("Exception", "\tat ", "sekrit", "\u0001");
    }

    /** Issue 16: a FIFO used to hang the read and a link to /dev/zero to fill the heap (5 GB, OOM). */
    @ParameterizedTest
    @ValueSource(strings = {"fifo", "dev-zero", "oversized"})
    @org.junit.jupiter.api.Timeout(20)
    void aTokenFileThatIsNoSmallRegularFileExitsThreeQuickly(String kind) throws Exception {
        Path file = dir.resolve("tesla-token.json");
        switch (kind) {
            case "fifo" -> {
                org.junit.jupiter.api.Assumptions.assumeTrue(
                        new ProcessBuilder("mkfifo", file.toString()).start().waitFor() == 0, "mkfifo");
            }
            case "dev-zero" -> Files.createSymbolicLink(file, Path.of("/dev/zero"));
            default -> Files.write(file, new byte[(1 << 20) + 1]);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main()).addSubcommand("load-token", new LoadToken());
        int exit = Main.configure(cl, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("load-token", file.toString());

        assertThat(exit).as(err.toString()).isEqualTo(3);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("token file " + file).contains("unreadable or corrupt")
                .contains(kind.equals("oversized") ? "larger than 1 MB" : "not a regular file")
                .doesNotContain("Exception", "\tat ");
    }
}
