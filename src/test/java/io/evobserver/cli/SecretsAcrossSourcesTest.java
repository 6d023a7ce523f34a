package io.evobserver.cli;

import io.evobserver.testing.StubServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, item 5, for the sources on main: each source runs through the real CLI at debug log
 * level, including a failing refresh, and no secret it was given appears in the log, the output
 * (the snapshot JSON carries the attributes metrics get) or the error line.
 * One {@link #sources} entry per source; TODO(vendors): tesla, bmw, volvo with their token
 * files, client secrets and Authorization headers.
 */
class SecretsAcrossSourcesTest {

    private static final String CHARGY_KEY = "chargy-key-5ecret-77c1";
    private final StubServer stub = StubServer.start();

    record Source(String name, List<String> secrets, String[] args) {
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private List<Source> sources() {
        String feed = stub.uri("/feed?API-KEY=" + CHARGY_KEY).toString();
        return List.of(
                new Source("chargy", List.of(CHARGY_KEY), new String[] {"snapshot", "--vehicle", "chargy",
                        "--chargy-url", feed, "--log-level", "debug"}),
                new Source("chargy failing", List.of(CHARGY_KEY), new String[] {"snapshot", "--vehicle", "chargy",
                        "--chargy-url", feed, "--log-level", "debug"}),
                new Source("demo", List.of(), new String[] {"snapshot", "--vehicle", "demo", "--log-level", "debug"}));
    }

    @Test
    void noSourceLeaksItsSecretsIntoLogsOutputOrErrors() {
        var route = stub.on("GET", "/feed");
        route.respond(StubServer.Response.bytes(200, "application/vnd.google-earth.kml+xml",
                StubServer.fixtureBytes("chargy/feed_three_stations.kml")));
        route.respond(StubServer.Response.text(500, "text/html",
                "<html>error for key " + CHARGY_KEY + "</html>")); // a server echoing the key back
        List<String> checked = new ArrayList<>();
        for (Source source : sources()) {
            PrintStream realErr = System.err;
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit;
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            try {
                exit = Main.execute(source.args(), new PrintWriter(out, true), new PrintWriter(err, true));
            } finally {
                System.setErr(realErr);
            }
            String everything = log.toString(StandardCharsets.UTF_8) + out + err;
            assertThat(everything).as(source.name() + " logged something at debug level").isNotBlank();
            for (String secret : source.secrets()) {
                assertThat(everything).as(source.name() + " (exit " + exit + ")").doesNotContain(secret);
            }
            checked.add(source.name() + "=" + exit);
        }
        assertThat(checked).hasSize(3);
        assertThat(stub.requests("GET", "/feed")).hasSize(2);
    }
}
