package io.evobserver.cli;

import io.evobserver.testing.TempDirs;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigCheckCommandTest {

    private static CliRun check(String yaml) throws Exception {
        Path file = TempDirs.create("evo-config").resolve("ev-observer.yaml");
        Files.writeString(file, yaml);
        CliRun r = CliRun.run("config", "check", file.toString());
        return new CliRun(r.code(), r.out(), r.err().replace(file + ": ", ""));
    }

    @Test
    void aFileOfRunOptionsIsValid() throws Exception {
        CliRun r = check("""
                # the settings of `run`, without the dashes
                vehicle: [demo, chargy]
                demo-vehicles: 3
                otlp-endpoint: http://localhost:4000/v1/otlp
                otlp-header:
                  X-Greptime-DB-Name: public
                export-interval: 15s
                hide-vin: true
                once: false
                health-port: 9465
                tesla-price-data: 0.002
                """);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).endsWith(": ok (9 settings)\n");
    }

    @Test
    void everyProblemGetsItsOwnLineWithItsLine() throws Exception {
        CliRun r = check("""
                vehicle: demo
                otlp_endpoint: http://x
                interval: soon
                demo-vehicles: [1, 2]
                hide-vin: yes please
                exporterz: console
                """);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly(
                "line 2: unknown key 'otlp_endpoint' (did you mean 'otlp-endpoint'?)",
                "line 3: interval: Invalid value for option '--interval': 'soon' is not a duration (use e.g. 30s, 5m, 1h)",
                "line 4: demo-vehicles: takes one value, not a list",
                "line 5: hide-vin: expected true or false",
                "line 6: unknown key 'exporterz' (did you mean 'exporter'?)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void settingsAreAlsoCheckedTogether() throws Exception {
        CliRun r = check("""
                vehicle: [demo, trabant]
                exporter: [none, console]
                buffer-max-age: 5s
                """);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly(
                "--vehicle: unknown source 'trabant' (use tesla, bmw, volvo, chargy or demo)",
                "--buffer-max-age: must be at least 10s",
                "--exporter: 'none' cannot be combined with other exporters");
    }

    @Test
    void brokenYamlAndMissingFilesAreOneLine() throws Exception {
        CliRun broken = check("vehicle: [demo\nonce: true\n");
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err().lines().toList()).hasSize(1);
        assertThat(broken.err()).startsWith("line ").contains("not valid YAML");
        CliRun list = check("- demo\n- chargy\n");
        assertThat(list.err()).isEqualTo("line 1: expected `key: value` lines at the top\n");
        CliRun twice = check("vehicle: demo\nvehicle: chargy\n");
        assertThat(twice.code()).isEqualTo(2);
        StringWriter err = new StringWriter();
        assertThat(Main.execute(new String[] {"config", "check", "/nonexistent/ev.yaml"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("/nonexistent/ev.yaml: no such file\n");
    }

    @Test
    void accountsAreCheckedKeyByKeyWithTheirLines() throws Exception {
        CliRun r = check("""
                export-interval: 30s
                sources:
                  - vehicle: tesla
                    name: mine
                    tesla-price-data: cheap
                    token-file: /tmp/a.json
                  - vehicle: trabant
                  - vehicle: tesla
                    name: partner
                    tesla-regoin: eu
                    token-file: /tmp/a.json
                  - name: nobody
                """);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).satisfiesExactly(
                l -> assertThat(l).startsWith("line 5: tesla-price-data: ").contains("cheap"),
                l -> assertThat(l).startsWith("line 7: vehicle: unknown source 'trabant'"),
                l -> assertThat(l).isEqualTo("line 10: unknown key 'tesla-regoin' for a tesla account"),
                l -> assertThat(l).startsWith("line 12: sources: each entry needs `vehicle: NAME`"));
    }

    @Test
    void twoAccountsOnOneTokenFileAreReported() throws Exception {
        CliRun r = check("""
                sources:
                  - vehicle: volvo
                    volvo-client-id: a
                  - vehicle: volvo
                    name: partner
                    volvo-client-id: b
                  - vehicle: volvo
                    name: partner
                    volvo-client-id: c
                    token-file: /tmp/p.json
                """);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly(
                "line 4: token-file: volvo 'partner' uses the same token file as the account on line 2; "
                        + "give each account its own token-file",
                "line 7: sources: a second volvo 'partner' account (first on line 4); give each a different name");
    }

    @Test
    void aValidFileWithAccountsIsOk() throws Exception {
        CliRun r = check("""
                otlp-endpoint: http://localhost:4000/v1/otlp
                sources:
                  - vehicle: demo
                    name: one
                  - vehicle: demo
                    name: two
                    demo-vehicles: 2
                """);
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void theShippedExampleFileIsValid() throws Exception {
        Path example = Path.of("ev-observer.example.yaml");
        CliRun r = check(Files.readString(example));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(Path.of("docs/configuration.md"))).contains("ev-observer.example.yaml");
    }
}
