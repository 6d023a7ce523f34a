package io.evobserver.source.tesla;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleState;
import io.evobserver.http.AccessTokenSource;
import io.evobserver.http.RefreshGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Polls Tesla's Fleet API (or the Owner API) without keeping the cars awake.
 *
 * <p>Every refresh starts with the vehicle list, which Tesla answers from its backend without
 * contacting the cars, so it neither wakes a car nor restarts its sleep countdown. Only a car that
 * is {@code online} gets a {@code vehicle_data} call (billed, and it does restart the countdown):
 * every {@code activeInterval} while driving or charging, every {@code idleInterval} while idle.
 * Once a car has been idle for {@code idle} (default 15 min), vehicle_data stops for
 * {@code suspend} (21 min) so the car can fall asleep; after that one more look, and if still idle
 * another pause. Asleep and offline cars keep their last readings with the new state. A car is
 * never woken unless {@code --tesla-wake} is set, and then at most {@code wakesPerDay} times per
 * UTC day, only when asleep (an offline car has no connection), and only when its data is stale.
 */
public final class TeslaFetcher extends AbstractVehicleFetcher {

    private static final Logger LOG = Logger.getLogger(TeslaFetcher.class.getName());
    static final String SOURCE = TeslaAuth.SOURCE;
    static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    /** After wake_up the car takes 10-30 s; look at the list again this soon. */
    static final Duration WAKE_CHECK = Duration.ofSeconds(30);
    /** A wake that did not bring the car online within this is given up (and not repeated at once). */
    static final Duration WAKE_TIMEOUT = Duration.ofMinutes(2);

    /** What is kept per car between refreshes. */
    private static final class Car {
        final String vin;
        Vehicle last;
        Instant dataAt;
        Instant nextDataAt;
        Instant idleSince;
        Instant suspendedUntil;
        Instant wokeAt;
        LocalDate wakeDay;
        int wakesToday;
        boolean online;

        Car(String vin) {
            this.vin = vin;
        }
    }

    private final TeslaConfig config;
    private final TeslaApi api;
    private final RefreshGuard guard;
    private final TeslaMapper mapper = new TeslaMapper();
    private final Map<String, Car> cars = new LinkedHashMap<>();
    private final TeslaEnergy energy;
    /** The cars as the last full refresh left them, and when the cars next need a call. */
    private List<Vehicle> lastVehicles;
    private Instant carsDueAt;

    /** The production wiring: token file, Tesla's token endpoint, API client. */
    public TeslaFetcher(TeslaConfig config, SelfMetrics selfMetrics, Clock clock) {
        this(config, TeslaAuth.tokenProvider(config, selfMetrics, clock), selfMetrics, clock);
    }

    TeslaFetcher(TeslaConfig config, AccessTokenSource tokens, SelfMetrics selfMetrics, Clock clock) {
        super(SOURCE);
        this.config = Objects.requireNonNull(config, "config");
        this.guard = new RefreshGuard(SOURCE, TeslaApi.DEFAULT_RATE_LIMIT_WAIT, selfMetrics, clock);
        this.api = new TeslaApi(config, tokens, selfMetrics, clock);
        this.energy = config.energy() ? new TeslaEnergy(api) : null;
    }

    @Override
    public EVMetricData refresh() throws FetchException, InterruptedException {
        Instant now = guard.begin();
        if (energy != null && lastVehicles != null && carsDueAt != null && now.isBefore(carsDueAt)) {
            // only the energy sites are due (once a minute): the car list is not read again
            return withEnergy(EVMetricData.ofVehicles(SOURCE, now, lastVehicles), now);
        }
        List<JsonNode> summaries;
        try {
            summaries = api.vehicles();
        } catch (FetchException e) {
            throw blocked(e, now);
        }
        Map<String, Car> seen = new LinkedHashMap<>();
        Map<String, JsonNode> summaryOf = new LinkedHashMap<>();
        for (JsonNode summary : summaries) {
            String vin = TeslaMapper.text(summary, "vin");
            if (vin != null && selected(vin) && owns(vin)) {
                seen.put(vin, cars.containsKey(vin) ? cars.get(vin) : new Car(vin));
                summaryOf.put(vin, summary);
            }
        }
        cars.clear();
        cars.putAll(seen);

        List<Vehicle> vehicles = new ArrayList<>();
        List<FetchException> isolated = new ArrayList<>();
        int dataCalls = 0;
        for (Car car : cars.values()) {
            JsonNode summary = summaryOf.get(car.vin);
            VehicleState state = TeslaMapper.summaryState(summary);
            car.online = state == VehicleState.ONLINE;
            if (state == VehicleState.ASLEEP || state == VehicleState.OFFLINE) {
                asleep(car, state, summary);
                maybeWake(car, state, now);
            } else if (car.online && dataDue(car, now)) {
                car.wokeAt = null;
                dataCalls++;
                try {
                    fetchData(car, summary, now);
                } catch (FetchException e) {
                    if (e.reason() == Reason.RATE_LIMITED || e.reason() == Reason.AUTH) {
                        throw blocked(e, now);
                    }
                    isolated.add(e); // this car keeps its last readings
                }
            }
            vehicles.add(car.last != null ? car.last : mapper.fromSummary(summary));
        }
        if (dataCalls > 0 && isolated.size() == dataCalls && !isolated.isEmpty()) {
            throw isolated.get(0);
        }
        for (FetchException e : isolated) {
            guard.survived(e);
            LOG.warning(() -> e.getMessage() + "; keeping that car's previous readings");
        }
        lastVehicles = List.copyOf(vehicles);
        carsDueAt = carsNext(now);
        return withEnergy(EVMetricData.ofVehicles(SOURCE, now, vehicles), now);
    }

    /** Adds the energy sites (polled when due); a site failure keeps their last readings, see TeslaEnergy. */
    private EVMetricData withEnergy(EVMetricData data, Instant now) throws FetchException {
        if (energy == null) {
            return data;
        }
        try {
            return data.withEnergySites(energy.refreshIfDue(now));
        } catch (FetchException e) {
            throw blocked(e, now);
        }
    }

    /** The soonest of: a vehicle_data that is due, a check after a wake, the regular state check. */
    @Override
    public Duration nextInterval(EVMetricData latest, PollingPolicy policy) {
        Instant now = guard.now();
        if (policy.fixed().isPresent()) {
            return policy.fixed().get();
        }
        Instant next = carsNext(now);
        if (energy != null && energy.nextDueAt() != null) {
            next = earliest(next, energy.nextDueAt());
        }
        Instant blockedUntil = guard.blockedUntil().orElse(null);
        if (blockedUntil != null && blockedUntil.isAfter(next)) {
            next = blockedUntil;
        }
        Duration wait = Duration.between(now, next);
        return wait.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : wait;
    }

    /** When the cars next need a call: a due vehicle_data, a check after a wake, or the state check. */
    private Instant carsNext(Instant now) {
        Instant next = now.plus(config.checkInterval());
        for (Car car : cars.values()) {
            if (car.online && car.nextDataAt != null && !suspended(car, car.nextDataAt)) {
                next = earliest(next, car.nextDataAt);
            }
            if (car.online && car.nextDataAt == null) {
                next = now; // online but never fetched (e.g. the fetch failed): soon
            }
            if (car.wokeAt != null && !car.online && now.isBefore(car.wokeAt.plus(WAKE_TIMEOUT))) {
                next = earliest(next, now.plus(WAKE_CHECK));
            }
        }
        return next;
    }

    // ---- steps -----------------------------------------------------------------------------------

    private void fetchData(Car car, JsonNode summary, Instant now) throws FetchException {
        TeslaApi.Data data = api.vehicleData(car.vin);
        if (data.asleep()) {
            // fell asleep between the list and this call: billed, but no error
            asleep(car, VehicleState.ASLEEP, summary);
            return;
        }
        Vehicle vehicle = mapper.map(data.response());
        car.last = vehicle;
        car.dataAt = now;
        boolean moving = vehicle.state().map(VehicleState::isActive).orElse(false);
        if (moving || TeslaMapper.keepsAwake(data.response())) {
            car.idleSince = null;
            car.suspendedUntil = null;
            car.nextDataAt = now.plus(moving ? config.activeInterval() : config.idleInterval());
            return;
        }
        if (car.idleSince == null) {
            car.idleSince = now;
        }
        Instant idleEnds = car.idleSince.plus(config.idle());
        if (!now.isBefore(idleEnds)) {
            car.suspendedUntil = now.plus(config.suspend());
            car.nextDataAt = car.suspendedUntil;
            LOG.fine(() -> "tesla: a car has been idle for " + Duration.between(car.idleSince, now).toMinutes()
                    + " min; no vehicle_data for " + config.suspend().toMinutes() + " min so it can sleep");
        } else {
            Instant next = now.plus(config.idleInterval());
            car.nextDataAt = next.isAfter(idleEnds) ? idleEnds : next;
        }
    }

    /** Asleep or offline: the last readings stay (their age grows), with the new state. */
    private void asleep(Car car, VehicleState state, JsonNode summary) {
        car.online = false;
        car.idleSince = null;
        car.suspendedUntil = null;
        car.nextDataAt = null;
        Vehicle base = car.last != null ? car.last : mapper.fromSummary(summary);
        car.last = base.toBuilder().state(state).build();
    }

    private void maybeWake(Car car, VehicleState state, Instant now) throws FetchException {
        if (!config.wake() || state != VehicleState.ASLEEP || config.wakesPerDay() == 0) {
            return; // an offline car has no connection: a wake would be billed and fail
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!today.equals(car.wakeDay)) {
            car.wakeDay = today;
            car.wakesToday = 0;
        }
        Duration spacing = Duration.ofDays(1).dividedBy(config.wakesPerDay());
        boolean stale = car.dataAt == null || !now.isBefore(car.dataAt.plus(spacing));
        boolean recentlyWoken = car.wokeAt != null && now.isBefore(car.wokeAt.plus(spacing));
        if (car.wakesToday >= config.wakesPerDay() || !stale || recentlyWoken) {
            return;
        }
        try {
            api.wakeUp(car.vin);
        } catch (FetchException e) {
            if (e.reason() == Reason.RATE_LIMITED || e.reason() == Reason.AUTH) {
                throw e;
            }
            LOG.warning(() -> "tesla: wake_up failed: " + e.getMessage());
        }
        car.wokeAt = now;
        car.wakesToday++;
        LOG.info(() -> "tesla: sent wake_up (" + car.wakesToday + " of " + config.wakesPerDay() + " today)");
    }

    private boolean dataDue(Car car, Instant now) {
        if (car.suspendedUntil != null && now.isBefore(car.suspendedUntil)) {
            return false;
        }
        return car.nextDataAt == null || !now.isBefore(car.nextDataAt);
    }

    private static boolean suspended(Car car, Instant at) {
        return car.suspendedUntil != null && at.isBefore(car.suspendedUntil);
    }

    private FetchException blocked(FetchException e, Instant now) {
        guard.record(e, now);
        return e;
    }

    private boolean selected(String vin) {
        return config.vins().isEmpty() || config.vins().stream().anyMatch(vin::equalsIgnoreCase);
    }

    private static Instant earliest(Instant a, Instant b) {
        return b.isBefore(a) ? b : a;
    }

    @Override
    public String toString() {
        return "TeslaFetcher[" + config + "]";
    }
}
