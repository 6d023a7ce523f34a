package io.evobserver.core;

/** State of one public charge point connector. */
public enum ConnectorState implements StateValue {
    AVAILABLE, CHARGING, OCCUPIED, RESERVED, OUT_OF_SERVICE, UNKNOWN;
}
