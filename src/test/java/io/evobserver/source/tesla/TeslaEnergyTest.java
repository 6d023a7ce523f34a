package io.evobserver.source.tesla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.evobserver.core.EVMetricData;
import io.evobserver.core.EnergyReading;
import io.evobserver.core.EnergySite;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.Signal;
import io.evobserver.testing.StubServer.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeslaEnergyTest {

    static final String SITE = "2252100000000042";
    static final String LIVE = "/api/1/energy_sites/" + SITE + "/live_status";
    static final String PRODUCTS = "/api/1/products";

    @TempDir
    Path dir;
    @AutoClose
    TeslaRig rig;

    @BeforeEach
    void setUp() {
        rig = new TeslaRig(dir);
        rig.tokens(Duration.ofHours(8));
        rig.stub.on("GET", PRODUCTS).respondAlways(Response.fixture(200, "tesla/products_vehicle_and_energy.json"));
    }

    private EVMetricData step(TeslaFetcher fetcher) throws Exception {
        EVMetricData data = fetcher.refresh();
        rig.clock.advance(fetcher.nextInterval(data, PollingPolicy.DEFAULT));
        return data;
    }

    @Test
    void liveStatusIsMappedToKilowattsAndPercentWithTheBearerToken() throws Exception {
        rig.stub.on("GET", LIVE).respondAlways(Response.fixture(200, "tesla/live_status.json"));
        EVMetricData data = rig.fetcher(rig.config().withEnergy(true)).refresh();

        assertThat(data.vehicles()).hasSize(1);
        assertThat(data.energySites()).hasSize(1); // the lone Wall Connector (all-false components) is skipped
        EnergySite site = data.energySites().get(0);
        assertThat(site.id()).isEqualTo(SITE); // 16 digits survive (no double in between)
        assertThat(site.vendor()).isEqualTo("tesla");
        assertThat(site.name()).contains("Home");
        assertThat(site.get(EnergyReading.SOLAR_POWER).getAsDouble()).isCloseTo(0.24, within(1e-9));
        assertThat(site.get(EnergyReading.BATTERY_POWER).getAsDouble()).isCloseTo(1.82, within(1e-9));
        assertThat(site.get(EnergyReading.LOAD_POWER).getAsDouble()).isCloseTo(1.93, within(1e-9));
        assertThat(site.get(EnergyReading.GRID_POWER).getAsDouble()).isCloseTo(-0.13, within(1e-9));
        assertThat(site.get(EnergyReading.BATTERY_LEVEL).getAsDouble()).isCloseTo(60.15, within(1e-9));
        assertThat(site.get(EnergyReading.BATTERY_REMAINING).getAsDouble()).isCloseTo(8.1205, within(1e-9));
        assertThat(site.get(EnergyReading.BATTERY_CAPACITY).getAsDouble()).isCloseTo(13.5, within(1e-9));
        assertThat(site.reportedAt()).contains(Instant.parse("2026-09-14T18:42:10Z"));
        assertThat(rig.stub.requests("GET", LIVE).get(0).headers().get("Authorization"))
                .containsExactly("Bearer " + TeslaRig.APP.accessToken());
    }

    @Test
    void solarOnlySiteHasNoBatteryReadings() {
        EnergySite site = TeslaEnergy.map(new TeslaApi.EnergySiteInfo("7", null, false),
                TeslaMapperTest.response("live_status.json"));
        assertThat(site.readings()).containsOnlyKeys(EnergyReading.SOLAR_POWER, EnergyReading.LOAD_POWER,
                EnergyReading.GRID_POWER);
        assertThat(site.name()).isEmpty();
    }

    @Test
    void sitesArePolledOnceAMinuteWhileTheCarListKeepsItsOwnInterval() throws Exception {
        rig.state = "asleep";
        rig.stub.on("GET", LIVE).respondAlways(Response.fixture(200, "tesla/live_status.json"));
        TeslaFetcher fetcher = rig.fetcher(rig.config().withEnergy(true));

        Instant start = rig.clock.instant();
        for (int i = 0; i < 5; i++) {
            assertThat(step(fetcher).energySites()).hasSize(1);
        }
        // five refreshes a minute apart: five live_status calls, one product listing, one car list
        assertThat(Duration.between(start, rig.clock.instant())).isEqualTo(Duration.ofMinutes(5));
        assertThat(rig.stub.requests("GET", LIVE)).hasSize(5);
        assertThat(rig.stub.requests("GET", PRODUCTS)).hasSize(1);
        assertThat(rig.listCalls()).isEqualTo(1);
        EVMetricData sixth = step(fetcher); // the 5-minute state check is due again
        assertThat(rig.listCalls()).isEqualTo(2);
        assertThat(sixth.vehicles()).hasSize(1);
    }

    @Test
    void aFailingSiteDoesNotFailTheCarsAndKeepsItsLastReadings() throws Exception {
        rig.stub.on("GET", LIVE).respond(Response.fixture(200, "tesla/live_status.json"))
                .respondAlways(Response.json(503, "{\"response\":null,\"error\":\"upstream internal error\"}"));
        TeslaFetcher fetcher = rig.fetcher(rig.config().withEnergy(true));
        step(fetcher);
        rig.clock.advance(Duration.ofMinutes(5)); // the car's list and vehicle_data are due too
        int dataBefore = rig.dataCalls();
        EVMetricData second = fetcher.refresh();

        assertThat(rig.dataCalls()).isEqualTo(dataBefore + 1);
        assertThat(second.vehicles()).singleElement()
                .satisfies(v -> assertThat(v.get(Signal.BATTERY_LEVEL)).isPresent());
        assertThat(second.energySites()).singleElement()
                .satisfies(s -> assertThat(s.get(EnergyReading.LOAD_POWER).getAsDouble()).isCloseTo(1.93,
                        within(1e-9)));
    }

    @Test
    void aMissingEnergyScopeDoesNotFailTheCars() throws Exception {
        rig.stub.on("GET", PRODUCTS).respondAlways(Response.json(403,
                "{\"response\":null,\"error\":\"Unauthorized missing scopes\"}"));
        EVMetricData data = rig.fetcher(rig.config().withEnergy(true)).refresh();
        assertThat(data.vehicles()).hasSize(1);
        assertThat(data.energySites()).isEmpty();
    }

    @Test
    void aRateLimitOnTheSitesBacksOffLikeTheCars() throws Exception {
        rig.stub.on("GET", LIVE).respondAlways(Response.json(429, "{\"error\":\"Too Many Requests\"}")
                .withHeader("Retry-After", "120"));
        TeslaFetcher fetcher = rig.fetcher(rig.config().withEnergy(true));
        assertThatThrownBy(fetcher::refresh).isInstanceOf(FetchException.class)
                .satisfies(e -> assertThat(((FetchException) e).reason()).isEqualTo(Reason.RATE_LIMITED));
        assertThat(fetcher.nextInterval(null, PollingPolicy.DEFAULT)).isGreaterThanOrEqualTo(Duration.ofSeconds(110));
    }

    @Test
    void energyCallsAreChargedAtTheListPrice() throws Exception {
        rig.stub.on("GET", LIVE).respondAlways(Response.fixture(200, "tesla/live_status.json"));
        TeslaConfig c = rig.config();
        TeslaConfig priced = new TeslaConfig(c.api(), c.region(), c.apiBaseUrl(), c.authBaseUrl(), c.tokenBaseUrl(),
                c.clientId(), c.clientSecret(), c.vins(), c.tokenFile(), true, false, 1, c.idle(), c.suspend(),
                c.activeInterval(), c.idleInterval(), c.checkInterval(), c.dataPrice(), c.wakePrice(), 0.0005, true);
        rig.fetcher(priced).refresh();
        assertThat(rig.metrics.costs).contains(TeslaApi.LIVE_STATUS.template(), TeslaApi.PRODUCTS.template());
    }

    @Test
    void withoutTheOptionNoEnergyCallIsMade() throws Exception {
        EVMetricData data = rig.fetcher().refresh();
        assertThat(data.energySites()).isEmpty();
        assertThat(rig.stub.requests("GET", PRODUCTS)).isEmpty();
    }
}
