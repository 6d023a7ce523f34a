package io.evobserver.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.telemetry.MetricCatalogue;
import io.evobserver.telemetry.MetricDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The whole path against a real backend: the demo fleet exported once over OTLP/HTTP into
 * VictoriaMetrics, then read back through its Prometheus API and compared, series by
 * series, with the normalised snapshot the same seed produces.
 */
class DemoVictoriaMetricsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] DEMO = {"--vehicle", "demo", "--demo-vehicles", "4", "--seed", "7"};
    private static VictoriaMetrics vm;
    private static JsonNode snapshot;
    private static Instant exportedAt;

    @BeforeAll
    static void exportDemoFleet() throws Exception {
        vm = VictoriaMetrics.start();
        EvObserverProcess.Result snap = EvObserverProcess.run(Duration.ofSeconds(60), Map.of(),
                concat(new String[] {"snapshot"}, DEMO));
        assertThat(snap.exitCode()).as(snap.stderr()).isZero();
        snapshot = JSON.readTree(snap.stdout());
        exportedAt = Instant.now();
        EvObserverProcess.Result run = EvObserverProcess.run(Duration.ofSeconds(90), Map.of(),
                concat(new String[] {"run", "--once", "--otlp-endpoint", vm.otlpEndpoint()}, DEMO));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        if (vm != null) {
            vm.close();
        }
    }

    @Test
    void everySnapshotReadingArrivesWithItsNameAttributesAndValue() throws Exception {
        JsonNode vehicles = snapshot.path("sources").get(0).path("vehicles");
        assertThat(vehicles).hasSize(4);
        int compared = 0;
        for (JsonNode v : vehicles) {
            String vin = v.path("vehicle.vin").asText();
            Iterator<Map.Entry<String, JsonNode>> metrics = v.path("metrics").fields();
            while (metrics.hasNext()) {
                Map.Entry<String, JsonNode> m = metrics.next();
                MetricDefinition d = MetricCatalogue.byName(m.getKey());
                JsonNode series = vm.query(d.prometheusName() + "{vehicle_vin=\"" + vin + "\"}");
                assertThat(series).as(d.prometheusName() + " for " + vin).isNotEmpty();
                for (JsonNode s : series) {
                    JsonNode labels = s.path("metric");
                    assertThat(labels.path("vehicle_brand").asText()).isEqualTo("demo");
                    // descriptive attributes live on vehicle_details only
                    if (!d.name().equals("vehicle.details")) {
                        assertThat(labels.has("vehicle_model")).isFalse();
                        assertThat(labels.has("vehicle_name")).isFalse();
                    }
                    assertThat(labels.path("service_name").asText()).isEqualTo("ev-observer");
                }
                JsonNode expected = m.getValue();
                if (d.name().equals("vehicle.data.age")) {
                    assertThat(value(series.get(0))).isBetween(0.0, 60.0);
                } else if (expected.isNumber()) {
                    assertThat(series).hasSize(1);
                    assertThat(value(series.get(0))).as(d.name() + " " + vin)
                            .isCloseTo(expected.asDouble(), within(1e-9));
                } else if (expected.isTextual()) {
                    // a state set: one series per possible state, 1 for the current one
                    assertThat(series.size()).isGreaterThan(1);
                    for (JsonNode s : series) {
                        boolean current = s.path("metric").path("state").asText().equals(expected.asText());
                        assertThat(value(s)).as(d.name() + " " + s.path("metric")).isEqualTo(current ? 1.0 : 0.0);
                    }
                } else {
                    Iterator<Map.Entry<String, JsonNode>> keys = expected.fields();
                    assertThat(series).hasSize(expected.size());
                    while (keys.hasNext()) {
                        Map.Entry<String, JsonNode> k = keys.next();
                        JsonNode match = null;
                        for (JsonNode s : series) {
                            // attributes become labels with dots as underscores (vehicle.software.version)
                            String label = d.attribute().replace('.', '_');
                            if (s.path("metric").path(label).asText().equals(k.getKey())) {
                                match = s;
                            }
                        }
                        assertThat(match).as(d.name() + "{" + d.attribute() + "=" + k.getKey() + "}").isNotNull();
                        assertThat(value(match)).isCloseTo(k.getValue().asDouble(), within(1e-9));
                    }
                }
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(4 * 30);
    }

    @Test
    void theBackendHoldsNoVehicleSeriesTheSnapshotDoesNotHave() throws Exception {
        Set<String> expected = new HashSet<>();
        for (JsonNode v : snapshot.path("sources").get(0).path("vehicles")) {
            v.path("metrics").fieldNames().forEachRemaining(n -> expected.add(MetricCatalogue.byName(n)
                    .prometheusName()));
        }
        // the derive layer's series come from consecutive snapshots, not from one snapshot's readings
        Set<String> derived = new HashSet<>();
        MetricCatalogue.DERIVED.forEach(d -> derived.add(d.prometheusName()));
        Set<String> stored = new HashSet<>();
        for (JsonNode s : vm.query("{vehicle_brand=\"demo\"}")) {
            String name = s.path("metric").path("__name__").asText();
            if (!derived.contains(name)) {
                stored.add(name);
            }
        }
        assertThat(stored).isEqualTo(expected);
    }

    @Test
    void selfMetricsSayWhenTheSourceLastRefreshed() throws Exception {
        JsonNode series = vm.query("ev_observer_refresh_last_success_timestamp_seconds{vendor=\"demo\"}");
        assertThat(series).hasSize(1);
        assertThat(value(series.get(0))).isCloseTo(exportedAt.getEpochSecond(), within(60.0));
    }

    private static double value(JsonNode series) {
        return Double.parseDouble(series.path("value").get(1).asText());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
