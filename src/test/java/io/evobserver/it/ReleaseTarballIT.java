package io.evobserver.it;

import io.evobserver.testing.TempDirs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release tarball the package phase builds holds what the README's Install section says,
 * and its launcher, reached through a symlink as the README tells you to make, runs.
 */
class ReleaseTarballIT {

    private static Path tarball() throws Exception {
        try (var files = Files.list(Paths.get("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("ev-observer-.+\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/ev-observer-*.tar.gz; run `mvn package`"));
        }
    }

    private static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    @Test
    void theTarballHoldsWhatTheReadmeSaysAndItsLauncherRunsThroughASymlink() throws Exception {
        Path work = TempDirs.create("evo-release");
        Path tar = tarball().toAbsolutePath();
        run(work, "tar", "-xzf", tar.toString());
        String top = tar.getFileName().toString().replace(".tar.gz", "");
        Path home = work.resolve(top);

        String readme = Files.readString(Paths.get("README.md"));
        int install = readme.indexOf("\n## Install");
        assertThat(install).as("README has an Install section").isPositive();
        String section = readme.substring(install, readme.indexOf("\n## ", install + 5));
        // every path the section names inside the unpacked folder exists there
        Matcher named = Pattern.compile("ev-observer-VERSION/([A-Za-z0-9_./-]+)").matcher(section);
        int n = 0;
        while (named.find()) {
            n++;
            assertThat(home.resolve(named.group(1).replaceAll("/$", ""))).as(named.group()).exists();
        }
        assertThat(n).as("the Install section names the tarball's contents").isGreaterThanOrEqualTo(4);
        for (String path : List.of("bin/ev-observer", "lib/ev-observer.jar", "docs/configuration.md", "LICENSE",
                "README.md", "ev-observer.env.example", "ev-observer.example.yaml", "systemd/ev-observer.service")) {
            assertThat(home.resolve(path)).as(path).exists();
        }
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/ev-observer")))
                .contains(PosixFilePermission.OWNER_EXECUTE);

        // as the README says: a symlink in a folder on the PATH
        Path binDir = Files.createDirectories(work.resolve("local-bin"));
        Path link = Files.createSymbolicLink(binDir.resolve("ev-observer"), home.resolve("bin/ev-observer"));
        ProcessBuilder pb = new ProcessBuilder(link.toString(), "--version").redirectErrorStream(true);
        pb.environment().remove("EV_OBSERVER_JAR");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("ev-observer ");
    }
}
