package io.evobserver.core;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/** One connector of a public charging station. */
public record Connector(String id, ConnectorState state, OptionalDouble maxPowerKw, Optional<String> plugType) {
    public Connector {
        Objects.requireNonNull(id, "id");
        state = Objects.requireNonNullElse(state, ConnectorState.UNKNOWN);
        maxPowerKw = Objects.requireNonNullElse(maxPowerKw, OptionalDouble.empty());
        if (maxPowerKw.isPresent() && !(Double.isFinite(maxPowerKw.getAsDouble()) && maxPowerKw.getAsDouble() >= 0
                && maxPowerKw.getAsDouble() <= 2_000)) {
            maxPowerKw = OptionalDouble.empty();
        }
        plugType = Objects.requireNonNullElse(plugType, Optional.empty());
    }
}
