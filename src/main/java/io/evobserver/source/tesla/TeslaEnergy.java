package io.evobserver.source.tesla;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.core.EnergyReading;
import io.evobserver.core.EnergySite;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.LoginRequiredException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Powerwall / solar sites ({@code --tesla-energy}): {@code live_status} at most once a minute
 * (sites never sleep; Home Assistant polls every 60 s and Teslemetry allows one update a minute),
 * the site list from {@code /api/1/products} every six hours. A failing site call keeps the last
 * readings and never fails the cars' refresh; only a rate limit or a lost login is passed on.
 */
final class TeslaEnergy {

    private static final Logger LOG = Logger.getLogger(TeslaEnergy.class.getName());
    static final Duration INTERVAL = Duration.ofMinutes(1);
    static final Duration DISCOVERY_INTERVAL = Duration.ofHours(6);

    private final TeslaApi api;
    private List<TeslaApi.EnergySiteInfo> sites = List.of();
    private final Map<String, EnergySite> latest = new LinkedHashMap<>();
    private Instant discoveredAt;
    private Instant nextDueAt;

    TeslaEnergy(TeslaApi api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    /** When live_status is next due; null before the first poll. */
    Instant nextDueAt() {
        return nextDueAt;
    }

    boolean due(Instant now) {
        return nextDueAt == null || !now.isBefore(nextDueAt);
    }

    /** Polls the sites when due; returns the readings to show (the last ones when not due or failing). */
    List<EnergySite> refreshIfDue(Instant now) throws FetchException {
        if (!due(now)) {
            return List.copyOf(latest.values());
        }
        nextDueAt = now.plus(INTERVAL);
        try {
            if (discoveredAt == null || !now.isBefore(discoveredAt.plus(DISCOVERY_INTERVAL))) {
                sites = api.energySites();
                discoveredAt = now;
                latest.keySet().retainAll(sites.stream().map(TeslaApi.EnergySiteInfo::id).toList());
            }
            for (TeslaApi.EnergySiteInfo site : sites) {
                latest.put(site.id(), map(site, api.liveStatus(site.id())));
            }
        } catch (LoginRequiredException e) {
            throw e;
        } catch (FetchException e) {
            if (e.reason() == Reason.RATE_LIMITED) {
                throw e; // the account's limit is shared with the cars
            }
            // a missing energy_device_data scope (403) lands here too: the cars keep working
            LOG.warning(() -> "tesla energy: " + e.getMessage() + "; keeping the last readings");
        }
        return List.copyOf(latest.values());
    }

    /** {@code live_status} (W, Wh) to canonical readings (kW, kWh). */
    static EnergySite map(TeslaApi.EnergySiteInfo site, JsonNode status) {
        Map<EnergyReading, Double> r = new EnumMap<>(EnergyReading.class);
        put(r, EnergyReading.SOLAR_POWER, kilo(TeslaMapper.number(status, "solar_power")));
        put(r, EnergyReading.LOAD_POWER, kilo(TeslaMapper.number(status, "load_power")));
        put(r, EnergyReading.GRID_POWER, kilo(TeslaMapper.number(status, "grid_power")));
        if (site.battery()) {
            // solar-only sites send 0 % and placeholder energies: only a battery site has these
            put(r, EnergyReading.BATTERY_POWER, kilo(TeslaMapper.number(status, "battery_power")));
            put(r, EnergyReading.BATTERY_LEVEL, TeslaMapper.number(status, "percentage_charged"));
            put(r, EnergyReading.BATTERY_REMAINING, kilo(TeslaMapper.number(status, "energy_left")));
            put(r, EnergyReading.BATTERY_CAPACITY, kilo(TeslaMapper.number(status, "total_pack_energy")));
        }
        Instant at = null;
        String ts = TeslaMapper.text(status, "timestamp");
        if (ts != null) {
            try {
                at = OffsetDateTime.parse(ts).toInstant();
            } catch (DateTimeParseException e) {
                at = null; // a reading without its time is still a reading
            }
        }
        return new EnergySite(TeslaMapper.BRAND, site.id(), Optional.ofNullable(site.name()), r,
                Optional.ofNullable(at));
    }

    private static void put(Map<EnergyReading, Double> readings, EnergyReading reading, Double value) {
        if (value != null) {
            readings.put(reading, value);
        }
    }

    private static Double kilo(Double value) {
        return value == null ? null : value / 1000.0;
    }
}
