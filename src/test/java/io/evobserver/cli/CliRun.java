package io.evobserver.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line ({@link Main#execute}): its exit code and what it wrote to out and err. */
record CliRun(int code, String out, String err) {

    static CliRun run(String... args) {
        return run(new StringWriter(), args);
    }

    /** As {@link #run(String...)}, writing into {@code out}, which the caller can read while it runs (a prompt). */
    static CliRun run(StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }
}
