package io.evobserver.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures every record of one logger and its children, at all levels, while open; the records
 * do not reach the console meanwhile (the build output stays readable). Closing restores the
 * logger's level and handlers.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level previous;
    private final boolean parentHandlers;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    /** @param loggerName e.g. {@code io.evobserver} for the whole project */
    public LogCapture(String loggerName) {
        logger = Logger.getLogger(loggerName);
        previous = logger.getLevel();
        parentHandlers = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Each record as {@code LEVEL message}. */
    public List<String> messages() {
        return records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
    }

    /** The messages logged at exactly {@code level}. */
    public List<String> messagesAt(Level level) {
        return records.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage).toList();
    }

    /** Everything, one record a line with its parameters, each thrown exception on a line of its own. */
    public String all() {
        StringBuilder out = new StringBuilder();
        for (LogRecord r : records) {
            String message = r.getMessage();
            if (r.getParameters() != null) {
                message = message + " " + List.of(r.getParameters());
            }
            out.append(r.getLevel()).append(' ').append(message).append('\n');
            if (r.getThrown() != null) {
                out.append(r.getThrown()).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previous);
        logger.setUseParentHandlers(parentHandlers);
    }
}
