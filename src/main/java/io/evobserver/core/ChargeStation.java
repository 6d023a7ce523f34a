package io.evobserver.core;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/** A public charging station and its connectors, as a charger network reports it. */
public record ChargeStation(String network, String id, String name, OptionalDouble latitude,
                            OptionalDouble longitude, List<Connector> connectors) {
    public ChargeStation {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(id, "id");
        name = Objects.requireNonNullElse(name, id);
        latitude = inRange(latitude, 90);
        longitude = inRange(longitude, 180);
        connectors = List.copyOf(connectors);
    }

    private static OptionalDouble inRange(OptionalDouble v, double limit) {
        if (v == null || v.isEmpty()) {
            return OptionalDouble.empty();
        }
        double d = v.getAsDouble();
        return Double.isFinite(d) && Math.abs(d) <= limit ? v : OptionalDouble.empty();
    }
}
