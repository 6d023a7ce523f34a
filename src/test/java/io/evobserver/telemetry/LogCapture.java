package io.evobserver.telemetry;

import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what one class logs (message text, one per line) while open. */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final StringBuffer text = new StringBuffer();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    static LogCapture of(Class<?> source) {
        LogCapture c = new LogCapture(Logger.getLogger(source.getName()));
        c.logger.addHandler(c);
        return c;
    }

    String text() {
        return text.toString();
    }

    @Override
    public void publish(LogRecord r) {
        text.append(r.getLevel()).append(' ').append(r.getMessage()).append('\n');
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
