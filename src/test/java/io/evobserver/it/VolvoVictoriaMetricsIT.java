package io.evobserver.it;

import static io.evobserver.it.StubbedVolvoCloud.EV;
import static io.evobserver.it.StubbedVolvoCloud.PHEV;
import static io.evobserver.it.VictoriaMetrics.seriesName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code run --vehicle volvo --once} as a real process against a stubbed Volvo cloud (an electric
 * XC40 charging and a plug-in XC90 driving), exported over OTLP into a real VictoriaMetrics and
 * read back through its Prometheus API.
 */
class VolvoVictoriaMetricsIT {

    @RegisterExtension
    static final VendorExportRig rig = new VendorExportRig("volvo");
    private static EvObserverProcess.Result run;

    @BeforeAll
    static void exportOnce() throws Exception {
        StubbedVolvoCloud.serveTwoCars(rig.cloud);
        StubbedVolvoCloud.saveExpiredTokens(rig.tokenFile, "expired-access", "rt-it");

        run = rig.runOnce(
                Map.of("EV_OBSERVER_VOLVO_CLIENT_SECRET", "it-secret", "EV_OBSERVER_VOLVO_API_KEY", "it-api-key"),
                "--vehicle", "volvo", "--volvo-client-id", "it-client");
    }

    @Test
    void runSucceedsAndRefreshedTheTokenWithTheKeyOnEveryCall() throws Exception {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).doesNotContain("it-secret", "it-api-key", "eyJ-access-ONE", "rt-rotating-ONE");
        assertThat(rig.cloud.requests("POST", "/as/token.oauth2")).hasSize(1);
        assertThat(rig.cloud.requests()).filteredOn(r -> r.method().equals("GET")).isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.header("vcc-api-key")).contains("it-api-key");
                    assertThat(r.header("Authorization")).contains("Bearer eyJ-access-ONE");
                });
        assertThat(Files.readString(rig.tokenFile)).contains("rt-rotating-ONE");
    }

    @Test
    void electricCarReadingsArriveWithVehicleAttributes() throws Exception {
        rig.assertCarArrived(EV, "volvo", "XC40", 64.0);
        String ev = "{vehicle_vin=\"" + EV + "\"";
        assertThat(rig.vm().singleValue(seriesName("vehicle.odometer") + ev + "}")).isEqualTo(24817);
        assertThat(rig.vm().singleValue(seriesName("vehicle.range.electric") + ev + "}")).isEqualTo(241);
        assertThat(rig.vm().singleValue(seriesName("vehicle.charging.power") + ev + "}")).isCloseTo(10_840, within(1e-6));
        assertThat(rig.vm().singleValue(seriesName("vehicle.charging.time_remaining") + ev + "}")).isEqualTo(6300);
        assertThat(rig.vm().singleValue(seriesName("vehicle.location.latitude") + ev + "}")).isEqualTo(49.60021);
        assertThat(rig.vm().singleValue(seriesName("vehicle.location.longitude") + ev + "}")).isEqualTo(6.13347);
        assertThat(rig.vm().singleValue(seriesName("vehicle.locked") + ev + "}")).isEqualTo(1);
        assertThat(rig.vm().singleValue(seriesName("vehicle.door.open") + ev + ",door=\"trunk\"}")).isEqualTo(1);
        assertThat(rig.vm().singleValue(seriesName("vehicle.door.open") + ev + ",door=\"front_left\"}")).isZero();
        assertThat(rig.vm().singleValue(seriesName("vehicle.window.open") + ev + ",window=\"front_left\"}")).isEqualTo(1);
        assertThat(rig.vm().singleValue(seriesName("vehicle.warnings") + ev + ",severity=\"high\"}")).isEqualTo(1);
        assertThat(rig.vm().singleValue(seriesName("vehicle.warnings") + ev + ",severity=\"low\"}")).isEqualTo(2);
        rig.assertState(EV, "vehicle.charging.state", "charging");
        rig.assertState(EV, "vehicle.state", "charging");
        assertThat(rig.vm().query(seriesName("vehicle.tire.pressure") + ev + "}")).as("Volvo gives no pressures").isEmpty();
    }

    @Test
    void plugInHybridSkipsFieldsInErrorAndDerivesTotalRange() throws Exception {
        String phev = "{vehicle_vin=\"" + PHEV + "\"";
        assertThat(rig.vm().singleValue(seriesName("vehicle.range.combined") + phev + "}")).isEqualTo(512);
        assertThat(rig.vm().singleValue(seriesName("vehicle.fuel.remaining") + phev + "}")).isEqualTo(41.6);
        assertThat(rig.vm().singleValue(seriesName("vehicle.battery.level") + phev + "}")).isEqualTo(97);
        rig.assertState(PHEV, "vehicle.charging.state", "complete");
        rig.assertState(PHEV, "vehicle.state", "driving");
        assertThat(rig.vm().query(seriesName("vehicle.charging.power") + phev + "}")).as("ERROR field: no series").isEmpty();
        assertThat(rig.vm().query(seriesName("vehicle.location.latitude") + phev + "}")).isEmpty();
    }
}
