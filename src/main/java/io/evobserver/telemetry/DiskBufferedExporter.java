package io.evobserver.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * An OTLP exporter that keeps what the backend does not take. Each collection is split into
 * requests under the size limit ({@link OtlpRequests#split}). While the backend takes them and
 * nothing waits on disk, they go straight to the real exporter. A request it refuses, and every
 * later one until the backlog is gone, is stored as one file ({@link ExportStore}); one forwarder
 * thread sends the files oldest first, one request in flight at a time, deleting each only after
 * the backend accepted it, and retries the same one with backoff on a failure, so order is kept
 * and nothing is skipped. Files left by an earlier run are sent before anything new.
 *
 * <p>The files of one endpoint live in a subfolder named after a hash of the (redacted) endpoint,
 * so a run pointed elsewhere neither sends them to the wrong backend nor deletes them.
 *
 * <p>Why not disk first always: writing every collection to disk and reading it back costs more
 * CPU than sending it, for no gain while the backend is up; a collection is held in memory until
 * the backend answers, and stored before {@code export} returns when it does not.
 */
final class DiskBufferedExporter extends ForwardingMetricExporter {

    private static final Logger LOG = Logger.getLogger(DiskBufferedExporter.class.getName());

    static final long IDLE_POLL_MILLIS = 1_000;
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(60);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);
    private static final String FOLDER_PREFIX = "otlp-";
    private static final String ENDPOINT_FILE = "endpoint";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private enum Drain { EMPTY, FAILED }

    private final Path dir;
    private final long requestLimit;
    private final Duration maxAge;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ExportStore store;
    private final ReentrantLock drainLock = new ReentrantLock();
    private final Object wake = new Object();
    private final Thread forwarder;
    private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();
    /** Requests this run could not keep (dropped on arrival, or evicted): "kept" is then not the whole truth. */
    private final AtomicLong lostThisRun = new AtomicLong();
    private volatile boolean failing;
    private volatile boolean stopping;
    private int retries;
    /** The current drop episode (null when none): logged once when it starts, summed up when it ends. */
    private Episode episode;

    private static final class Episode {
        int count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        final java.util.Set<String> reasons = new java.util.TreeSet<>();
    }

    private DiskBufferedExporter(MetricExporter delegate, BufferSettings settings, ExportStore store,
                                 FileChannel lockChannel, FileLock lock) {
        // the memory mode is the delegate's: export() is done with the batch when it returns (sent,
        // or written to disk), so the SDK may reuse its objects when the real exporter allows it
        super(delegate);
        this.dir = settings.dir();
        this.requestLimit = settings.requestLimit();
        this.maxAge = settings.maxAge();
        this.store = store;
        this.lockChannel = lockChannel;
        this.lock = lock;
        if (!store.isEmpty()) {
            LOG.info(() -> "sending metrics kept in " + dir + " by an earlier run first (" + store.count()
                    + " requests, " + store.bytes() / 1024 + " KB)");
        }
        this.forwarder = new Thread(this::forwardLoop, "export-buffer");
        forwarder.setDaemon(true);
        forwarder.start();
    }

    /**
     * Puts a disk buffer in front of {@code delegate}, for exports meant for {@code endpoint} (a
     * redacted description: protocol and URL without credentials). When the folder cannot be used
     * (no permission, another ev-observer holds it) this says why on one line and returns the
     * exporter unbuffered but still splitting: running without a buffer beats not running.
     */
    static MetricExporter wrap(MetricExporter delegate, BufferSettings settings, String endpoint) {
        return wrap(delegate, settings, endpoint, null);
    }

    static MetricExporter wrap(MetricExporter delegate, BufferSettings settings, String endpoint,
                               ExportStore.FileWriter writer) {
        Path dir = settings.dir();
        FileChannel channel = null;
        try {
            createPrivateDirectories(dir);
            channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                LOG.warning("export buffer " + dir + " is in use by another ev-observer; exporting without a "
                        + "disk buffer (give this one its own --buffer-dir)");
                return new SplittingExporter(delegate, settings.maxRequestBytes());
            }
            Path folder = dir.resolve(folderName(endpoint));
            ExportStore store = writer == null ? new ExportStore(folder, settings.maxBytes())
                    : new ExportStore(folder, settings.maxBytes(), writer);
            Files.writeString(folder.resolve(ENDPOINT_FILE), endpoint + "\n", StandardCharsets.UTF_8);
            reportOtherEndpoints(dir, folder);
            return new DiskBufferedExporter(delegate, settings, store, channel, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            LOG.warning("cannot use export buffer " + dir + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); exporting without a disk buffer");
            return new SplittingExporter(delegate, settings.maxRequestBytes());
        }
    }

    static MetricExporter wrap(MetricExporter delegate, BufferSettings settings) {
        return wrap(delegate, settings, "unnamed endpoint");
    }

    /** {@code otlp-} and 16 hex digits of the endpoint's SHA-256: stable, and no URL in a path. */
    static String folderName(String endpoint) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(endpoint.getBytes(StandardCharsets.UTF_8));
            return FOLDER_PREFIX + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line per other endpoint with exports waiting: they stay, and are not sent here. */
    private static void reportOtherEndpoints(Path dir, Path ours) throws IOException {
        try (Stream<Path> folders = Files.list(dir)) {
            for (Path f : (Iterable<Path>) folders::iterator) {
                if (f.equals(ours) || !Files.isDirectory(f)) {
                    continue;
                }
                long waiting;
                try (Stream<Path> files = Files.list(f)) {
                    waiting = files.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString()
                            .equals(ENDPOINT_FILE)).count();
                }
                if (waiting == 0) {
                    continue;
                }
                Path named = f.resolve(ENDPOINT_FILE);
                String other = Files.isRegularFile(named) ? Files.readString(named).trim()
                        : "an endpoint of an older ev-observer version";
                LOG.warning("export buffer " + dir + " holds " + waiting + " unsent exports for another endpoint ("
                        + other + "); they are left in " + f + " and not sent to this one (run with that endpoint "
                        + "to deliver them, or delete the folder)");
            }
        }
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        // stored metrics carry VINs and positions: only the owner may read them
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    Path dir() {
        return dir;
    }

    Path folder() {
        return store.folder();
    }

    /** Requests dropped unsent so far, by reason (full, write_failed, too_old, unreadable, too_big). */
    Map<String, Long> dropped() {
        Map<String, Long> m = new java.util.TreeMap<>();
        dropped.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
        List<List<MetricData>> requests = OtlpRequests.split(metrics, requestLimit);
        boolean direct = !failing && store.isEmpty();
        boolean allKept = true;
        long now = System.currentTimeMillis();
        for (List<MetricData> request : requests) {
            if (direct) {
                CompletableResultCode sent = delegate.export(request).join(SEND_TIMEOUT.toMillis(),
                        TimeUnit.MILLISECONDS);
                if (sent.isSuccess()) {
                    continue;
                }
                markFailing();
                direct = false;
            }
            ExportStore.AppendResult r = store.append(request, now);
            r.dropped().forEach(d -> recordDrop(d, r.failure()));
            allKept &= r.stored();
        }
        synchronized (wake) {
            wake.notifyAll();
        }
        return allKept ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
    }

    private synchronized void recordDrop(ExportStore.Dropped d, IOException failure) {
        dropped.computeIfAbsent(d.reason(), k -> new AtomicLong()).addAndGet(d.count());
        lostThisRun.addAndGet(d.count());
        if (episode == null) {
            episode = new Episode();
            String why = switch (d.reason()) {
                case "full" -> "the buffer reached --buffer-max-size (" + store.maxBytes() / 1024 / 1024 + " MB)";
                case "write_failed" -> "writing to " + store.folder() + " failed ("
                        + (failure == null ? "disk full?" : failure.getMessage()) + "); free space on that disk "
                        + "or point --buffer-dir at a larger one";
                case "too_old" -> "they are older than --buffer-max-age";
                case "too_big" -> "one request is larger than --buffer-max-size";
                default -> "a stored file could not be read";
            };
            LOG.warning("export buffer: dropping the oldest unsent exports because " + why
                    + "; the newest are kept (count and time span follow when this ends)");
        }
        episode.count += d.count();
        episode.first = Math.min(episode.first, d.firstMillis());
        episode.last = Math.max(episode.last, d.lastMillis());
        episode.reasons.add(d.reason());
    }

    /** Ends a drop episode with one line: how many requests, taken over which time span. */
    private synchronized void endEpisode() {
        if (episode == null) {
            return;
        }
        Episode e = episode;
        episode = null;
        LOG.warning("export buffer: dropped " + e.count + " unsent export requests (" + String.join(", ", e.reasons)
                + ") taken between " + TIME.format(Instant.ofEpochMilli(e.first)) + " and "
                + TIME.format(Instant.ofEpochMilli(e.last)) + " ("
                + Duration.ofMillis(e.last - e.first).toSeconds() + " s); that span is missing at the backend");
    }

    /** Sends everything stored; success only when the store is empty afterwards. */
    @Override
    public CompletableResultCode flush() {
        return deliverAll(FLUSH_TIMEOUT) ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
    }

    @Override
    public CompletableResultCode shutdown() {
        stopping = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        try {
            forwarder.join(SHUTDOWN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the last collection was just handled; send the backlog unless the backend is known to be down
        boolean delivered = !failing && deliverAll(SHUTDOWN_TIMEOUT);
        if (!delivered && !store.isEmpty()) {
            LOG.warning("backend unreachable: " + store.count() + " unsent export requests stay in "
                    + store.folder() + " and are sent when ev-observer next starts with this endpoint");
        }
        endEpisode();
        try {
            lock.release();
        } catch (IOException e) {
            LOG.fine(() -> "releasing export buffer lock: " + e);
        }
        closeQuietly(lockChannel);
        return delegate.shutdown();
    }

    /** What happened to metrics a failed export did not deliver, for the error line. */
    String undeliveredNote() {
        long lost = lostThisRun.get();
        if (store.isEmpty()) {
            return lost == 0 ? "" : "; " + lost + " export requests could not be kept (see the warnings above)";
        }
        return "; " + store.count() + " export requests are kept in " + store.folder()
                + " and sent on the next run" + (lost == 0 ? "" : ", " + lost
                + " could not be kept (see the warnings above)");
    }

    /** Sends stored requests until none is left, the backend fails, or time is up. */
    boolean deliverAll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (drain(deadline) == Drain.FAILED) {
                return false;
            }
            if (store.isEmpty()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
        }
    }

    boolean hasStoredData() {
        return !store.isEmpty();
    }

    /** Sends stored requests oldest first, one at a time; stops at the first failure, keeping that one. */
    private Drain drain(long deadlineNanos) {
        drainLock.lock();
        try {
            while (System.nanoTime() < deadlineNanos) {
                ExportStore.Entry e = store.takeOldest();
                if (e == null) {
                    return Drain.EMPTY;
                }
                if (System.currentTimeMillis() - e.storedMillis() > maxAge.toMillis()) {
                    store.remove(e);
                    recordDrop(new ExportStore.Dropped(1, e.storedMillis(), e.storedMillis(), "too_old"), null);
                    continue;
                }
                List<MetricData> request;
                try {
                    request = store.read(e);
                } catch (IOException ex) {
                    store.remove(e);
                    LOG.warning("export buffer: " + e.file() + " is unreadable and is dropped (" + ex.getMessage() + ")");
                    recordDrop(new ExportStore.Dropped(1, e.storedMillis(), e.storedMillis(), "unreadable"), ex);
                    continue;
                }
                CompletableResultCode result = delegate.export(request).join(SEND_TIMEOUT.toMillis(),
                        TimeUnit.MILLISECONDS);
                if (!result.isSuccess()) {
                    store.release(e);
                    markFailing();
                    return Drain.FAILED;
                }
                store.remove(e);
                if (failing) {
                    failing = false;
                    LOG.info(() -> "backend accepting metrics again; sending the " + (store.count() + 1)
                            + " kept export requests oldest first");
                }
                endEpisode();
            }
            return Drain.EMPTY;
        } catch (RuntimeException e) {
            // an exporter bug must not kill the forwarder; retry later
            LOG.log(Level.WARNING, "export buffer: " + e, e);
            return Drain.FAILED;
        } finally {
            drainLock.unlock();
        }
    }

    private void markFailing() {
        if (!failing) {
            failing = true;
            LOG.warning("backend not accepting metrics; keeping them in " + store.folder()
                    + " and retrying until it is back");
        }
    }

    private void forwardLoop() {
        while (!stopping) {
            long waitMillis;
            if (drain(Long.MAX_VALUE) == Drain.FAILED) {
                waitMillis = retryDelay(++retries).toMillis();
            } else {
                retries = 0;
                waitMillis = IDLE_POLL_MILLIS;
            }
            synchronized (wake) {
                if (stopping) {
                    return;
                }
                try {
                    wake.wait(waitMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Doubling from one second up to a minute, +-20 % jitter so restarts do not retry in step. */
    static Duration retryDelay(int failures) {
        long base = FIRST_RETRY.toMillis() << Math.min(failures - 1, 10);
        long capped = Math.min(base, MAX_RETRY.toMillis());
        return Duration.ofMillis((long) (capped * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
