package io.evobserver.core;

import java.util.Locale;

/** An enum whose constants are exported as the lower-case {@code state} attribute of a state set. */
public interface StateValue {
    String name();

    default String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
