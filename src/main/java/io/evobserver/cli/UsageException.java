package io.evobserver.cli;

/** Bad usage or configuration: printed as one line, exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
