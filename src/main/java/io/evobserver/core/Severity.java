package io.evobserver.core;

/** Severity of an active vehicle warning, for {@code vehicle.warnings}. */
public enum Severity implements StateValue {
    LOW, MEDIUM, HIGH;
}
