package io.evobserver.it;

import static io.evobserver.it.VictoriaMetrics.seriesName;
import static org.assertj.core.api.Assertions.assertThat;

import io.evobserver.testing.StubServer;
import io.evobserver.testing.TempDirs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a vendor source's IT runs the jar against: the vendor cloud, API and sign-in, stubbed on one
 * local server; the account's token file, which the test writes as a login would have left it; and
 * a real VictoriaMetrics that the run exports into and the test reads back.
 *
 * <p>Registered on a static field ({@code @RegisterExtension}), it starts VictoriaMetrics before the
 * class's {@code @BeforeAll} methods, which add the vendor's routes and tokens and run the jar, and
 * stops everything after the class's tests.
 */
final class VendorExportRig implements BeforeAllCallback, AfterAllCallback {

    final StubServer cloud = StubServer.start();
    /** {@code <vendor>-token.json} in a new temp folder; not written yet. */
    final Path tokenFile;
    private VictoriaMetrics vm;

    VendorExportRig(String vendor) {
        this.tokenFile = TempDirs.create(vendor + "-it").resolve(vendor + "-token.json");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        vm = VictoriaMetrics.start();
    }

    VictoriaMetrics vm() {
        return vm;
    }

    /**
     * {@code run --once} of the source {@code sourceArgs} name, against the stubbed cloud with the
     * account's {@link #tokenFile}, exporting into {@link #vm()}; 90 seconds at most.
     */
    EvObserverProcess.Result runOnce(Map<String, String> env, String... sourceArgs)
            throws IOException, InterruptedException {
        String base = cloud.baseUri().toString();
        List<String> args = new ArrayList<>(List.of("run", "--once"));
        args.addAll(Arrays.asList(sourceArgs));
        args.addAll(List.of("--api-base-url", base, "--auth-base-url", base, "--token-file", tokenFile.toString(),
                "--otlp-endpoint", vm.otlpEndpoint()));
        return EvObserverProcess.run(Duration.ofSeconds(90), env, args.toArray(String[]::new));
    }

    /**
     * Asserts that the car's battery level arrived, labelled with the {@code brand}, and that its
     * details series names the {@code model}.
     */
    void assertCarArrived(String vin, String brand, String model, double batteryPercent)
            throws IOException, InterruptedException {
        String car = "{vehicle_vin=\"" + vin + "\"}";
        assertThat(vm.label(seriesName("vehicle.battery.level") + car, "vehicle_brand")).isEqualTo(brand);
        assertThat(vm.label("vehicle_details" + car, "vehicle_model")).isEqualTo(model);
        assertThat(vm.singleValue(seriesName("vehicle.battery.level") + car)).isEqualTo(batteryPercent);
    }

    /**
     * Asserts that the car's state set {@code metric} (a series a state, 1 for the current one)
     * says {@code state}, and no other state.
     */
    void assertState(String vin, String metric, String state) throws IOException, InterruptedException {
        String car = "{vehicle_vin=\"" + vin + "\"";
        assertThat(vm.singleValue(seriesName(metric) + car + ",state=\"" + state + "\"}")).as(metric).isEqualTo(1);
        assertThat(vm.singleValue("sum(" + seriesName(metric) + car + "})")).as(metric + " states").isEqualTo(1);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (vm != null) {
                vm.close();
            }
        } finally {
            cloud.close();
        }
    }
}
