package io.evobserver.stack;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose files as compose itself reads them ({@code config -q}: schema, interpolation,
 * merging of the override files). Uses {@code docker compose} or the standalone
 * {@code docker-compose}, whichever exists, else the one the build fetches from Debian
 * (scripts/fetch-docker-compose.sh, in {@code process-test-resources}); reported as skipped only
 * where none runs (the structural checks in StackConfigTest still run).
 */
class ComposeConfigTest {

    @TempDir
    Path work;

    @Test
    void theDemoStackValidates() throws Exception {
        assertValid(List.of("docker-compose.yml"));
    }

    @Test
    void theRealVehiclesOverrideValidates() throws Exception {
        assertValid(List.of("docker-compose.yml", "docker-compose.real.yml"));
    }

    @Test
    void theFanOutOverrideValidates() throws Exception {
        assertValid(List.of("docker-compose.yml", "docker-compose.fanout.yml"));
    }

    @Test
    void aBrokenFileIsRejected() throws Exception {
        // proves the check can fail: a service with a misspelled key
        Path copy = copyStack();
        Files.writeString(copy.resolve("docker-compose.yml"), Files.readString(copy.resolve("docker-compose.yml"))
                .replace("    healthcheck:\n      test: [\"CMD\", \"curl\"", "    healthcheckk:\n      test: [\"CMD\", \"curl\""));
        Result r = config(copy, List.of("docker-compose.yml"));
        assertThat(r.exit).as(r.output).isNotZero();
    }

    private void assertValid(List<String> files) throws Exception {
        Result r = config(copyStack(), files);
        assertThat(r.exit).as(String.join(" ", r.command) + "\n" + r.output).isZero();
    }

    /**
     * A copy of the stack with the env files a user creates from the examples (compose
     * refuses an override whose env_file is missing), so the check needs no local setup.
     */
    private Path copyStack() throws IOException {
        Path root = StackFiles.root();
        for (String f : List.of("docker-compose.yml", "docker-compose.real.yml", "docker-compose.fanout.yml",
                "otel-collector.yaml", "otel-collector.fanout.yaml", "Dockerfile")) {
            Files.copy(root.resolve(f), work.resolve(f));
        }
        Files.copy(root.resolve(".env.example"), work.resolve(".env"));
        Files.copy(root.resolve("ev-observer.env.example"), work.resolve("ev-observer.env"));
        return work;
    }

    private record Result(List<String> command, int exit, String output) {
    }

    private static Result config(Path dir, List<String> files) throws Exception {
        List<String> cmd = new ArrayList<>(composeCommand());
        for (String f : files) {
            cmd.add("-f");
            cmd.add(f);
        }
        cmd.add("config");
        cmd.add("-q");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(cmd, p.exitValue(), out);
    }

    private static List<String> composeCommand() {
        if (runs("docker", "compose", "version")) {
            return List.of("docker", "compose");
        }
        if (runs("docker-compose", "version")) {
            return List.of("docker-compose");
        }
        Path fetched = StackFiles.root().resolve("target/backends/docker-compose/usr/bin/docker-compose");
        if (Files.isExecutable(fetched) && runs(fetched.toString(), "version")) {
            return List.of(fetched.toString());
        }
        Assumptions.abort("no `docker compose`, `docker-compose` or " + fetched
                + " (the build fetches it with scripts/fetch-docker-compose.sh)");
        return List.of();
    }

    private static boolean runs(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
