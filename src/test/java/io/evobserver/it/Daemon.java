package io.evobserver.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One {@code ev-observer run} process whose stderr goes to a log file (appended across restarts). */
final class Daemon {
    private final Process process;

    private Daemon(Process process) {
        this.process = process;
    }

    static Daemon start(Path log, Map<String, String> env, String... args) throws IOException {
        Process p = EvObserverProcess.start(env, args);
        p.getOutputStream().close();
        pump(p.getErrorStream(), log);
        pump(p.getInputStream(), null);
        return new Daemon(p);
    }

    private static void pump(java.io.InputStream in, Path log) {
        Thread t = new Thread(() -> {
            try (in; OutputStream out = log == null ? OutputStream.nullOutputStream()
                    : Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // process gone
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** SIGTERM and wait: the last collection is exported or buffered. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }
}
