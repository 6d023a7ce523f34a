package io.evobserver.derive;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.core.AtomicFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The derive layer's state file, one per source: each vehicle's totals and its open trip,
 * session and parked period. Replaced atomically (a 0600 temporary file in the same folder,
 * forced to disk, renamed over the old one, the folder forced), so a crash leaves either the
 * old state or the new one, never half of each. A file that cannot be read is set aside as
 * {@code .corrupt} with one log line, and counting starts over.
 */
public final class DerivedStateStore {

    private static final Logger LOG = Logger.getLogger(DerivedStateStore.class.getName());
    private static final TypeReference<Map<String, TrackerState>> TYPE = new TypeReference<>() { };

    private final Path path;
    private final ObjectMapper mapper = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public DerivedStateStore(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /** The state folder: {@code $XDG_STATE_HOME/ev-observer} (~/.local/state/ev-observer), where the buffer lives too. */
    public static Path defaultDir(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(userHome, ".local", "state");
        return base.resolve("ev-observer");
    }

    public Path path() {
        return path;
    }

    /** Each vehicle's state by VIN; empty when there is no file yet or it could not be read. */
    Map<String, TrackerState> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        } catch (IOException e) {
            LOG.warning("cannot read " + path + " (" + e.getClass().getSimpleName()
                    + "): trips and sessions are counted from now");
            return new LinkedHashMap<>();
        }
        try {
            Map<String, TrackerState> m = mapper.readValue(bytes, TYPE);
            if (m == null) {
                throw new IOException("empty");
            }
            m.values().removeIf(Objects::isNull);
            return new LinkedHashMap<>(m);
        } catch (IOException | RuntimeException e) {
            Path aside = path.resolveSibling(path.getFileName() + ".corrupt");
            try {
                Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                aside = path;
            }
            LOG.warning(path + " is not a state file ("
                    + e.getClass().getSimpleName() + "); kept as " + aside + ", trips and sessions are counted from now");
            return new LinkedHashMap<>();
        }
    }

    void save(Map<String, TrackerState> states) throws IOException {
        AtomicFile.replace(path, mapper.writeValueAsBytes(states));
    }
}
