package io.evobserver.telemetry;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class MetricCatalogueTest {

    /** The design's catalogue, shipped beside the repository; checked when it is there. */
    private static final Path METRICS_MD = Paths.get("../shared/design/METRICS.md");

    @Test
    void namesAreUniqueAndValidOpenTelemetryInstrumentNames() {
        Set<String> names = new HashSet<>();
        for (MetricDefinition d : MetricCatalogue.ALL) {
            assertThat(names.add(d.name())).as("duplicate " + d.name()).isTrue();
            assertThat(d.name()).matches("[a-z][a-z0-9_.]{0,254}");
            assertThat(d.description()).isNotBlank();
        }
    }

    @Test
    void everyMetricOfTheDesignCatalogueIsInTheTable() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(METRICS_MD), "shared/design not beside the repo");
        Set<String> designed = new LinkedHashSet<>();
        Matcher m = Pattern.compile("^\\| `([a-z_]+\\.[a-z_.]+)`(?: / `\\.([a-z_]+)`)?", Pattern.MULTILINE)
                .matcher(Files.readString(METRICS_MD));
        while (m.find()) {
            designed.add(m.group(1));
            if (m.group(2) != null) {
                designed.add(m.group(1).substring(0, m.group(1).lastIndexOf('.') + 1) + m.group(2));
            }
        }
        designed.removeIf(n -> n.startsWith("vehicle.vin") || n.startsWith("vehicle.brand")
                || n.startsWith("vehicle.model") || n.startsWith("vehicle.name"));
        assertThat(designed).hasSizeGreaterThan(40);
        Set<String> ours = new HashSet<>();
        MetricCatalogue.ALL.forEach(d -> ours.add(d.name()));
        assertThat(ours).containsAll(designed);
    }

    @Test
    void prometheusNamesMatchWhatBackendsStore() {
        // the names VictoriaMetrics (-opentelemetry.usePrometheusNaming) stored in the demo IT
        assertThat(MetricCatalogue.byName("vehicle.battery.level").prometheusName())
                .isEqualTo("vehicle_battery_level_percent");
        assertThat(MetricCatalogue.byName("vehicle.speed").prometheusName()).isEqualTo("vehicle_speed_km_per_hour");
        assertThat(MetricCatalogue.byName("vehicle.state").prometheusName()).isEqualTo("vehicle_state_ratio");
        assertThat(MetricCatalogue.byName("vehicle.warning.count").prometheusName())
                .isEqualTo("vehicle_warning_count");
        assertThat(MetricCatalogue.byName("vehicle.climate.inside_temperature").prometheusName())
                .isEqualTo("vehicle_climate_inside_temperature_celsius");
        assertThat(MetricCatalogue.byName("ev_observer.api.requests").prometheusName())
                .isEqualTo("ev_observer_api_requests_total");
    }
}
