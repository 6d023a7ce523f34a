package io.evobserver.source.chargy;

/** The document is not a readable Chargy KML; the message is one line with the position. */
final class ChargyParseException extends Exception {
    ChargyParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
