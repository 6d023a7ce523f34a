package io.evobserver.cli;

import static io.evobserver.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.evobserver.auth.OAuthTokens;
import io.evobserver.auth.TokenStore;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run/snapshot --config FILE}: file settings, several accounts per source, flags and OTEL_* override. */
class ConfigFileRunTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        Path f = dir.resolve("ev-observer.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static long vehicles(String snapshotJson) {
        return Pattern.compile("\"vehicle.vin\"").matcher(snapshotJson).results().count();
    }

    @Test
    void twoDemoAccountsInOneProcess() throws Exception {
        Path f = file("""
                sources:
                  - vehicle: demo
                    name: mine
                    demo-seed: 1
                  - vehicle: demo
                    name: partner
                    demo-seed: 2
                    demo-vehicles: 2
                """);
        CliRun r = run("snapshot", "--config", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"sources\"");
        assertThat(vehicles(r.out())).isEqualTo(3);
        // --vehicle on the command line replaces the file's accounts
        CliRun flag = run("snapshot", "--config", f.toString(), "--vehicle", "demo");
        assertThat(flag.code()).as(flag.err()).isZero();
        assertThat(vehicles(flag.out())).isEqualTo(1);
    }

    @Test
    void twoAccountsOfOneSourceKeepTheirDerivedStateApart() throws Exception {
        Path state = Files.createDirectory(dir.resolve("state"));
        Path f = file("""
                sources:
                  - vehicle: demo
                    name: mine
                    demo-seed: 1
                  - vehicle: demo
                    name: partner/2
                    demo-seed: 2
                """);
        CliRun r = run("run", "--config", f.toString(), "--once", "--exporter", "none", "--no-buffer",
                "--state-dir", state.toString());
        assertThat(r.code()).as(r.err()).isZero();
        try (var files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")))
                    .containsExactlyInAnyOrder("derived-demo-mine.json", "derived-demo-partner_2.json");
        }
    }

    @Test
    void topLevelKeysAreOptionsAndFlagsWin() throws Exception {
        Path f = file("""
                vehicle: demo
                demo-vehicles: 3
                """);
        assertThat(vehicles(run("snapshot", "--config", f.toString()).out())).isEqualTo(3);
        CliRun flag = run("snapshot", "--config", f.toString(), "--demo-vehicles", "2");
        assertThat(flag.code()).as(flag.err()).isZero();
        assertThat(vehicles(flag.out())).isEqualTo(2);
    }

    @Test
    void otelVariablesAndFlagsOverrideTheFile() throws Exception {
        Path f = file("""
                otlp-endpoint: http://from-file:4318
                export-interval: 15s
                exporter: [console]
                """);
        RunCommand plain = parse("--config", f.toString());
        RunConfig.apply(plain.spec, plain.source, RunCommand::new, name -> null);
        assertThat(plain.otlpEndpoint).isEqualTo("http://from-file:4318");
        assertThat(plain.exportInterval).isEqualTo(Duration.ofSeconds(15));
        assertThat(plain.exporters).containsExactly("console");

        RunCommand env = parse("--config", f.toString());
        RunConfig.apply(env.spec, env.source, RunCommand::new,
                name -> name.equals("OTEL_EXPORTER_OTLP_ENDPOINT") ? "http://from-env:4318" : null);
        assertThat(env.otlpEndpoint).isNull(); // left to the SDK, which reads the variable
        assertThat(env.exportInterval).isEqualTo(Duration.ofSeconds(15));

        RunCommand flag = parse("--config", f.toString(), "--export-interval", "5s");
        RunConfig.apply(flag.spec, flag.source, RunCommand::new, name -> null);
        assertThat(flag.exportInterval).isEqualTo(Duration.ofSeconds(5));
        assertThat(flag.otlpEndpoint).isEqualTo("http://from-file:4318");
    }

    private static RunCommand parse(String... args) {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run;
    }

    @Test
    void twoTeslaAccountsEachWithItsOwnTokenFile() throws Exception {
        try (StubServer mine = StubServer.start(); StubServer partner = StubServer.start()) {
            for (StubServer s : new StubServer[] {mine, partner}) {
                String vin = s == mine ? "XP7YGCEK5RB000001" : "XP7YGCEK5RB000002";
                s.on("GET", "/api/1/vehicles").respondAlways(Response.json(200,
                        "{\"response\":[{\"id\":1,\"vin\":\"" + vin + "\",\"state\":\"asleep\"}],\"count\":1}"));
            }
            Path mineTokens = dir.resolve("tesla-mine.json");
            Path partnerTokens = dir.resolve("tesla-partner.json");
            new TokenStore("tesla", mineTokens).save(new OAuthTokens("at-MINE", "EU_rt-MINE",
                    Instant.now().plusSeconds(3600), "Bearer", null, Map.of()));
            new TokenStore("tesla", partnerTokens).save(new OAuthTokens("at-PARTNER", "EU_rt-PARTNER",
                    Instant.now().plusSeconds(3600), "Bearer", null, Map.of()));
            Path f = file("""
                    sources:
                      - vehicle: tesla
                        name: mine
                        tesla-client-id: cid
                        token-file: %s
                        api-base-url: %s
                        auth-base-url: %s
                      - vehicle: tesla
                        name: partner
                        tesla-client-id: cid2
                        token-file: %s
                        api-base-url: %s
                        auth-base-url: %s
                    """.formatted(mineTokens, mine.baseUri(), mine.baseUri(),
                    partnerTokens, partner.baseUri(), partner.baseUri()));
            CliRun r = run("snapshot", "--config", f.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("XP7YGCEK5RB000001", "XP7YGCEK5RB000002");
            assertThat(mine.lastRequest("GET", "/api/1/vehicles").header("Authorization")).hasValue("Bearer at-MINE");
            assertThat(partner.lastRequest("GET", "/api/1/vehicles").header("Authorization"))
                    .hasValue("Bearer at-PARTNER");
            assertThat(r.err()).doesNotContain("at-MINE", "at-PARTNER");
        }
    }

    @Test
    void oneTokenFileForTwoAccountsIsAUsageError() throws Exception {
        Path f = file("""
                sources:
                  - vehicle: tesla
                    name: mine
                    tesla-client-id: cid
                    token-file: /tmp/same.json
                  - vehicle: tesla
                    name: partner
                    tesla-client-id: cid
                    token-file: /tmp/same.json
                """);
        CliRun r = run("run", "--config", f.toString(), "--once", "--exporter", "none");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines().toList()).hasSize(1);
        assertThat(r.err()).contains(f.toString(), "line 6: token-file:", "line 2");
    }

    @Test
    void badYamlIsOneLineAndExitTwo() throws Exception {
        Path f = file("vehicle: demo\nsources: [\n  - vehicle: demo\n");
        CliRun r = run("run", "--config", f.toString(), "--once", "--exporter", "none");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines().toList()).hasSize(1);
        assertThat(r.err()).contains(f.toString(), "not valid YAML").doesNotContain("Exception");
    }

    @Test
    void theEnvironmentVariableNamesTheFile() throws Exception {
        Path f = file("""
                vehicle: demo
                demo-vehicles: 2
                """);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.evobserver.cli.Main", "snapshot")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("EV_OBSERVER_CONFIG", f.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(vehicles(out)).isEqualTo(2);
    }
}
