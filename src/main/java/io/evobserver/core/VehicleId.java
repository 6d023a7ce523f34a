package io.evobserver.core;

import java.util.Objects;
import java.util.Optional;

/** Who a vehicle is: the attributes on every one of its points. */
public record VehicleId(String vin, String brand, Optional<String> model, Optional<String> name) {
    public VehicleId {
        Objects.requireNonNull(vin, "vin");
        Objects.requireNonNull(brand, "brand");
        model = Objects.requireNonNullElse(model, Optional.<String>empty()).filter(s -> !s.isBlank());
        name = Objects.requireNonNullElse(name, Optional.<String>empty()).filter(s -> !s.isBlank());
    }

    public static VehicleId of(String vin, String brand) {
        return new VehicleId(vin, brand, Optional.empty(), Optional.empty());
    }

    public VehicleId withModel(String m) {
        return new VehicleId(vin, brand, Optional.ofNullable(m), name);
    }

    public VehicleId withName(String n) {
        return new VehicleId(vin, brand, model, Optional.ofNullable(n));
    }
}
