package io.evobserver.core;

/** The process exit codes every command, a source's login command included, returns. */
public final class ExitCode {
    public static final int OK = 0;
    /** A source or the export failed, or the daemon stopped on an error. */
    public static final int FAILED = 1;
    /** Bad usage or configuration ({@link ConfigurationException}). */
    public static final int USAGE = 2;
    /** Authentication needed ({@link LoginRequiredException}). */
    public static final int LOGIN = 3;

    private ExitCode() {
    }
}
