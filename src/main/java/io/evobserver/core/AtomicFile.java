package io.evobserver.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Replaces a small file so that a crash at any moment leaves either the old or the new complete
 * file: a temporary file in the same folder, created owner-only (0600; its folder 0700 when
 * created), is written, forced to disk, renamed over the target, and the folder is forced too.
 * Token files, the derived state and call logs all go through here.
 */
public final class AtomicFile {

    private static final Logger LOG = Logger.getLogger(AtomicFile.class.getName());
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    /** Writes the content into the freshly created temporary file (a seam for crash tests). */
    @FunctionalInterface
    public interface TempFileWriter {
        void write(Path temp, FileChannel channel, ByteBuffer content) throws IOException;
    }

    public static final TempFileWriter WRITE_ALL = (temp, channel, content) -> {
        while (content.hasRemaining()) {
            channel.write(content);
        }
    };

    private AtomicFile() {
    }

    /** The temporary files of {@code path} are named {@code .<name>.<random>.tmp} in its folder. */
    public static String tempPrefix(Path path) {
        return "." + path.getFileName() + ".";
    }

    public static void replace(Path path, byte[] content) throws IOException {
        replace(path, content, WRITE_ALL);
    }

    public static void replace(Path path, byte[] content, TempFileWriter writer) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        } else {
            Files.createDirectories(dir);
        }
        FileAttribute<?>[] mode = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, tempPrefix(path), ".tmp", mode);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                writer.write(temp, channel, ByteBuffer.wrap(content));
                channel.force(true);
            }
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // same folder, so only exotic file systems get here; a plain replace is the best left
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            forceDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static void forceDirectory(Path dir) {
        // makes the rename itself durable; not possible on every OS (e.g. Windows), so best effort
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.finest("cannot fsync folder " + dir + ": " + e.getClass().getSimpleName());
        }
    }
}
