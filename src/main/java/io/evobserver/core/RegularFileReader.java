package io.evobserver.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a user-supplied file (token file, state file) whole, but only when it is a regular file
 * (after following links) of at most a given size: a FIFO would block the read forever and a
 * link to {@code /dev/zero} would fill the heap. The size is checked before and enforced while
 * reading, so a file that grows in between is refused too.
 */
public final class RegularFileReader {

    /** The file is a FIFO, device, folder or socket. */
    public static final class NotRegularFileException extends IOException {
        NotRegularFileException(Path path) {
            super(path + " is not a regular file");
        }
    }

    /** The file is larger than the reader's limit. */
    public static final class FileTooLargeException extends IOException {
        FileTooLargeException(Path path, long limit) {
            super(path + " is larger than " + describe(limit));
        }
    }

    private RegularFileReader() {
    }

    /**
     * The file's bytes.
     *
     * @throws java.nio.file.NoSuchFileException when it does not exist (a dangling link included)
     * @throws NotRegularFileException           when it is not a regular file
     * @throws FileTooLargeException             when it has more than {@code maxBytes}
     */
    public static byte[] read(Path path, int maxBytes) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new NotRegularFileException(path);
        }
        if (attributes.size() > maxBytes) {
            throw new FileTooLargeException(path, maxBytes);
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new FileTooLargeException(path, maxBytes);
            }
            return bytes;
        }
    }

    static String describe(long bytes) {
        return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MB"
                : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? bytes / (1 << 10) + " KB" : bytes + " bytes";
    }
}
