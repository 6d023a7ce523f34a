package io.evobserver.telemetry;

import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
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
        // renamed so the name is the same on every backend (docs/metrics.md): a gauge ending in
        // _total or _count loses or breaks that suffix on some paths
        Map<String, String> renamed = Map.of("vehicle.range.total", "vehicle.range.combined",
                "vehicle.warning.count", "vehicle.warnings",
                "ev_observer.refresh.last_success", "ev_observer.refresh.last_success_timestamp");
        Set<String> ours = new HashSet<>();
        MetricCatalogue.ALL.forEach(d -> ours.add(d.name()));
        assertThat(ours).containsAll(designed.stream().map(n -> renamed.getOrDefault(n, n)).toList());
    }

    @Test
    void prometheusNamesMatchWhatBackendsStore() {
        // the names VictoriaMetrics (-opentelemetry.usePrometheusNaming) stored in the demo IT
        assertThat(MetricCatalogue.byName("vehicle.battery.level").prometheusName())
                .isEqualTo("vehicle_battery_level_percent");
        assertThat(MetricCatalogue.byName("vehicle.speed").prometheusName()).isEqualTo("vehicle_speed_km_per_hour");
        assertThat(MetricCatalogue.byName("vehicle.state").prometheusName()).isEqualTo("vehicle_state");
        assertThat(MetricCatalogue.byName("vehicle.warnings").prometheusName()).isEqualTo("vehicle_warnings");
        assertThat(MetricCatalogue.byName("vehicle.climate.inside_temperature").prometheusName())
                .isEqualTo("vehicle_climate_inside_temperature_celsius");
        assertThat(MetricCatalogue.byName("ev_observer.api.requests").prometheusName())
                .isEqualTo("ev_observer_api_requests_total");
        assertThat(MetricCatalogue.byName("ev_observer.refresh.last_success_timestamp").prometheusName())
                .isEqualTo("ev_observer_refresh_last_success_timestamp_seconds");
        // what the translators do with units this catalogue avoids
        assertThat(PrometheusNaming.metricName("a.flag", "1", MetricDefinition.Kind.GAUGE)).isEqualTo("a_flag_ratio");
        assertThat(PrometheusNaming.metricName("a.power", "kW", MetricDefinition.Kind.GAUGE)).isEqualTo("a_power_kW");
        assertThat(PrometheusNaming.metricName("a.seconds.left", "s", MetricDefinition.Kind.GAUGE))
                .isEqualTo("a_seconds_left");
    }

    @Test
    void everyMetricFollowsTheNamingRule() {
        for (MetricDefinition d : MetricCatalogue.ALL) {
            assertThat(PrometheusNaming.ruleViolations(d.name(), d.unit(), d.kind())).as(d.name()).isEmpty();
            assertThat(d.prometheusName()).as(d.name()).isEqualTo(d.prometheusName().toLowerCase(Locale.ROOT));
        }
        // and the rule catches what the issue found
        assertThat(PrometheusNaming.ruleViolations("vehicle.locked", "1", MetricDefinition.Kind.GAUGE)).isNotEmpty();
        assertThat(PrometheusNaming.ruleViolations("vehicle.power", "kW", MetricDefinition.Kind.GAUGE)).isNotEmpty();
        assertThat(PrometheusNaming.ruleViolations("vehicle.warning.count", "{warning}", MetricDefinition.Kind.GAUGE))
                .isNotEmpty();
        assertThat(PrometheusNaming.ruleViolations("vehicle.info", "{vehicle}", MetricDefinition.Kind.GAUGE))
                .isNotEmpty();
    }

    /**
     * The SDK's own Prometheus exporter (the built-in /metrics endpoint) translates names with its
     * own code; for every catalogue row it must give the name the OTLP translators give.
     */
    @Test
    void theBuiltInEndpointServesTheCatalogueNames() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PrometheusHttpServer server = PrometheusHttpServer.builder().setHost("127.0.0.1").setPort(port).build();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(server).build()) {
            Meter meter = provider.get("test");
            for (MetricDefinition d : MetricCatalogue.ALL) {
                switch (d.kind()) {
                    case GAUGE -> meter.gaugeBuilder(d.name()).setUnit(d.unit()).setDescription(d.description())
                            .build().set(1);
                    case COUNTER -> meter.counterBuilder(d.name()).setUnit(d.unit()).setDescription(d.description())
                            .build().add(1);
                    case HISTOGRAM -> meter.histogramBuilder(d.name()).setUnit(d.unit())
                            .setDescription(d.description()).build().record(1);
                }
            }
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            Set<String> served = new HashSet<>();
            for (String line : r.body().split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    served.add(line.split("[{ ]")[0]);
                }
            }
            for (MetricDefinition d : MetricCatalogue.ALL) {
                String expected = d.kind() == MetricDefinition.Kind.HISTOGRAM ? d.prometheusName() + "_bucket"
                        : d.prometheusName();
                assertThat(served).as(d.name()).contains(expected);
            }
        }
    }
}
