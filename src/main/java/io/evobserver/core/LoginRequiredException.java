package io.evobserver.core;

/**
 * No usable credentials: no token file, a corrupt one, or a refresh the vendor rejected.
 * Retrying cannot help; the user has to run {@code ev-observer login <vendor>} (exit code 3).
 */
public final class LoginRequiredException extends FetchException {
    private final String vendor;

    public LoginRequiredException(String vendor, String why) {
        super(Reason.AUTH, why + "; run `ev-observer login " + vendor + "`");
        this.vendor = vendor;
    }

    public String vendor() {
        return vendor;
    }
}
