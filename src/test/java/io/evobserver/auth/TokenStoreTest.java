package io.evobserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.evobserver.core.LoginRequiredException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenStoreTest {

    @TempDir
    Path dir;

    @Test
    void missingFileLoadsAsEmpty() throws Exception {
        assertThat(new TokenStore("tesla", dir.resolve("none.json")).load()).isEmpty();
    }

    @Test
    void roundTripKeepsUnknownFieldsInTheCliFormat() throws Exception {
        Path file = dir.resolve("volvo-token.json");
        Files.writeString(file, """
                {"access_token":"at","refresh_token":"rt","expires_at":"2026-11-22T17:00:00Z",
                 "token_type":"Bearer","scope":"openid offline_access",
                 "gcid":"g-1","nested":{"a":[1,2]},"written_by":null}""");
        TokenStore store = new TokenStore("volvo", file);

        OAuthTokens loaded = store.load().orElseThrow();
        store.save(new OAuthTokens("at2", "rt2", loaded.expiresAt().plusSeconds(60), loaded.tokenType(),
                loaded.scope(), loaded.extra()));

        var json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("access_token").asText()).isEqualTo("at2");
        assertThat(json.get("refresh_token").asText()).isEqualTo("rt2");
        assertThat(json.get("expires_at").asText()).isEqualTo("2026-11-22T17:01:00Z");
        assertThat(json.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(json.get("scope").asText()).isEqualTo("openid offline_access");
        assertThat(json.get("gcid").asText()).isEqualTo("g-1");
        assertThat(json.get("nested").toString()).isEqualTo("{\"a\":[1,2]}");
        assertThat(json.has("written_by")).isTrue();
        assertThat(store.load().orElseThrow()).isEqualTo(new OAuthTokens("at2", "rt2",
                Instant.parse("2026-11-22T17:01:00Z"), "Bearer", "openid offline_access", loaded.extra()));
    }

    @Test
    void savedFileAndCreatedFolderAreOwnerOnly() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("config/ev-observer/bmw-token.json");
        Path existing = dir.resolve("config/ev-observer/other");

        new TokenStore("bmw", file).save(new OAuthTokens("at", "rt", null, "Bearer", null));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(existing).doesNotExist();
    }

    @Test
    void replacingAWorldReadableFileLeavesAnOwnerOnlyFile() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("tesla-token.json");
        Files.writeString(file, "{\"access_token\":\"old\"}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        new TokenStore("tesla", file).save(new OAuthTokens("new", "rt", null, null, null));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void failedWriteLeavesTheOldFileIntactAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("tesla-token.json");
        String old = "{\"access_token\":\"old-at\",\"refresh_token\":\"old-rt\"}";
        Files.writeString(file, old);
        AtomicReference<Path> tempSeen = new AtomicReference<>();
        TokenStore store = new TokenStore("tesla", file, (temp, channel, content) -> {
            tempSeen.set(temp);
            channel.write(ByteBuffer.wrap(content.array(), 0, content.remaining() / 2));
            throw new IOException("disk full");
        });

        assertThatThrownBy(() -> store.save(new OAuthTokens("new-at", "new-rt", null, null, null)))
                .isInstanceOf(IOException.class);

        assertThat(tempSeen.get().getParent()).as("temp file in the target's folder").isEqualTo(file.getParent());
        assertThat(Files.readString(file)).isEqualTo(old);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void successfulSaveLeavesOnlyTheTargetFile() throws Exception {
        Path file = dir.resolve("tesla-token.json");
        TokenStore store = new TokenStore("tesla", file);
        store.save(new OAuthTokens("a", "b", null, null, null));
        store.save(new OAuthTokens("c", "d", null, null, null));

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        assertThat(store.load().orElseThrow().accessToken()).isEqualTo("c");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "{\"access_token\":\"SECRET-AT\",\"refresh_token\":\"SECRET-R",
            "SECRET-AT-not-json",
            "[\"SECRET-AT\"]",
            "{\"access_token\":\"SECRET-AT\",\"expires_at\":\"tomorrow\"}",
            "{\"access_token\":42}",
            "{\"token_type\":\"Bearer\"}",
            "{\"access_token\":\"SECRET-AT\"} trailing"})
    void corruptFileNeedsLoginAndTheMessageNamesThePathButNotTheContent(String content) throws Exception {
        Path file = dir.resolve("tesla-token.json");
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> new TokenStore("tesla", file).load())
                .isInstanceOf(LoginRequiredException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("ev-observer login tesla")
                .hasMessageNotContaining("SECRET")
                .hasNoCause();
    }

    @Test
    void unreadablePathNeedsLogin() {
        // a folder where the file should be cannot be read as a file
        assertThatThrownBy(() -> new TokenStore("bmw", dir).load())
                .isInstanceOf(LoginRequiredException.class)
                .hasMessageContaining("unreadable or corrupt");
    }

    @Test
    void fileWithOnlyARefreshTokenIsAccepted() throws Exception {
        Path file = dir.resolve("volvo-token.json");
        Files.writeString(file, "{\"refresh_token\":\"rt\"}");

        OAuthTokens tokens = new TokenStore("volvo", file).load().orElseThrow();

        assertThat(tokens.hasAccessToken()).isFalse();
        assertThat(tokens.refreshToken()).isEqualTo("rt");
    }

    @Test
    void defaultPathHonoursXdgConfigHome() {
        assertThat(TokenStore.defaultPath("tesla", Map.of("XDG_CONFIG_HOME", "/xdg"), "/home/u"))
                .isEqualTo(Path.of("/xdg/ev-observer/tesla-token.json"));
        assertThat(TokenStore.defaultPath("bmw", Map.of(), "/home/u"))
                .isEqualTo(Path.of("/home/u/.config/ev-observer/bmw-token.json"));
        assertThat(TokenStore.defaultPath("bmw", Map.of("XDG_CONFIG_HOME", "relative"), "/home/u"))
                .isEqualTo(Path.of("/home/u/.config/ev-observer/bmw-token.json"));
    }

    @Test
    void aGivenTokenFileWinsOverTheDefault() {
        Path given = dir.resolve("mine.json");
        assertThat(TokenStore.configuredPath(given, "demo-test-vendor")).isEqualTo(given);
        // no EV_OBSERVER_DEMO-TEST-VENDOR_TOKEN_FILE can be set: the default applies
        assertThat(TokenStore.configuredPath(null, "demo-test-vendor"))
                .isEqualTo(TokenStore.defaultPath("demo-test-vendor"));
    }

    @Test
    void requireSavedAcceptsATokenFileAndNamesTheLoginOtherwise() throws Exception {
        Path file = dir.resolve("t.json");
        assertThatThrownBy(() -> TokenStore.requireSaved("volvo", file))
                .isInstanceOf(LoginRequiredException.class)
                .hasMessageContaining("no token file at " + file).hasMessageContaining("ev-observer login volvo");

        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> TokenStore.requireSaved("volvo", file)).isInstanceOf(LoginRequiredException.class);

        new TokenStore("volvo", file).save(new OAuthTokens("at", "rt", Instant.parse("2026-01-01T00:00:00Z"),
                "Bearer", null));
        TokenStore.requireSaved("volvo", file); // no exception
    }

    @Test
    void extraFieldsCannotShadowKnownFields() {
        OAuthTokens tokens = new OAuthTokens("at", null, null, null, null,
                Map.of("access_token", TextNode.valueOf("other"), "x", TextNode.valueOf("y")));
        assertThat(tokens.extra()).containsOnlyKeys("x");
    }
}
