package io.evobserver.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One-line log records on stderr through java.util.logging (which the OpenTelemetry SDK
 * uses too), so no logging framework rides in the jar. Stack traces only at debug.
 */
final class LogSetup {
    private LogSetup() {
    }

    static Level parse(String level) {
        return switch (level == null ? "info" : level.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.FINE;
            case "trace" -> Level.FINEST;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default -> throw new UsageException("--log-level: '" + level + "' is not one of debug, info, warn, error");
        };
    }

    /**
     * Held so the level sticks (the log manager keeps loggers weakly): autoconfigure logs an INFO
     * line of its own before a start-up error that we report as one line.
     */
    private static final Logger AUTOCONFIGURE = Logger.getLogger(
            "io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder");

    static void configure(Level level, PrintStream err) {
        LogManager.getLogManager().reset();
        AUTOCONFIGURE.setLevel(Level.WARNING);
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        Logger.getLogger("io.evobserver").setLevel(level);
        if (level.intValue() > Level.INFO.intValue()) {
            root.setLevel(level);
        }
        // not ConsoleHandler: replacing its stream would close System.err
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (isLoggable(r)) {
                    err.print(getFormatter().format(r));
                    err.flush();
                }
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {
                err.flush();
            }
        };
        h.setLevel(Level.ALL);
        boolean debug = level.intValue() <= Level.FINE.intValue();
        h.setFormatter(new OneLine(debug));
        root.addHandler(h);
    }

    private static final class OneLine extends Formatter {
        private final boolean traces;

        OneLine(boolean traces) {
            this.traces = traces;
        }

        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(160);
            sb.append(Instant.ofEpochMilli(r.getMillis()).truncatedTo(ChronoUnit.MILLIS)).append(' ')
                    .append(label(r.getLevel())).append(' ')
                    .append(shortName(r.getLoggerName())).append(": ")
                    .append(formatMessage(r).replace('\n', ' '));
            if (r.getThrown() != null) {
                if (traces) {
                    java.io.StringWriter w = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(w));
                    sb.append('\n').append(w);
                } else if (!formatMessage(r).contains(String.valueOf(r.getThrown().getMessage()))) {
                    sb.append(" (").append(r.getThrown()).append(')');
                }
            }
            // the one redaction rule, over every line: library lines (the OTLP exporter's) included
            return io.evobserver.http.Redactor.redactText(sb.toString()) + '\n';
        }

        private static String label(Level l) {
            if (l.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            } else if (l.intValue() >= Level.WARNING.intValue()) {
                return "WARN ";
            } else if (l.intValue() >= Level.INFO.intValue()) {
                return "INFO ";
            }
            return "DEBUG";
        }

        private static String shortName(String logger) {
            if (logger == null) {
                return "-";
            }
            int dot = logger.lastIndexOf('.');
            return dot < 0 ? logger : logger.substring(dot + 1);
        }
    }
}
