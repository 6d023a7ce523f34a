package io.evobserver.source.bmw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.evobserver.auth.OAuthClient;
import io.evobserver.auth.OAuthTokens;
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
import io.evobserver.core.VehicleId;
import io.evobserver.core.VehicleState;
import io.evobserver.http.BaseUrl;
import io.evobserver.http.JsonHttpClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.logging.Logger;

/**
 * BMW CarData: REST snapshots paid from a hard daily budget, optionally merged with the MQTT
 * stream, which costs nothing.
 *
 * <p>Plan: the VIN list (the mappings call, skipped with {@code --vin}) and the container (reused
 * from the token file, else found by name and purpose, else created) once; then one
 * {@code telematicData} call per car every {@value #PARKED_MINUTES} minutes while parked and every
 * {@value #ACTIVE_MINUTES} minutes while charging or driving, as far as {@link BmwCallBudget}
 * allows; static {@code basicData} (model, capacity) only while the budget is comfortable. A
 * {@code CU-429} answer stops REST calls until the next UTC midnight. A failed call is not retried
 * sooner than {@link #MIN_RETRY}, so an outage cannot eat the quota.
 */
public final class BmwFetcher extends AbstractVehicleFetcher {

    private static final Logger LOG = Logger.getLogger(BmwFetcher.class.getName());
    static final long PARKED_MINUTES = 60;
    static final long ACTIVE_MINUTES = 25;
    static final Duration PARKED_INTERVAL = Duration.ofMinutes(PARKED_MINUTES);
    static final Duration ACTIVE_INTERVAL = Duration.ofMinutes(ACTIVE_MINUTES);
    static final Duration MIN_RETRY = Duration.ofMinutes(5);
    /** How often the merged snapshot is republished while the stream runs (costs no REST call). */
    static final Duration STREAM_TICK = Duration.ofSeconds(30);
    /** The access token lives 1 h: refresh 5 min early. The refresh token lapses after 14 days unused. */
    static final Duration TOKEN_MARGIN = Duration.ofMinutes(5);
    static final Duration TOKEN_MAX_AGE = Duration.ofDays(1);
    /** basicData is nice to have: only fetched while more calls than this are left. */
    static final int BASIC_DATA_RESERVE = 25;
    static final String CONTAINER_NAME = "ev-observer";
    static final String EXTRA_CONTAINER = "cardata_container_id";
    static final String EXTRA_PURPOSE = "cardata_container_purpose";
    static final String EXTRA_CLIENT_ID = "client_id";

    private final BmwConfig config;
    private final SelfMetrics selfMetrics;
    private final Clock clock;
    private final TokenProvider tokens;
    private final BmwCallBudget budget;
    private final BmwApi api;
    private final BmwReadingStore store = new BmwReadingStore();
    private final Map<String, BmwMapper.StaticInfo> info = new LinkedHashMap<>();
    private final String purpose;
    private List<String> vins;
    private String containerId;
    private Instant lastRestPoll;
    private Instant retryNotBefore;
    private FetchException lastFailure;
    private Duration fixedInterval;
    private EVMetricData latest;
    private BmwStream stream;

    public BmwFetcher(BmwConfig config, SelfMetrics selfMetrics, Clock clock) throws LoginRequiredException {
        this(config, selfMetrics, clock, BmwMqttStream.FACTORY);
    }

    /** @param streamFactory starts the MQTT stream when {@code config.stream()}; null for none */
    BmwFetcher(BmwConfig config, SelfMetrics selfMetrics, Clock clock, BmwStream.Factory streamFactory)
            throws LoginRequiredException {
        super(BmwApi.VENDOR);
        this.config = config;
        this.selfMetrics = selfMetrics;
        this.clock = clock;
        TokenStore tokenStore = new TokenStore(BmwApi.VENDOR, config.tokenFile());
        OAuthTokens stored = tokenStore.load().orElseThrow(() ->
                new LoginRequiredException(BmwApi.VENDOR, "no BMW token file at " + config.tokenFile()));
        String clientId = config.clientId() != null ? config.clientId() : stored.extraText(EXTRA_CLIENT_ID)
                .orElseThrow(() -> new LoginRequiredException(BmwApi.VENDOR, "the token file names no CarData client"
                        + " id (give --bmw-client-id, or log in again)"));
        OAuthClient oauth = OAuthClient.builder(BmwApi.VENDOR, tokenEndpoint(config.authBase()), clientId)
                .clock(clock).selfMetrics(selfMetrics).build();
        this.tokens = new TokenProvider(tokenStore, oauth::refresh, clock, TOKEN_MARGIN);
        this.budget = new BmwCallBudget(config.dailyCalls(), clock, config.callLog());
        this.api = new BmwApi(JsonHttpClient.builder(BmwApi.VENDOR, config.apiBase()).selfMetrics(selfMetrics),
                tokens, budget, clock);
        this.purpose = purpose(BmwMapper.CONTAINER_KEYS);
        this.vins = config.vins().isEmpty() ? null : config.vins();
        if (config.stream() && streamFactory != null) {
            this.stream = streamFactory.start(config, tokens, store);
        }
        selfMetrics.budgetRemaining(BmwApi.VENDOR, budget.remaining());
    }

    static URI tokenEndpoint(URI authBase) {
        return BaseUrl.join(authBase, "/gcdm/oauth/token");
    }

    static URI deviceCodeEndpoint(URI authBase) {
        return BaseUrl.join(authBase, "/gcdm/oauth/device/code");
    }

    /** Name and purpose identify our container; the purpose carries a hash of the key list. */
    static String purpose(List<String> keys) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", keys).getBytes(StandardCharsets.UTF_8));
            return "ev-observer metrics (keys " + HexFormat.of().formatHex(hash, 0, 4) + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public EVMetricData refresh() throws FetchException, InterruptedException {
        Instant now = clock.instant();
        boolean due = restDue(now);
        if (!due && latest == null && !streamHasData()) {
            // nothing to publish yet and no call allowed: say why, without spending anything
            Instant next = nextRestAt(now);
            Duration wait = Duration.between(now, next);
            selfMetrics.budgetRemaining(BmwApi.VENDOR, budget.remaining());
            if (lastFailure != null && retryNotBefore != null && !retryNotBefore.isBefore(next)) {
                throw new FetchException(lastFailure.reason(), "bmw: next REST attempt at " + next + " after: "
                        + lastFailure.getMessage(), wait, null);
            }
            throw new FetchException(Reason.RATE_LIMITED, "bmw: no REST call allowed before " + next
                    + " (daily CarData budget, " + budget.remaining() + " of " + budget.limit() + " left in 24 h)",
                    wait, null);
        }
        try {
            if (due) {
                pollRest(now);
            }
        } catch (LoginRequiredException e) {
            throw e;
        } catch (FetchException e) {
            FetchException paced = paced(e, now);
            if (stream == null || !streamHasData()) {
                throw paced;
            }
            // the stream still delivers: count the REST failure and publish what the stream knows
            selfMetrics.refreshError(BmwApi.VENDOR, paced.reason());
            LOG.warning("bmw: REST refresh failed (" + paced.reason().label() + "), stream data only: "
                    + paced.getMessage());
        } finally {
            selfMetrics.budgetRemaining(BmwApi.VENDOR, budget.remaining());
        }
        latest = snapshot(now);
        return latest;
    }

    @Override
    public Duration nextInterval(EVMetricData data, PollingPolicy policy) {
        fixedInterval = policy.fixed().orElse(null);
        Instant now = clock.instant();
        Duration wait = Duration.between(now, nextRestAt(now));
        if (stream != null) {
            wait = wait.compareTo(STREAM_TICK) < 0 ? wait : STREAM_TICK;
        }
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
    }

    /** When the next REST poll may run: the desired spacing, any retry pause, and the budget. */
    Instant nextRestAt(Instant now) {
        Instant at = lastRestPoll == null ? now : lastRestPoll.plus(desiredInterval());
        if (retryNotBefore != null && retryNotBefore.isAfter(at)) {
            at = retryNotBefore;
        }
        Instant budgetAt = budget.nextAvailable(vins == null ? 1 : Math.max(1, vins.size()), now);
        return budgetAt.isAfter(at) ? budgetAt : at;
    }

    private boolean restDue(Instant now) {
        // one second of slack: the scheduler's wake-up is rounded to milliseconds
        return !nextRestAt(now).isAfter(now.plusSeconds(1)) && !budget.nextAvailable(1, now).isAfter(now);
    }

    private Duration desiredInterval() {
        if (fixedInterval != null) {
            return fixedInterval;
        }
        return active() ? ACTIVE_INTERVAL : PARKED_INTERVAL;
    }

    private boolean active() {
        if (latest == null) {
            return false;
        }
        for (Vehicle v : latest.vehicles()) {
            if (v.state().map(VehicleState::isActive).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private void pollRest(Instant now) throws FetchException {
        tokens.refreshIfOlderThan(TOKEN_MAX_AGE);
        if (vins == null) {
            List<String> primary = api.primaryVins();
            if (primary.isEmpty()) {
                throw new FetchException(Reason.AUTH, "bmw: no vehicle is mapped to this BMW ID as PRIMARY user"
                        + " (secondary users get no CarData)");
            }
            vins = primary;
        }
        // another instance's cars (--shard) cost this one nothing of the daily quota
        vins = vins.stream().filter(this::owns).toList();
        ensureContainer();
        int polled = 0;
        for (String vin : vins) {
            JsonNode data;
            try {
                data = api.telematicData(vin, containerId);
            } catch (BmwApi.ContainerGoneException e) {
                forgetContainer();
                throw e;
            } catch (FetchException e) {
                if (polled > 0 && e.reason() == Reason.RATE_LIMITED) {
                    LOG.info("bmw: budget ran out mid-round; the other cars keep their previous data");
                    break;
                }
                throw e;
            }
            store.merge(vin, BmwMapper.readings(data));
            polled++;
        }
        lastRestPoll = now;
        retryNotBefore = null;
        lastFailure = null;
        for (String vin : vins) {
            if (!info.containsKey(vin) && budget.remaining() > BASIC_DATA_RESERVE) {
                info.put(vin, staticInfo(vin));
            }
        }
    }

    private BmwMapper.StaticInfo staticInfo(String vin) {
        try {
            JsonNode basic = api.basicData(vin);
            String brand = basic.path("brand").asText("").toUpperCase(Locale.ROOT).startsWith("MINI") ? "mini" : "bmw";
            String model = basic.path("modelName").asText("");
            OptionalDouble capacity = OptionalDouble.empty();
            try {
                double kwh = Double.parseDouble(basic.path("hvsMaxEnergyAbsolute").asText("").trim());
                if (kwh > 0) {
                    capacity = OptionalDouble.of(kwh);
                }
            } catch (NumberFormatException ignored) {
                // a combustion car has none
            }
            String steering = basic.path("steering").asText("").toUpperCase(Locale.ROOT);
            boolean rhd = steering.contains("RIGHT") || steering.equals("RL") || steering.equals("RHD");
            return new BmwMapper.StaticInfo(model.isBlank() ? Optional.empty() : Optional.of(model), brand, capacity,
                    rhd, BmwSoftwareVersion.of(basic.get("puStep")));
        } catch (FetchException e) {
            LOG.fine(() -> "bmw: basicData not available (" + e.getMessage() + "); exporting without model");
            return BmwMapper.StaticInfo.UNKNOWN;
        }
    }

    private void ensureContainer() throws FetchException {
        if (containerId != null) {
            return;
        }
        OAuthTokens t = tokens.tokens();
        Optional<String> stored = t.extraText(EXTRA_CONTAINER);
        if (stored.isPresent() && t.extraText(EXTRA_PURPOSE).filter(purpose::equals).isPresent()) {
            containerId = stored.get();
            return;
        }
        for (BmwApi.Container c : api.containers()) {
            if (CONTAINER_NAME.equals(c.name()) && purpose.equals(c.purpose()) && "ACTIVE".equalsIgnoreCase(c.state())
                    && !c.id().isEmpty()) {
                containerId = c.id();
                break;
            }
        }
        if (containerId == null) {
            containerId = api.createContainer(CONTAINER_NAME, purpose, BmwMapper.CONTAINER_KEYS);
            LOG.info("bmw: created CarData container for " + BmwMapper.CONTAINER_KEYS.size() + " keys");
        }
        tokens.saveExtra(EXTRA_CONTAINER, TextNode.valueOf(containerId));
        tokens.saveExtra(EXTRA_PURPOSE, TextNode.valueOf(purpose));
    }

    private void forgetContainer() throws FetchException {
        LOG.warning("bmw: the stored CarData container is gone (CU-105); a new one is found or created next time");
        containerId = null;
        tokens.saveExtra(EXTRA_CONTAINER, NullNode.getInstance());
    }

    /** The same failure with a retry no sooner than {@link #MIN_RETRY} (and the quota's reset for CU-429). */
    private FetchException paced(FetchException e, Instant now) {
        Duration wait = e.retryAfter().filter(d -> d.compareTo(MIN_RETRY) > 0).orElse(MIN_RETRY);
        retryNotBefore = now.plus(wait);
        lastFailure = e;
        if (e.retryAfter().isPresent() && e.retryAfter().get().equals(wait)) {
            return e;
        }
        return new FetchException(e.reason(), e.getMessage(), wait, e.getCause());
    }

    private boolean streamHasData() {
        if (vins == null) {
            return false;
        }
        for (String vin : vins) {
            if (store.has(vin)) {
                return true;
            }
        }
        return false;
    }

    private EVMetricData snapshot(Instant now) {
        List<Vehicle> vehicles = new ArrayList<>();
        if (vins != null) {
            for (String vin : vins) {
                Map<String, BmwReading> readings = store.readings(vin);
                if (readings.isEmpty()) {
                    continue;
                }
                BmwMapper.StaticInfo si = info.getOrDefault(vin, BmwMapper.StaticInfo.UNKNOWN);
                VehicleId id = VehicleId.of(vin, si.brand()).withModel(si.model().orElse(null));
                vehicles.add(BmwMapper.toVehicle(id, readings, si, now));
            }
        }
        return EVMetricData.ofVehicles(BmwApi.VENDOR, now, vehicles);
    }

    /** For tests. */
    BmwCallBudget budget() {
        return budget;
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }
}
