package io.evobserver.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evobserver.core.AtomicFile;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.RegularFileReader;
import io.evobserver.core.SourceContext;
import io.evobserver.http.Redactor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The token file of one vendor account (format in CLI.md): JSON with {@code access_token},
 * {@code refresh_token}, {@code expires_at} (ISO-8601), {@code token_type}, {@code scope} and any
 * other fields, which are kept on rewrite.
 *
 * <p>{@link #save} replaces the file atomically with a mode-0600 file: a crash at any point leaves
 * either the old or the new complete file. Contents never reach logs or exception messages.
 */
public final class TokenStore {

    /** Token files are a few KB; anything far larger is not one (and must not fill the heap). */
    static final int MAX_BYTES = 1 << 20;


    private static final Logger LOG = Logger.getLogger(TokenStore.class.getName());
    static final long STALE_TEMP_MILLIS = 60_000;

    private final String vendor;
    private final Path path;
    private final AtomicFile.TempFileWriter writer;
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param vendor names the login command in errors ({@code ev-observer login <vendor>})
     * @param path   the token file; its folder is created (mode 0700) on first save
     */
    public TokenStore(String vendor, Path path) {
        this(vendor, path, AtomicFile.WRITE_ALL);
    }

    TokenStore(String vendor, Path path, AtomicFile.TempFileWriter writer) {
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
        this.writer = writer;
    }

    /** {@code $XDG_CONFIG_HOME/ev-observer/<vendor>-token.json}, else {@code ~/.config/ev-observer/...}. */
    public static Path defaultPath(String vendor) {
        return defaultPath(vendor, System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultPath(String vendor, Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CONFIG_HOME");
        // the XDG spec says to ignore a relative value
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(userHome, ".config");
        return base.resolve("ev-observer").resolve(vendor + "-token.json");
    }

    /**
     * The token file a source uses: {@code flag}, else {@code EV_OBSERVER_<VENDOR>_TOKEN_FILE}, else
     * {@link #defaultPath(String)}.
     */
    public static Path configuredPath(Path flag, String vendor) {
        String file = SourceContext.setting(flag == null ? null : flag.toString(), vendor, "TOKEN_FILE");
        return file == null ? defaultPath(vendor) : Path.of(file);
    }

    /**
     * Reads the token file now (not only checks that it exists), so that a missing, corrupt or
     * unreadable file stops a start before any telemetry.
     *
     * @throws LoginRequiredException when there is no usable token file
     */
    public static void requireSaved(String vendor, Path path) throws LoginRequiredException {
        if (new TokenStore(vendor, path).load().isEmpty()) {
            throw new LoginRequiredException(vendor, "no token file at " + path);
        }
    }

    public String vendor() {
        return vendor;
    }

    public Path path() {
        return path;
    }

    /**
     * Reads the token file.
     *
     * @return empty when the file does not exist
     * @throws LoginRequiredException when it exists but cannot be read or is not a valid token file
     */
    public Optional<OAuthTokens> load() throws LoginRequiredException {
        byte[] bytes;
        try {
            bytes = RegularFileReader.read(path, MAX_BYTES);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (RegularFileReader.NotRegularFileException | RegularFileReader.FileTooLargeException e) {
            // a FIFO would block the read forever, a link to /dev/zero fill the heap
            throw new LoginRequiredException(vendor, "token file " + path + " is unreadable or corrupt ("
                    + (e instanceof RegularFileReader.FileTooLargeException ? "larger than "
                    + (MAX_BYTES >> 20) + " MB" : "not a regular file") + ")");
        } catch (IOException e) {
            throw corrupt();
        }
        try {
            OAuthTokens tokens = parse(mapper.readTree(bytes));
            warnIfOthersCanRead(); // after parsing: a corrupt file gets one line, not two
            Redactor.remember(tokens.accessToken());
            Redactor.remember(tokens.refreshToken());
            return Optional.of(tokens);
        } catch (JsonProcessingException | IllegalArgumentException | DateTimeException e) {
            // no cause attached: parser messages quote the file's content
            throw corrupt();
        } catch (IOException e) {
            throw corrupt();
        }
    }

    /**
     * Replaces the token file atomically: a temporary file in the same folder, created with mode
     * 0600, is written, forced to disk, renamed over the target, and the folder is forced too.
     */
    public void save(OAuthTokens tokens) throws IOException {
        Redactor.remember(tokens.accessToken());
        Redactor.remember(tokens.refreshToken());
        AtomicFile.replace(path, mapper.writeValueAsBytes(toJson(tokens)), writer);
        removeStaleTempFiles(path.getParent());
    }

    private OAuthTokens parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String access = optionalText(root, "access_token");
        String refresh = optionalText(root, "refresh_token");
        if (access == null && refresh == null) {
            throw new IllegalArgumentException("neither access_token nor refresh_token");
        }
        JsonNode expires = root.get("expires_at");
        Instant expiresAt = null;
        if (expires != null && !expires.isNull()) {
            // an ISO-8601 instant; epoch seconds are accepted for hand-written files
            expiresAt = expires.isNumber() ? Instant.ofEpochSecond(expires.asLong()) : Instant.parse(expires.asText());
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            extra.put(field.getKey(), field.getValue());
        }
        return new OAuthTokens(access, refresh, expiresAt, optionalText(root, "token_type"),
                optionalText(root, "scope"), extra);
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return value.asText();
    }

    private ObjectNode toJson(OAuthTokens tokens) {
        ObjectNode root = mapper.createObjectNode();
        putIfPresent(root, "access_token", tokens.accessToken());
        putIfPresent(root, "refresh_token", tokens.refreshToken());
        putIfPresent(root, "expires_at", tokens.expiresAt() == null ? null : tokens.expiresAt().toString());
        putIfPresent(root, "token_type", tokens.tokenType());
        putIfPresent(root, "scope", tokens.scope());
        tokens.extra().forEach(root::set);
        return root;
    }

    private static void putIfPresent(ObjectNode root, String field, String value) {
        if (value != null) {
            root.put(field, value);
        }
    }

    /**
     * A process killed between creating and renaming its temporary file leaves it behind (the
     * token file itself stays intact). Remove such leftovers once they are clearly abandoned; a
     * concurrent writer's file lives for milliseconds, so a minute is far on the safe side.
     */
    private void removeStaleTempFiles(Path dir) {
        String prefix = AtomicFile.tempPrefix(path);
        long cutoff = System.currentTimeMillis() - STALE_TEMP_MILLIS;
        try (var leftovers = Files.newDirectoryStream(dir, f -> {
            String name = f.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(".tmp");
        })) {
            for (Path f : leftovers) {
                if (Files.getLastModifiedTime(f).toMillis() < cutoff) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.finest("cannot tidy temporary token files: " + e.getClass().getSimpleName());
        }
    }

    private void warnIfOthersCanRead() {
        try {
            if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
                if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                    LOG.warning("token file " + path + " is readable by other users; it gets mode 0600 when next"
                            + " rewritten (or run: chmod 600 " + path + ")");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // reading worked, so a failing permission check is not worth failing for
        }
    }

    private LoginRequiredException corrupt() {
        return new LoginRequiredException(vendor, "token file " + path + " is unreadable or corrupt");
    }
}
