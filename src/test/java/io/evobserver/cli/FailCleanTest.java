package io.evobserver.cli;

import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Issue 16: every error path gives one clear line and the right exit code, before the telemetry
 * starts, with no secret in anything printed or written, and bounded reads of what the user names.
 * Each run gets a private buffer folder (never the developer's real state folder).
 */
class FailCleanTest {

    private final StubServer stub = StubServer.start();
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        stub.close();
    }

    private record Run(int code, String all, String err) {
        long errorLines() {
            return all.strip().lines().count();
        }
    }

    /** Runs in-process, capturing the log (System.err), the console exporter (System.out) and both writers. */
    private Run run(String... args) {
        List<String> withState = new ArrayList<>(List.of(args));
        if (args[0].equals("run") && !withState.contains("--no-buffer") && !withState.contains("--buffer-dir")) {
            withState.addAll(List.of("--buffer-dir", dir.resolve("buffer").toString()));
        }
        PrintStream realErr = System.err;
        PrintStream realOut = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            code = Main.execute(withState.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        } finally {
            System.setErr(realErr);
            System.setOut(realOut);
        }
        return new Run(code, log.toString(StandardCharsets.UTF_8) + console.toString(StandardCharsets.UTF_8) + out + err,
                err.toString());
    }

    private String everyFileWritten() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(dir.resolve("inputs"))).toList()) {
                sb.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return sb.toString();
    }

    private Path file(String name, String content) throws Exception {
        Path f = Files.createDirectories(dir.resolve("inputs")).resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private static void oneLine(Run r, int code, String... mentions) {
        assertThat(r.code()).as(r.all()).isEqualTo(code);
        assertThat(r.errorLines()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).startsWith("ev-observer: ").doesNotContain("Exception", "\tat ");
        if (mentions.length > 0) {
            assertThat(r.err()).contains(mentions);
        }
    }

    @Test
    void noErrorPathEchoesASecretInOutputOrFiles() throws Exception {
        // a backend that rejects the export and quotes the credentials it got back, as some gateways do
        stub.on("POST", "/v1/metrics").respondAlways(req -> Response.json(401,
                "{\"error\":\"bad credentials " + req.header("Authorization").orElse("") + "\"}"));
        Path corruptTokens = file("tesla-token.json", "{\"access_token\":\"SECRET-at-1\",\"refresh_token\":\"SECRET-r");
        String stubUser = "http://user:SECRET-ui-1@127.0.0.1:" + stub.port() + "/";
        String[][] cases = {
                {"2", "run", "--once", "--otlp-header", "Authorization: Bearer SECRET-h-1"},
                {"2", "run", "--once", "--otlp-header", "Authorization=Bearer SECRET-h-2\r"},
                {"2", "run", "--once", "--otlp-header", "X-Api-Key=SECRET-h-3\n"},
                {"2", "run", "--once", "--otlp-endpoint", "http://user:SECRET-ui-2@ host/"},
                {"2", "run", "--once", "--otlp-endpoint", "ftp://user:SECRET-ui-3@host/"},
                {"1", "run", "--once", "--vehicle", "demo", "--otlp-endpoint", stubUser,
                        "--otlp-header", "Authorization=Bearer SECRET-h-4", "--log-level", "debug"},
                {"3", "run", "--once", "--vehicle", "tesla", "--tesla-client-id", "cid", "--tesla-client-secret",
                        "SECRET-cs-1", "--token-file", corruptTokens.toString(), "--log-level", "debug"},
                {"3", "run", "--once", "--vehicle", "volvo", "--volvo-client-id", "cid", "--volvo-client-secret",
                        "SECRET-cs-2", "--volvo-api-key", "SECRET-k-1", "--token-file", dir.resolve("none").toString()},
                {"1", "run", "--once", "--vehicle", "chargy", "--exporter", "console", "--log-level", "debug",
                        "--chargy-url", "http://user:SECRET-ui-4@127.0.0.1:" + stub.port() + "/kml?API-KEY=SECRET-k-2"},
                {"2", "run", "--once", "--vehicle", "chargy", "--chargy-url", "gopher://SECRET-ui-5@x/?API-KEY=SECRET-k-3"},
        };
        List<String> checked = new ArrayList<>();
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            Run r = run(args);
            String what = String.join(" ", args).replace("\r", "\\r").replace("\n", "\\n");
            assertThat(r.code()).as(what + "\n" + r.all()).isEqualTo(Integer.parseInt(c[0]));
            assertThat(r.all()).as(what).doesNotContain("SECRET").contains("ev-observer");
            assertThat(everyFileWritten()).as(what + ": files under the state folder").doesNotContain("SECRET");
            checked.add(what);
        }
        assertThat(checked).hasSameSizeAs(cases);
        // the planted credentials were really sent, so the backend could echo them
        assertThat(stub.requests("POST", "/v1/metrics")).isNotEmpty().allSatisfy(req -> assertThat(
                req.header("Authorization")).hasValue("Bearer SECRET-h-4"));
        assertThat(stub.requests("GET", "/kml")).isNotEmpty();
    }

    @Test
    void usageAndLoginErrorsStopBeforeTheTelemetryStarts() throws Exception {
        String endpoint = stub.baseUri().toString();
        String[][] cases = {
                {"2", "run", "--once", "--vehicle", "trabant", "--otlp-endpoint", endpoint},
                {"2", "run", "--once", "--vehicle", "chargy", "--chargy-url", "file:///etc/passwd",
                        "--otlp-endpoint", endpoint},
                {"2", "run", "--once", "--demo-vehicles", "2000000000", "--otlp-endpoint", endpoint},
                {"3", "run", "--once", "--vehicle", "tesla", "--tesla-client-id", "cid", "--token-file",
                        dir.resolve("missing.json").toString(), "--otlp-endpoint", endpoint},
                {"3", "run", "--once", "--vehicle", "tesla", "--tesla-client-id", "cid", "--token-file",
                        file("broken.json", "{\"access_token\":").toString(), "--otlp-endpoint", endpoint},
        };
        for (String[] c : cases) {
            Run r = run(java.util.Arrays.copyOfRange(c, 1, c.length));
            oneLine(r, Integer.parseInt(c[0]));
            assertThat(dir.resolve("buffer")).as(r.err() + ": no buffer opened").doesNotExist();
        }
        assertThat(stub.requests()).as("no export, not even the shutdown one").isEmpty();
    }

    @Test
    void aTokenFileThatIsAFifoOrEndlessIsRefusedAtOnce() throws Exception {
        Path fifo = dir.resolve("fifo-token.json");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor()).isZero();
        Path zero = Files.createSymbolicLink(dir.resolve("zero-token.json"), Path.of("/dev/zero"));
        Path big = file("big-token.json", "{\"access_token\":\"" + "a".repeat(2 << 20) + "\"}");
        for (Path tokenFile : List.of(fifo, zero, big)) {
            Run r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run("run", "--once", "--vehicle", "tesla",
                    "--tesla-client-id", "cid", "--token-file", tokenFile.toString(), "--exporter", "none"));
            oneLine(r, 3, tokenFile.toString(), "ev-observer login tesla");
        }
    }

    @Test
    void aBusyPrometheusPortIsNamedInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Run r = run("run", "--once", "--vehicle", "demo", "--exporter", "prometheus", "--prometheus-host",
                    "127.0.0.1", "--prometheus-port", Integer.toString(taken.getLocalPort()));
            oneLine(r, 2, "--prometheus-port", Integer.toString(taken.getLocalPort()), "in use");
        }
    }

    @Test
    void anUnreachableBackendWithoutBufferFailsOnceWithOneErrorLine() {
        Run r = run("run", "--once", "--no-buffer", "--vehicle", "demo", "--otlp-endpoint", "http://127.0.0.1:1/");
        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(r.all().lines().filter(l -> l.contains(" ERROR "))).as(r.all()).singleElement()
                .asString().contains("export failed", "127.0.0.1:1");
    }
}
