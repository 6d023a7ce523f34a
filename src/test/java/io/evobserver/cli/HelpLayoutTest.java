package io.evobserver.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HelpLayoutTest {

    private static String help(String... command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of(
                "--help")).toArray(String[]::new);
        assertThat(Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true))).isZero();
        return out.toString();
    }

    /** The text of one topic: from its heading to the next blank line before a heading. */
    private static String section(String help, String heading) {
        int start = help.indexOf("\n" + heading + ":\n");
        assertThat(start).as(heading).isNotNegative();
        int end = help.indexOf("\n\n", start + heading.length() + 3);
        return help.substring(start, end < 0 ? help.length() : end);
    }

    @Test
    void runHelpIsGroupedByTopicInAFixedOrderWithAShortSynopsis() {
        String run = help("run");
        assertThat(run).startsWith("Usage: ev-observer run [OPTIONS]\n");
        List<String> order = List.of("Sources", "Polling", "Export (OpenTelemetry)", "Export buffer", "Health endpoints",
                "Logging", "Tesla", "BMW and MINI", "Volvo", "Chargy", "Demo", "Help"); // sources in registry order
        int last = -1;
        for (String heading : order) {
            int at = run.indexOf("\n" + heading);
            assertThat(at).as(heading + " after the one before").isGreaterThan(last);
            last = at;
        }
        assertThat(run).doesNotContain("\nOther:");
        assertThat(section(run, "Sources")).contains("--vehicle", "--vin", "--token-file").doesNotContain("--once");
        assertThat(section(run, "Polling")).contains("--once", "--interval", "--shard");
        assertThat(section(run, "Export (OpenTelemetry)")).contains("--exporter", "--otlp-endpoint", "--otlp-header",
                "--export-interval", "--prometheus-port").doesNotContain("--buffer-dir");
        assertThat(section(run, "Health endpoints")).contains("--health-port", "--health-host", "--ready-export-grace");
        assertThat(section(run, "Tesla")).contains("--tesla-client-id", "--tesla-price-data")
                .doesNotContain("--volvo-", "--bmw-");
        assertThat(section(run, "Volvo")).contains("--volvo-api-key").doesNotContain("--tesla-");
    }

    @Test
    void eachCommandShowsOnlyItsOwnOptions() {
        String login = help("login", "tesla");
        assertThat(login).contains("--tesla-client-id", "--tesla-redirect-uri", "--tesla-wake", "--token-file")
                .doesNotContain("--tesla-price-data", "--tesla-active-interval", "--tesla-idle-minutes",
                        "--tesla-wakes-per-day", "--interval", "--export-interval", "--demo-");
        assertThat(help("login", "volvo")).doesNotContain("--volvo-requests-per-minute", "--interval");
        String snapshot = help("snapshot");
        assertThat(snapshot).contains("--vehicle", "--demo-vehicles", "--tesla-client-id")
                .doesNotContain("--interval", "--once", "--exporter", "--buffer-", "--health-",
                        "--tesla-active-interval", "--tesla-idle-minutes");
    }

    @Test
    void hiddenOptionsStillWorkAndSnapshotRefusesInterval() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Main.execute(new String[] {"snapshot", "--interval", "5s"}, new PrintWriter(out, true),
                new PrintWriter(err, true))).isEqualTo(2);
        assertThat(err.toString()).contains("--interval");
        // a hidden option keeps its default: the demo snapshot with Tesla pacing left alone still works
        StringWriter out2 = new StringWriter();
        assertThat(Main.execute(new String[] {"snapshot", "--vehicle", "demo", "--tesla-idle-minutes", "20"},
                new PrintWriter(out2, true), new PrintWriter(new StringWriter(), true))).isZero();
        assertThat(out2.toString()).contains("\"sources\"");
    }
}
