package io.evobserver.cli;

import io.evobserver.core.ConfigurationException;

/** Bad usage or configuration: printed as one line, exit code 2. */
final class UsageException extends ConfigurationException {
    UsageException(String message) {
        super(message);
    }
}
