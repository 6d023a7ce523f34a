package io.evobserver.source.volvo;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.auth.OAuthClient;
import io.evobserver.auth.TokenProvider;
import io.evobserver.auth.TokenStore;
import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.SelfMetrics;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleState;
import io.evobserver.http.JsonHttpClient;
import io.evobserver.http.RefreshGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Polls Volvo's Connected Vehicle v2, Energy v2 and Location v1 APIs for the cars of one Volvo ID.
 *
 * <p>Each refresh calls only the endpoints that are due ({@link VolvoSchedule}: fast ones every
 * minute while a car drives or charges, slow ones hourly, all within the rolling-minute cap), keeps
 * the last answer of every endpoint, and maps all kept answers, so every snapshot is complete.
 *
 * <p>Failures: 429, auth and network failures end the refresh (the instrumentor backs off, at least
 * as long as Volvo asked). A 5xx or unreadable answer from one endpoint only delays that endpoint
 * (its last readings stay) unless nothing else answered. 404 and 403 mean the car or the granted
 * scopes do not cover the endpoint: it is skipped for a day, then tried again.
 */
public final class VolvoFetcher extends AbstractVehicleFetcher {

    private static final Logger LOG = Logger.getLogger(VolvoFetcher.class.getName());
    static final String SOURCE = "volvo";
    /** Refresh tokens lapse after 7 unused days; refreshing daily keeps the grant alive with room to spare. */
    static final Duration PROACTIVE_REFRESH_AGE = Duration.ofDays(1);
    static final Duration UNSUPPORTED_RETRY = Duration.ofHours(24);
    static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    static final Duration MAX_INTERVAL = Duration.ofMinutes(15);
    private static final Duration FIRST_ENDPOINT_BACKOFF = Duration.ofSeconds(30);

    /** What is kept per car between refreshes. */
    private static final class Car {
        final String vin;
        final EnumMap<VolvoEndpoint, JsonNode> latest = new EnumMap<>(VolvoEndpoint.class);
        final EnumMap<VolvoEndpoint, Instant> fetchedAt = new EnumMap<>(VolvoEndpoint.class);
        final EnumMap<VolvoEndpoint, Instant> notBefore = new EnumMap<>(VolvoEndpoint.class);
        final EnumMap<VolvoEndpoint, Integer> failures = new EnumMap<>(VolvoEndpoint.class);
        boolean active;

        Car(String vin) {
            this.vin = vin;
        }
    }

    private final VolvoConfig config;
    private final VolvoApi api;
    private final TokenProvider tokens;
    private final RefreshGuard guard;
    private final VolvoSchedule schedule;
    private final VolvoMapper mapper = new VolvoMapper();
    private final Map<String, Car> cars = new LinkedHashMap<>();
    private final Set<String> logged = new HashSet<>();
    private Instant listedAt;
    private Set<String> lastGranted;

    /** The production wiring: token file, Volvo ID token endpoint with HTTP Basic, API client. */
    public VolvoFetcher(VolvoConfig config, SelfMetrics selfMetrics, Clock clock) {
        this(config, tokenProvider(config, selfMetrics, clock), selfMetrics, clock);
    }

    VolvoFetcher(VolvoConfig config, TokenProvider tokens, SelfMetrics selfMetrics, Clock clock) {
        super(SOURCE);
        this.config = Objects.requireNonNull(config, "config");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.guard = new RefreshGuard(SOURCE, VolvoApi.DEFAULT_RATE_LIMIT_WAIT, selfMetrics, clock);
        JsonHttpClient http = VolvoApi.client(config, selfMetrics, clock);
        this.api = new VolvoApi(http, tokens);
        this.schedule = new VolvoSchedule(clock, config.requestsPerMinute(), java.util.Optional.empty());
    }

    /** The Volvo ID OAuth client: code exchange and refresh with the client secret as HTTP Basic. */
    public static OAuthClient oauthClient(VolvoConfig config, SelfMetrics selfMetrics, Clock clock) {
        return OAuthClient.builder(SOURCE, config.tokenEndpoint(), config.clientId())
                .clientSecret(config.clientSecret(), OAuthClient.ClientAuthentication.BASIC)
                .selfMetrics(selfMetrics)
                .clock(clock)
                .build();
    }

    static TokenProvider tokenProvider(VolvoConfig config, SelfMetrics selfMetrics, Clock clock) {
        OAuthClient oauth = oauthClient(config, selfMetrics, clock);
        return new TokenProvider(new TokenStore(SOURCE, config.tokenFile()), oauth::refresh, clock);
    }

    @Override
    public EVMetricData refresh() throws FetchException, InterruptedException {
        Instant now = guard.begin();
        keepGrantAlive();
        listVehiclesIfDue(now);
        Set<String> granted = grantedScopes();
        lastGranted = granted;

        int answered = 0;
        List<FetchException> isolated = new ArrayList<>();
        for (VolvoEndpoint endpoint : VolvoEndpoint.values()) {
            for (Car car : cars.values()) {
                if (!wanted(endpoint, car, granted) || !due(endpoint, car, now) || !schedule.tryAcquire()) {
                    continue;
                }
                try {
                    VolvoApi.Answer answer = api.get(endpoint, car.vin);
                    car.failures.remove(endpoint);
                    if (answer.supported()) {
                        car.latest.put(endpoint, answer.json());
                        car.fetchedAt.put(endpoint, now);
                        car.notBefore.remove(endpoint);
                        answered++;
                    } else {
                        unsupported(car, endpoint, answer.status(), now);
                    }
                } catch (FetchException e) {
                    if (e.reason() == Reason.RATE_LIMITED) {
                        throw new FetchException(Reason.RATE_LIMITED, e.getMessage(), guard.record(e, now).orElseThrow(),
                                null);
                    }
                    if (e.reason() != Reason.UNAVAILABLE && e.reason() != Reason.PARSE) {
                        throw e; // auth, network: the next endpoint would fail the same way
                    }
                    int failures = car.failures.merge(endpoint, 1, Integer::sum);
                    car.notBefore.put(endpoint, now.plus(endpointBackoff(endpoint, failures)));
                    isolated.add(e);
                }
            }
        }
        if (answered == 0 && !isolated.isEmpty()) {
            throw isolated.get(0);
        }
        for (FetchException e : isolated) {
            // the refresh as a whole succeeds, so the instrumentor will not count these
            guard.survived(e);
            LOG.warning(() -> "volvo: " + e.getMessage() + "; keeping the previous readings of that endpoint");
        }
        List<Vehicle> vehicles = new ArrayList<>();
        for (Car car : cars.values()) {
            Vehicle vehicle = mapper.map(car.vin, car.latest);
            car.active = vehicle.state().map(VehicleState::isActive).orElse(false);
            vehicles.add(vehicle);
        }
        return EVMetricData.ofVehicles(SOURCE, now, vehicles);
    }

    /** Time until the next endpoint is due (or the rolling window frees up), within 10 s and 15 min. */
    @Override
    public Duration nextInterval(EVMetricData latest, PollingPolicy policy) {
        schedule.fixed(policy.fixed());
        Instant now = guard.now();
        Set<String> granted = lastGranted; // no token call from here: it may refresh
        Instant next = null;
        for (Car car : cars.values()) {
            for (VolvoEndpoint endpoint : VolvoEndpoint.values()) {
                if (wanted(endpoint, car, granted)) {
                    Instant at = dueAt(endpoint, car);
                    next = next == null || at.isBefore(next) ? at : next;
                }
            }
        }
        if (next == null) {
            next = listedAt == null ? now : listedAt.plus(VolvoEndpoint.VEHICLES_INTERVAL);
        }
        if (!next.isAfter(now)) {
            next = schedule.windowFreeAt(); // overdue: deferred by the request cap
        }
        Duration wait = Duration.between(now, next);
        return wait.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : wait.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : wait;
    }

    // ---- steps -----------------------------------------------------------------------------------

    /**
     * Refreshes the grant when it was last refreshed a day ago, even while the cars give nothing to
     * poll, so the 7-day refresh-token lapse never hits a running daemon. A token endpoint that is
     * down now is no reason to skip polling with the access token we have.
     */
    private void keepGrantAlive() throws FetchException {
        try {
            tokens.refreshIfOlderThan(PROACTIVE_REFRESH_AGE);
        } catch (LoginRequiredException e) {
            throw e;
        } catch (FetchException e) {
            LOG.warning(() -> "volvo: proactive token refresh failed (" + e.reason().label() + "): " + e.getMessage()
                    + "; trying again on the next refresh");
        }
    }

    private void listVehiclesIfDue(Instant now) throws FetchException {
        if (listedAt != null && now.isBefore(listedAt.plus(VolvoEndpoint.VEHICLES_INTERVAL))) {
            return;
        }
        if (!schedule.tryAcquire()) {
            if (listedAt == null) {
                throw new FetchException(Reason.RATE_LIMITED, "volvo: request budget of this minute used up",
                        Duration.between(now, schedule.windowFreeAt()), null);
            }
            return;
        }
        List<String> vins;
        try {
            vins = api.vehicles();
        } catch (FetchException e) {
            if (listedAt == null || e.reason() == Reason.RATE_LIMITED || e.reason() == Reason.AUTH) {
                guard.record(e, now);
                throw e;
            }
            LOG.warning(() -> "volvo: could not list the vehicles again (" + e.getMessage() + "); keeping the known ones");
            return;
        }
        listedAt = now;
        List<String> selected = select(vins);
        Map<String, Car> kept = new LinkedHashMap<>();
        for (String vin : selected) {
            if (!owns(vin)) {
                continue; // another instance's car (--shard): not one call for it here
            }
            kept.put(vin, cars.containsKey(vin) ? cars.get(vin) : new Car(vin));
        }
        cars.clear();
        cars.putAll(kept);
        if (cars.isEmpty()) {
            LOG.warning(() -> "volvo: the account has " + vins.size() + " vehicle(s) but none matches --vin");
        }
    }

    private List<String> select(List<String> vins) {
        if (config.vins().isEmpty()) {
            return vins;
        }
        List<String> selected = new ArrayList<>();
        for (String vin : vins) {
            if (config.vins().stream().anyMatch(v -> v.equalsIgnoreCase(vin))) {
                selected.add(vin);
            }
        }
        for (String wanted : config.vins()) {
            if (vins.stream().noneMatch(wanted::equalsIgnoreCase) && logged.add("missing " + wanted)) {
                LOG.warning(() -> "volvo: --vin " + wanted + " is not linked to this Volvo ID; skipped");
            }
        }
        return selected;
    }

    /** The scopes the token was granted, or null when the token endpoint did not say (then try all). */
    private Set<String> grantedScopes() throws FetchException {
        String scope = tokens.tokens().scope();
        return scope == null || scope.isBlank() ? null : new HashSet<>(Arrays.asList(scope.trim().split("\\s+")));
    }

    private boolean wanted(VolvoEndpoint endpoint, Car car, Set<String> granted) {
        if (endpoint == VolvoEndpoint.LOCATION && !config.location()) {
            return false;
        }
        if (granted != null && endpoint.scopes().stream().noneMatch(granted::contains)) {
            return false; // logged in without this scope: do not spend a call on a 403
        }
        VolvoMapper.Drivetrain drivetrain = VolvoMapper.drivetrain(car.latest.get(VolvoEndpoint.DETAILS));
        return endpoint.appliesTo(drivetrain);
    }

    private boolean due(VolvoEndpoint endpoint, Car car, Instant now) {
        return !dueAt(endpoint, car).isAfter(now);
    }

    private Instant dueAt(VolvoEndpoint endpoint, Car car) {
        Instant last = car.fetchedAt.get(endpoint);
        Instant due = last == null ? Instant.MIN
                : last.plus(schedule.interval(endpoint, car.active, cars.size(), config.location()));
        Instant notBefore = car.notBefore.get(endpoint);
        return notBefore != null && notBefore.isAfter(due) ? notBefore : due;
    }

    private void unsupported(Car car, VolvoEndpoint endpoint, int status, Instant now) {
        car.latest.remove(endpoint);
        car.notBefore.put(endpoint, now.plus(UNSUPPORTED_RETRY));
        if (logged.add(status + " " + endpoint + " " + car.vin)) {
            String why = status == 403
                    ? "the login did not grant its scope " + endpoint.scopes() + " (log in again to add it)"
                    : "this car does not support it";
            LOG.info(() -> "volvo: " + endpoint.template() + " answered " + status + ": " + why
                    + "; trying again in 24 h");
        }
    }

    /** 30 s, 1 min, 2 min ... but never beyond the endpoint's own idle interval. */
    private static Duration endpointBackoff(VolvoEndpoint endpoint, int failures) {
        Duration wait = FIRST_ENDPOINT_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 10));
        return wait.compareTo(endpoint.idleInterval()) > 0 ? endpoint.idleInterval() : wait;
    }

    @Override
    public String toString() {
        return "VolvoFetcher[" + config + "]";
    }
}
