package io.evobserver.core;

/**
 * A setting is wrong or missing: the message is one line naming the option and what is wrong.
 * The command line prints it without a stack trace and exits with code 2.
 */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
