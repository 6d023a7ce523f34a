package io.evobserver.it;

import io.evobserver.testing.TempDirs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built jar ({@code java -jar target/ev-observer.jar ...}) as a user would, with
 * a clean environment for the variables we read, and captures its output.
 */
public final class EvObserverProcess {

    /** Exit code and output of one run. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private EvObserverProcess() {
    }

    public static Path jar() {
        Path jar = Paths.get(System.getProperty("evobserver.jar", "target/ev-observer.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar + "; run `mvn package` first");
        }
        return jar;
    }

    public static Result run(Duration timeout, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Process p = start(env, args);
        Path out = Files.createTempFile("evo-out", ".txt");
        Path err = Files.createTempFile("evo-err", ".txt");
        try {
            // drain in the background so a chatty process never blocks on a full pipe
            Thread o = drain(p.getInputStream(), out);
            Thread e = drain(p.getErrorStream(), err);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                o.join();
                e.join();
                throw new AssertionError("ev-observer did not finish within " + timeout + "; stderr:\n"
                        + Files.readString(err));
            }
            o.join();
            e.join();
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Starts the jar and returns the live process (for daemon tests that signal it). */
    public static Process start(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("EV_OBSERVER_")
                || k.equals("LOG_LEVEL"));
        pb.environment().putAll(env);
        if (!env.containsKey("EV_OBSERVER_BUFFER_DIR")) {
            // never the user's real export buffer: unsent test data would reach the next test's backend
            pb.environment().put("EV_OBSERVER_BUFFER_DIR", TempDirs.create("evo-buffer").toString());
        }
        if (!env.containsKey("EV_OBSERVER_STATE_DIR")) {
            // nor the user's trip and charging-session state
            pb.environment().put("EV_OBSERVER_STATE_DIR", TempDirs.create("evo-state").toString());
        }
        return pb.start();
    }

    /** Reads and drops a started process's output, so a full pipe never blocks it. */
    public static void discardOutput(Process p) {
        for (java.io.InputStream in : List.of(p.getInputStream(), p.getErrorStream())) {
            Thread t = new Thread(() -> {
                try (in) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "evobserver-output-drain");
            t.setDaemon(true);
            t.start();
        }
    }

    private static Thread drain(java.io.InputStream in, Path to) {
        Thread t = new Thread(() -> {
            try (in) {
                Files.write(to, in.readAllBytes());
            } catch (IOException ignored) {
                // the process died; what we have is what there is
            }
        });
        t.start();
        return t;
    }
}
