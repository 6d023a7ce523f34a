package io.evobserver.telemetry;

import io.opentelemetry.sdk.metrics.data.MetricData;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The export requests waiting for one endpoint: one file per request, named by a sequence number
 * and the time it was stored, written to a temporary name and renamed, so a file is either whole
 * or absent whatever moment the process is killed at. The folder never holds more than its
 * budget: storing a request deletes the oldest files first (never the one being sent), and a
 * write that fails (disk full) deletes the oldest and tries again. Thread-safe.
 */
final class ExportStore {

    static final String SUFFIX = ".otlp";
    private static final String TEMP_PREFIX = ".tmp-";

    /** One stored request. */
    record Entry(long seq, long storedMillis, long bytes, Path file) {
    }

    /** Requests deleted unsent: how many, when the oldest and newest of them were stored, why. */
    record Dropped(int count, long firstMillis, long lastMillis, String reason) {
    }

    /** The outcome of {@link #append}: stored or not, what had to go, and the last write error if any. */
    record AppendResult(boolean stored, List<Dropped> dropped, IOException failure) {
    }

    private final Path folder;
    private final long maxBytes;
    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private long totalBytes;
    private long nextSeq;
    private long inFlight = -1;

    /** Writes a file's bytes; a test swaps it for one that fails like a full disk. */
    interface FileWriter {
        void write(Path file, byte[] body) throws IOException;
    }

    private final FileWriter writer;

    ExportStore(Path folder, long maxBytes) throws IOException {
        this(folder, maxBytes, ExportStore::writeSynced);
    }

    ExportStore(Path folder, long maxBytes, FileWriter writer) throws IOException {
        this.folder = folder;
        this.maxBytes = maxBytes;
        this.writer = writer;
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX)) {
                    Files.deleteIfExists(f); // a write cut short by a kill; the export it held was not acknowledged as kept
                    continue;
                }
                Entry e = parse(f);
                if (e != null) {
                    entries.put(e.seq(), e);
                    totalBytes += e.bytes();
                }
            }
        }
        nextSeq = entries.isEmpty() ? 1 : entries.lastKey() + 1;
    }

    private static Entry parse(Path f) throws IOException {
        String name = f.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            return null;
        }
        String[] parts = name.substring(0, name.length() - SUFFIX.length()).split("-");
        if (parts.length != 2) {
            return null;
        }
        try {
            return new Entry(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Files.size(f), f);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    Path folder() {
        return folder;
    }

    long maxBytes() {
        return maxBytes;
    }

    synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    synchronized int count() {
        return entries.size();
    }

    synchronized long bytes() {
        return totalBytes;
    }

    /** Stores one request after the others, making room by deleting the oldest. */
    synchronized AppendResult append(Collection<MetricData> request, long nowMillis) {
        byte[] body;
        try (var out = new java.io.ByteArrayOutputStream()) {
            OtlpRequests.write(request, out);
            body = out.toByteArray();
        } catch (IOException e) {
            return new AppendResult(false, List.of(), e);
        }
        List<Entry> full = new ArrayList<>();
        List<Entry> diskFull = new ArrayList<>();
        if (body.length > maxBytes) {
            return new AppendResult(false, List.of(new Dropped(1, nowMillis, nowMillis, "too_big")), null);
        }
        while (totalBytes + body.length > maxBytes) {
            Entry oldest = evictOldest();
            if (oldest == null) {
                break;
            }
            full.add(oldest);
        }
        long seq = nextSeq++;
        Path target = folder.resolve(String.format("%016d-%d%s", seq, nowMillis, SUFFIX));
        IOException failure = null;
        boolean stored = false;
        while (true) {
            try {
                writeAtomically(target, body);
                entries.put(seq, new Entry(seq, nowMillis, body.length, target));
                totalBytes += body.length;
                stored = true;
                break;
            } catch (IOException e) {
                failure = e;
                Entry oldest = evictOldest();
                if (oldest == null) {
                    break;
                }
                diskFull.add(oldest);
            }
        }
        List<Dropped> dropped = new ArrayList<>();
        summarize(full, "full").ifPresent(dropped::add);
        summarize(diskFull, "write_failed").ifPresent(dropped::add);
        if (!stored) {
            dropped.add(new Dropped(1, nowMillis, nowMillis, "write_failed"));
        }
        return new AppendResult(stored, dropped, failure);
    }

    private static java.util.Optional<Dropped> summarize(List<Entry> gone, String reason) {
        if (gone.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Dropped(gone.size(), gone.get(0).storedMillis(),
                gone.get(gone.size() - 1).storedMillis(), reason));
    }

    private void writeAtomically(Path target, byte[] body) throws IOException {
        Path temp = folder.resolve(TEMP_PREFIX + target.getFileName());
        try {
            writer.write(temp, body);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static void writeSynced(Path file, byte[] body) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = Channels.newOutputStream(ch)) {
            out.write(body);
            ch.force(false); // on disk before it has a name: a power cut leaves it whole or absent
        }
    }

    /** Deletes the oldest entry that is not being sent; null when there is none. */
    private Entry evictOldest() {
        for (Map.Entry<Long, Entry> e : entries.entrySet()) {
            if (e.getKey() != inFlight) {
                delete(e.getValue());
                return e.getValue();
            }
        }
        return null;
    }

    private void delete(Entry e) {
        if (entries.remove(e.seq()) != null) {
            totalBytes -= e.bytes();
        }
        try {
            Files.deleteIfExists(e.file());
        } catch (IOException ignored) {
            // gone from the index; a leftover file is picked up (and sent) by the next run
        }
    }

    /** The oldest entry, marked as being sent so it is not evicted meanwhile; null when empty. */
    synchronized Entry takeOldest() {
        if (entries.isEmpty()) {
            inFlight = -1;
            return null;
        }
        Entry e = entries.firstEntry().getValue();
        inFlight = e.seq();
        return e;
    }

    /** Reads an entry taken with {@link #takeOldest}. */
    List<MetricData> read(Entry e) throws IOException {
        return OtlpRequests.read(Files.readAllBytes(e.file()));
    }

    /** Done with an entry: delivered, too old, or unreadable. */
    synchronized void remove(Entry e) {
        delete(e);
        if (inFlight == e.seq()) {
            inFlight = -1;
        }
    }

    /** Sending it failed: it stays, and may be evicted again. */
    synchronized void release(Entry e) {
        if (inFlight == e.seq()) {
            inFlight = -1;
        }
    }
}
