package io.evobserver.core;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One home energy site as one refresh saw it (a Tesla Powerwall with solar, say). Readings the
 * vendor did not give, or that fall outside {@link EnergyReading}'s range, are absent.
 *
 * @param vendor     {@code tesla}
 * @param id         the vendor's site id (as text: Tesla's ids exceed 2^53)
 * @param reportedAt when the vendor says the readings were taken
 */
public record EnergySite(String vendor, String id, Optional<String> name, Map<EnergyReading, Double> readings,
                         Optional<Instant> reportedAt) {

    public EnergySite {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(id, "id");
        name = Objects.requireNonNullElse(name, Optional.<String>empty()).filter(s -> !s.isBlank());
        EnumMap<EnergyReading, Double> valid = new EnumMap<>(EnergyReading.class);
        if (readings != null) {
            readings.forEach((reading, value) -> {
                if (value != null && reading.accepts(value)) {
                    valid.put(reading, value);
                }
            });
        }
        readings = Collections.unmodifiableMap(valid);
        reportedAt = Objects.requireNonNullElse(reportedAt, Optional.empty());
    }

    public OptionalDouble get(EnergyReading reading) {
        Double v = readings.get(reading);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
