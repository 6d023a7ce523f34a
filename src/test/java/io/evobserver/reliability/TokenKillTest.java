package io.evobserver.reliability;

import io.evobserver.auth.OAuthTokens;
import io.evobserver.auth.TokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, item 3: a process killed with SIGKILL while it refreshes its tokens never leaves the
 * token file missing, empty, half-written or mixing two generations. Hundreds of kills, each at a
 * random moment of a child JVM that rewrites the file in a tight loop.
 */
class TokenKillTest {

    private static final long BUDGET_MILLIS = Long.getLong("evobserver.tokenKill.seconds", 150) * 1000;
    private static final int MAX_KILLS = Integer.getInteger("evobserver.tokenKill.kills", 200);
    private static final int MIN_KILLS = 100;

    @TempDir
    Path dir;

    @Test
    void killMinusNineDuringRefreshNeverCorruptsTheTokenFile() throws Exception {
        Path file = dir.resolve("churn-token.json");
        TokenStore store = new TokenStore("churn", file);
        store.save(new OAuthTokens("access-0", "refresh-0", Instant.ofEpochSecond(1_800_000_000L), "Bearer", null,
                Map.of()));
        Random random = new Random(8);
        long seen = 0;
        int kills = 0;
        long advanced = 0;
        long deadline = System.currentTimeMillis() + BUDGET_MILLIS;
        while (kills < MAX_KILLS && System.currentTimeMillis() < deadline) {
            Process child = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    TokenChurn.class.getName(), file.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine(); // "churning": at least one save done, the loop is hot
            assertThat(line).as("child started").isEqualTo("churning");
            Thread.sleep(random.nextInt(25));
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            kills++;

            assertThat(file).as("after kill #" + kills).exists();
            OAuthTokens tokens = store.load().orElseThrow();
            long generation = Long.parseLong(tokens.accessToken().substring("access-".length()));
            assertThat(tokens.refreshToken()).as("a complete set, after kill #" + kills)
                    .isEqualTo("refresh-" + generation);
            assertThat(tokens.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L + generation));
            assertThat(generation).as("old or new, never older, after kill #" + kills).isGreaterThanOrEqualTo(seen);
            if (generation > seen) {
                advanced++;
            }
            seen = generation;
        }
        assertThat(kills).as("kills within the time budget").isGreaterThanOrEqualTo(MIN_KILLS);
        assertThat(advanced).as("the children did rewrite the file").isGreaterThan(kills / 2);
        try (var files = Files.list(dir)) {
            // a kill between creating and renaming the temporary file leaves it behind; it never
            // replaces the token file, it is only litter (hidden, mode 0600)
            System.out.println("TokenKillTest: " + kills + " kills, generation " + seen + ", leftover temp files: "
                    + files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count());
        }
    }

    @Test
    void temporaryFilesLeftByAKillAreTidiedOnTheNextSave() throws Exception {
        Path file = dir.resolve("churn-token.json");
        TokenStore store = new TokenStore("churn", file);
        store.save(new OAuthTokens("access-0", "refresh-0", null, null, null, Map.of()));
        Path abandoned = Files.writeString(dir.resolve(".churn-token.json.123.tmp"), "{\"access_tok");
        Files.setLastModifiedTime(abandoned, java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() - 5 * 60_000));
        Path inFlight = Files.writeString(dir.resolve(".churn-token.json.456.tmp"), "{");
        Path unrelated = Files.writeString(dir.resolve(".other-token.json.789.tmp"), "{");
        Files.setLastModifiedTime(unrelated, java.nio.file.attribute.FileTime.fromMillis(0));

        store.save(new OAuthTokens("access-1", "refresh-1", null, null, null, Map.of()));

        assertThat(abandoned).doesNotExist();
        assertThat(inFlight).as("maybe another process's write in progress").exists();
        assertThat(unrelated).as("another vendor's file").exists();
        assertThat(store.load().orElseThrow().accessToken()).isEqualTo("access-1");
    }
}
