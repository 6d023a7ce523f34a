package io.evobserver.source.chargy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Caps how many bytes a download may yield and until when, so a runaway body (a gzip bomb, a
 * server trickling bytes forever) ends the poll instead of the heap or the polling thread.
 */
final class BoundedInputStream extends FilterInputStream {

    static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("body larger than " + limit + " bytes");
        }
    }

    static final class DeadlineException extends IOException {
        DeadlineException() {
            super("download deadline passed");
        }
    }

    private final long limit;
    private final long deadlineNanos;
    private long count;

    BoundedInputStream(InputStream in, long limit, long deadlineNanos) {
        super(in);
        this.limit = limit;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public int read() throws IOException {
        check();
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        check();
        int n = super.read(buf, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        check();
        long k = super.skip(n);
        add(k);
        return k;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check() throws IOException {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new DeadlineException();
        }
    }

    private void add(long n) throws IOException {
        count += n;
        if (count > limit) {
            throw new TooLargeException(limit);
        }
    }
}
