package io.evobserver.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.evobserver.stack.StackFiles.DATASOURCE_UID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo stack's files as Grafana, the collector and compose would read them: valid,
 * wired to one another, and naming only metrics the catalogue has.
 */
class StackConfigTest {

    @Test
    void everyDashboardIsValidJsonWithItsOwnUidAndTitle() {
        List<Path> files = StackFiles.dashboardFiles();
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                "vehicle-overview.json", "map.json", "charging-sessions.json", "chargy-availability.json",
                "ev-observer-health.json", "trips.json", "charging-history.json", "efficiency.json",
                "battery-health.json", "vampire-drain.json", "software-updates.json");
        assertThat(StackFiles.DERIVED_DASHBOARDS).allSatisfy(name -> assertThat(files).contains(StackFiles.file(
                "grafana/dashboards/" + name)));
        Set<String> uids = new HashSet<>();
        Set<Integer> ids;
        for (Path f : files) {
            JsonNode d = StackFiles.json(f);
            assertThat(d.path("uid").asText()).as(f.toString()).isNotBlank().hasSizeLessThanOrEqualTo(40);
            assertThat(uids.add(d.path("uid").asText())).as("uid unique: " + f).isTrue();
            assertThat(d.path("title").asText()).as(f.toString()).isNotBlank();
            assertThat(d.path("id").isMissingNode() || d.path("id").isNull()).as("no instance id in " + f).isTrue();
            ids = new HashSet<>();
            for (JsonNode p : StackFiles.panels(d)) {
                assertThat(ids.add(p.path("id").asInt())).as("panel id unique in " + f + ": " + p.path("title")).isTrue();
                assertThat(p.path("gridPos").path("w").asInt()).as(p.path("title").asText()).isBetween(1, 24);
            }
        }
    }

    @Test
    void everyPanelTargetAndVariableUsesTheProvisionedDataSource() {
        for (Path f : StackFiles.dashboardFiles()) {
            JsonNode d = StackFiles.json(f);
            for (JsonNode p : StackFiles.panels(d)) {
                if (p.path("type").asText().equals("row")) {
                    continue;
                }
                String where = f.getFileName() + " / " + p.path("title").asText();
                assertThat(p.path("datasource").path("uid").asText()).as(where).isEqualTo(DATASOURCE_UID);
                assertThat(p.path("targets")).as(where).isNotEmpty();
                for (JsonNode t : p.path("targets")) {
                    assertThat(t.path("datasource").path("uid").asText()).as(where).isEqualTo(DATASOURCE_UID);
                    assertThat(t.path("expr").asText()).as(where).isNotBlank();
                }
            }
            for (JsonNode v : d.path("templating").path("list")) {
                if (v.path("type").asText().equals("query")) {
                    assertThat(v.path("datasource").path("uid").asText()).as(f + " $" + v.path("name").asText())
                            .isEqualTo(DATASOURCE_UID);
                }
            }
        }
    }

    @Test
    void everyPanelSetsItsUnit() {
        for (Path f : StackFiles.dashboardFiles()) {
            for (JsonNode p : StackFiles.panels(StackFiles.json(f))) {
                if (!p.path("type").asText().equals("row")) {
                    assertThat(p.path("fieldConfig").path("defaults").path("unit").asText())
                            .as(f.getFileName() + " / " + p.path("title").asText()).isNotBlank();
                }
            }
        }
    }

    @Test
    void theDashboardsTheIssueAsksForHaveTheirPanelsAndVariables() {
        assertThat(variableNames("vehicle-overview.json")).contains("vehicle");
        assertThat(variableNames("charging-sessions.json")).contains("vehicle");
        assertThat(variableNames("map.json")).contains("vehicle", "station");
        assertThat(variableNames("chargy-availability.json")).contains("station");
        assertThat(panelTypes("map.json")).contains("geomap");
        assertThat(panelTypes("vehicle-overview.json")).contains("state-timeline", "stat", "timeseries", "bargauge");
        assertThat(titles("chargy-availability.json")).contains("Fully booked stations", "Per station");
        assertThat(titles("ev-observer-health.json")).contains("API requests by status", "Refresh errors",
                "API cost in range", "Vehicle data age");
        // the derive layer's dashboards (issue 18): every one per vehicle, named from vehicle_details
        for (String derived : StackFiles.DERIVED_DASHBOARDS) {
            assertThat(variableNames(derived)).as(derived).contains("vehicle");
            assertThat(exprs(derived)).as(derived).allSatisfy(e -> assertThat(e).contains("vehicle_vin=~\"$vehicle\""));
            assertThat(exprs(derived)).as(derived).filteredOn(e -> !StackFiles.isBareDetailsSelector(e))
                    .isNotEmpty().allSatisfy(e -> assertThat(e).contains("group_left(vehicle_name) vehicle_details"));
        }
        // the software versions: as a table beside the names, over time, and the updates counted
        assertThat(titles("software-updates.json")).contains("Current software version", "Updates in range",
                "Software version over time");
        assertThat(panelTypes("software-updates.json")).contains("table", "stat", "state-timeline");
        assertThat(String.join("\n", exprs("software-updates.json"))).contains(
                "vehicle_software_details{vehicle_vin=~\"$vehicle\"}",
                "max by (vehicle_vin) (increase(vehicle_software_updates_total{vehicle_vin=~\"$vehicle\"}[$__range]))");
        assertThat(String.join("\n", exprs("trips.json"))).contains("increase(vehicle_trips_total",
                "vehicle_trip_distance_km_total");
        assertThat(String.join("\n", exprs("charging-history.json"))).contains("charging_type",
                "vehicle_charging_cost_total", "vehicle_charging_last_session_energy_added_joules");
        assertThat(String.join("\n", exprs("efficiency.json"))).contains(
                "vehicle_trip_last_efficiency_joules_per_km{vehicle_vin=~\"$vehicle\"} / 3.6");
        assertThat(String.join("\n", exprs("battery-health.json"))).contains("vehicle_battery_capacity_estimated_joules",
                "vehicle_battery_capacity_joules");
        assertThat(String.join("\n", exprs("vampire-drain.json"))).contains("vehicle_idle_drain_percent_per_day",
                "vehicle_idle_energy_drain_joules_per_day");
        // the map's vehicle and station layers read both coordinates of each
        String map = String.join("\n", exprs("map.json"));
        assertThat(map).contains("vehicle_location_latitude_deg", "vehicle_location_longitude_deg",
                "charger_station_location_latitude_deg", "charger_station_location_longitude_deg");
    }

    @Test
    void everyMetricInTheDashboardsAndAlertsIsInTheCatalogue() {
        Set<String> catalogue = StackFiles.cataloguePrometheusNames();
        List<StackFiles.Query> all = new ArrayList<>(StackFiles.dashboardQueries());
        all.addAll(StackFiles.alertQueries());
        for (StackFiles.Variable v : StackFiles.variables()) {
            all.add(new StackFiles.Query(v.dashboard() + " $" + v.name(), v.query()));
        }
        Set<String> used = new LinkedHashSet<>();
        for (StackFiles.Query q : all) {
            Set<String> names = StackFiles.metricNames(q.expr());
            assertThat(names).as(q.where()).isNotEmpty();
            assertThat(catalogue).as(q.where() + ": " + q.expr()).containsAll(names);
            used.addAll(names);
        }
        // the dashboards cover the metrics people look at first
        assertThat(used).contains("vehicle_battery_level_percent", "vehicle_range_electric_km", "vehicle_state",
                "vehicle_charging_state", "vehicle_charging_power_watts", "vehicle_locked",
                "vehicle_door_open", "vehicle_window_open", "vehicle_tire_pressure_bar",
                "vehicle_warnings", "charger_connector_state", "ev_observer_api_requests_total",
                "ev_observer_refresh_errors_total", "ev_observer_api_cost_total", "vehicle_data_age_seconds",
                "vehicle_details", "charger_station_details");
        // and every derived metric has a panel
        assertThat(used).containsAll(StackFiles.cataloguePrometheusNames(io.evobserver.telemetry.MetricCatalogue.DERIVED));
    }

    @Test
    void theNameCheckCatchesAMisspelledMetric() {
        assertThat(StackFiles.metricNames("sum by (vehicle_vin) (vehicle_battery_level{vehicle_name=\"x\"})"))
                .containsExactly("vehicle_battery_level");
        assertThat(StackFiles.cataloguePrometheusNames()).doesNotContain("vehicle_battery_level")
                .contains("ev_observer_api_duration_seconds_bucket");
        assertThat(StackFiles.selectors("rate(ev_observer_api_requests_total{vendor=~\"$v\"}[5m]) / vehicle_speed_km_per_hour"))
                .containsExactly("ev_observer_api_requests_total{vendor=~\"$v\"}", "vehicle_speed_km_per_hour");
    }

    @Test
    void theProvisionedDataSourceIsGreptimeDbsPrometheusApi() {
        JsonNode ds = StackFiles.yaml(StackFiles.file("grafana/provisioning/datasources/greptimedb.yaml"))
                .path("datasources").get(0);
        assertThat(ds.path("uid").asText()).isEqualTo(DATASOURCE_UID);
        assertThat(ds.path("type").asText()).isEqualTo("prometheus");
        assertThat(ds.path("url").asText()).isEqualTo("http://greptimedb:4000/v1/prometheus");
        assertThat(ds.path("jsonData").path("httpHeaderName1").asText()).isEqualToIgnoringCase("x-greptime-db-name");
        assertThat(ds.path("secureJsonData").path("httpHeaderValue1").asText()).isEqualTo("public");

        JsonNode provider = StackFiles.yaml(StackFiles.file("grafana/provisioning/dashboards/ev-observer.yaml"))
                .path("providers").get(0);
        assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
    }

    @Test
    void alertRulesCoverTheIssueAndAreWiredQueryReduceThreshold() {
        List<JsonNode> rules = StackFiles.alertRules();
        assertThat(rules).extracting(r -> r.path("uid").asText()).containsExactlyInAnyOrder("ev-low-battery",
                "ev-charging-stopped", "ev-open-while-parked", "ev-tyre-pressure-low", "ev-vehicle-data-stale",
                "ev-source-not-refreshed", "ev-refresh-errors");
        for (JsonNode r : rules) {
            String uid = r.path("uid").asText();
            Map<String, JsonNode> byRef = new java.util.HashMap<>();
            for (JsonNode data : r.path("data")) {
                byRef.put(data.path("refId").asText(), data);
                assertThat(data.path("model").path("refId").asText()).as(uid).isEqualTo(data.path("refId").asText());
            }
            assertThat(byRef).as(uid).containsKeys("A", "B", "C");
            assertThat(byRef.get("A").path("datasourceUid").asText()).as(uid).isEqualTo(DATASOURCE_UID);
            assertThat(byRef.get("A").path("model").path("instant").asBoolean()).as(uid).isTrue();
            assertThat(byRef.get("B").path("model").path("expression").asText()).isEqualTo("A");
            assertThat(byRef.get("C").path("model").path("type").asText()).isEqualTo("threshold");
            assertThat(byRef.get("C").path("model").path("expression").asText()).isEqualTo("B");
            assertThat(byRef.get(r.path("condition").asText())).as(uid + " condition").isNotNull();
            assertThat(r.path("for").asText()).as(uid).matches("\\d+[smh]");
            assertThat(r.path("noDataState").asText()).isIn("OK", "NoData", "Alerting");
            assertThat(r.path("annotations").path("summary").asText()).as(uid).isNotBlank();
        }
        // a dead ev-observer sends nothing: that rule must fire on no data
        assertThat(rules.stream().filter(r -> r.path("uid").asText().equals("ev-source-not-refreshed")).findFirst()
                .orElseThrow().path("noDataState").asText()).isEqualTo("Alerting");
    }

    @Test
    void collectorPipelinesAreWiredAndExportToGreptimeDbOverHttpProtobuf() {
        JsonNode base = StackFiles.yaml(StackFiles.file("otel-collector.yaml"));
        assertWired(base);
        JsonNode otlp = base.path("receivers").path("otlp").path("protocols");
        assertThat(otlp.path("grpc").path("endpoint").asText()).isEqualTo("0.0.0.0:4317");
        assertThat(otlp.path("http").path("endpoint").asText()).isEqualTo("0.0.0.0:4318");
        JsonNode greptime = base.path("exporters").path("otlphttp/greptimedb");
        assertThat(greptime.path("endpoint").asText()).isEqualTo("http://greptimedb:4000/v1/otlp");
        assertThat(greptime.path("encoding").asText("proto")).isEqualTo("proto");
        assertThat(greptime.path("headers").path("x-greptime-db-name").asText()).isEqualTo("public");
        assertThat(base.path("service").path("pipelines").path("metrics").path("exporters").toString())
                .contains("otlphttp/greptimedb");
        // no gRPC exporter towards GreptimeDB: it has no OTLP/gRPC receiver
        base.path("exporters").fieldNames().forEachRemaining(n -> assertThat(n).startsWith("otlphttp"));

        // lossless relay: the queue is on disk (a volume) and retries never give up on a batch
        assertPersistentQueue(base, "otlphttp/greptimedb");
        assertThat(base.path("service").path("extensions").toString()).contains("file_storage/queue");
        assertThat(base.path("extensions").path("file_storage/queue").path("directory").asText())
                .isEqualTo("/var/lib/otelcol/queue");
        JsonNode compose = StackFiles.yaml(StackFiles.file("docker-compose.yml")).path("services");
        assertThat(compose.path("otel-collector").path("volumes").toString())
                .contains("otel-collector-queue:/var/lib/otelcol/queue");

        // the fan-out file, merged over the base as the collector does with two --config flags
        JsonNode merged = merge(base.deepCopy(), StackFiles.yaml(StackFiles.file("otel-collector.fanout.yaml")));
        assertWired(merged);
        assertThat(merged.path("service").path("pipelines").path("metrics/fanout").path("exporters").toString())
                .contains("otlphttp/victoriametrics");
        assertThat(merged.path("service").path("pipelines").path("metrics").path("exporters").toString())
                .contains("otlphttp/greptimedb");
        assertThat(merged.path("exporters").path("otlphttp/victoriametrics").path("endpoint").asText())
                .endsWith("/opentelemetry");
        assertPersistentQueue(merged, "otlphttp/victoriametrics");
    }

    private static void assertPersistentQueue(JsonNode config, String exporter) {
        JsonNode e = config.path("exporters").path(exporter);
        assertThat(e.path("sending_queue").path("storage").asText()).as(exporter).isEqualTo("file_storage/queue");
        assertThat(e.path("sending_queue").path("queue_size").asInt()).as(exporter).isPositive();
        assertThat(e.path("retry_on_failure").path("enabled").asBoolean(true)).as(exporter).isTrue();
        assertThat(e.path("retry_on_failure").path("max_elapsed_time").asText()).as(exporter + ": retried until taken")
                .isEqualTo("0");
        assertThat(config.path("extensions").has("file_storage/queue")).as(exporter).isTrue();
    }

    @Test
    void composeHasTheFourServicesHealthChecksVolumesAndWiring() {
        JsonNode services = StackFiles.yaml(StackFiles.file("docker-compose.yml")).path("services");
        assertThat(iterable(services.fieldNames())).containsExactlyInAnyOrder("greptimedb", "otel-collector",
                "grafana", "ev-observer", "otel-collector-queue-init");
        for (String s : List.of("greptimedb", "grafana", "ev-observer")) {
            assertThat(services.path(s).path("healthcheck").path("test")).as(s).isNotEmpty();
        }
        assertThat(services.path("greptimedb").path("volumes").toString()).contains("greptimedb-data:/greptimedb_data");
        assertThat(services.path("ev-observer").path("build").asText()).isEqualTo(".");
        assertThat(services.path("ev-observer").path("environment").path("OTEL_EXPORTER_OTLP_ENDPOINT").asText())
                .isEqualTo("http://otel-collector:4318");
        assertThat(services.path("ev-observer").path("volumes").toString())
                .contains("ev-observer-config:/home/evobserver/.config/ev-observer");
        assertThat(services.path("grafana").path("environment").path("GF_AUTH_ANONYMOUS_ORG_ROLE").asText())
                .isEqualTo("Viewer");
        // every file the services mount exists
        for (String s : List.of("greptimedb", "otel-collector", "grafana")) {
            for (JsonNode v : services.path(s).path("volumes")) {
                String source = v.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(StackFiles.file(source.substring(2))).as(s + " mounts " + source).exists();
                }
            }
        }
        // the greptimedb config stores data in the named volume
        assertThat(readString("greptimedb/standalone.toml")).contains("data_home = \"/greptimedb_data\"")
                .contains("addr = \"0.0.0.0:4000\"");
    }

    @Test
    void theEvObserverCommandLinesInComposeParse() {
        List<List<String>> commands = new ArrayList<>();
        commands.add(strings(StackFiles.yaml(StackFiles.file("docker-compose.yml")).path("services")
                .path("ev-observer").path("command")));
        commands.add(strings(StackFiles.yaml(StackFiles.file("docker-compose.real.yml")).path("services")
                .path("ev-observer").path("command")));
        for (List<String> cmd : commands) {
            CommandLine cli = new CommandLine(new Main());
            CommandLine.ParseResult parsed = cli.parseArgs(cmd.toArray(String[]::new));
            assertThat(parsed.subcommand()).as(cmd.toString()).isNotNull();
            assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("run");
        }
    }

    @Test
    void everySettingComposeReadsFromDotEnvIsInTheExample() {
        Set<String> documented = new HashSet<>();
        for (String line : readString(".env.example").split("\n")) {
            if (line.matches("[A-Z_]+=.*")) {
                documented.add(line.substring(0, line.indexOf('=')));
            }
        }
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+)").matcher(readString("docker-compose.yml"));
        while (m.find()) {
            assertThat(documented).as(".env.example documents " + m.group(1)).contains(m.group(1));
        }
        assertThat(readString(".gitignore")).contains("ev-observer.env").contains(".env");
    }

    @Test
    void theStackIsPublishedOnLoopbackAndGrafanaWantsALoginAndAPassword() {
        for (String file : List.of("docker-compose.yml", "docker-compose.fanout.yml")) {
            Matcher ports = Pattern.compile("(?m)^\\s+- \"([^\"]+:\\d+)\"").matcher(readString(file));
            int n = 0;
            while (ports.find()) {
                n++;
                assertThat(ports.group(1)).as(file).startsWith("${BIND_ADDRESS:-127.0.0.1}:");
            }
            assertThat(n).as(file + " publishes ports").isPositive();
        }
        JsonNode grafana = StackFiles.yaml(StackFiles.file("docker-compose.yml")).path("services").path("grafana")
                .path("environment");
        assertThat(grafana.path("GF_AUTH_ANONYMOUS_ENABLED").asText()).isEqualTo("${GRAFANA_ANONYMOUS_ENABLED:-false}");
        assertThat(grafana.path("GF_SECURITY_ADMIN_PASSWORD").asText()).startsWith("${GRAFANA_ADMIN_PASSWORD:?");
        JsonNode real = StackFiles.yaml(StackFiles.file("docker-compose.real.yml")).path("services").path("ev-observer");
        assertThat(real.path("environment").path("EV_OBSERVER_LOGIN_EXIT_CODE").asText()).isEqualTo("0");
        assertThat(real.path("restart").asText()).isEqualTo("on-failure");
    }

    @Test
    void theEnvExampleLinksToPagesThatExistAndListsEverySource() {
        String example = readString("ev-observer.env.example");
        Matcher links = Pattern.compile("docs/[a-z-]+\\.md").matcher(example);
        int n = 0;
        while (links.find()) {
            n++;
            assertThat(StackFiles.file(links.group())).as(links.group()).exists();
        }
        assertThat(n).isGreaterThanOrEqualTo(3);
        assertThat(example).doesNotContain("when available").contains("EV_OBSERVER_BMW_CLIENT_ID")
                .contains("EV_OBSERVER_BMW_DAILY_CALLS").containsPattern("bmw, volvo, chargy, demo");
    }

    private static void assertWired(JsonNode config) {
        JsonNode pipelines = config.path("service").path("pipelines");
        assertThat(pipelines).isNotEmpty();
        Set<String> used = new HashSet<>();
        pipelines.fields().forEachRemaining(e -> {
            for (String kind : List.of("receivers", "processors", "exporters")) {
                for (JsonNode name : e.getValue().path(kind)) {
                    assertThat(config.path(kind).has(name.asText())).as(e.getKey() + " uses undefined " + kind + " "
                            + name.asText()).isTrue();
                    used.add(kind + "/" + name.asText());
                }
            }
            assertThat(e.getValue().path("receivers")).as(e.getKey()).isNotEmpty();
            assertThat(e.getValue().path("exporters")).as(e.getKey()).isNotEmpty();
        });
        for (String kind : List.of("receivers", "processors", "exporters")) {
            config.path(kind).fieldNames().forEachRemaining(n -> assertThat(used).as(kind + " " + n + " is used")
                    .contains(kind + "/" + n));
        }
        for (JsonNode ext : config.path("service").path("extensions")) {
            assertThat(config.path("extensions").has(ext.asText())).as("extension " + ext.asText()).isTrue();
        }
    }

    /** The collector's config merge: maps merge recursively, everything else is replaced. */
    private static JsonNode merge(JsonNode base, JsonNode over) {
        if (base instanceof com.fasterxml.jackson.databind.node.ObjectNode b && over.isObject()) {
            over.fields().forEachRemaining(e -> b.set(e.getKey(),
                    b.has(e.getKey()) ? merge(b.get(e.getKey()), e.getValue()) : e.getValue()));
            return b;
        }
        return over;
    }

    private static List<String> variableNames(String dashboard) {
        List<String> out = new ArrayList<>();
        StackFiles.json(StackFiles.file("grafana/dashboards/" + dashboard)).path("templating").path("list")
                .forEach(v -> out.add(v.path("name").asText()));
        return out;
    }

    private static List<String> panelTypes(String dashboard) {
        return StackFiles.panels(StackFiles.json(StackFiles.file("grafana/dashboards/" + dashboard))).stream()
                .map(p -> p.path("type").asText()).toList();
    }

    private static List<String> titles(String dashboard) {
        return StackFiles.panels(StackFiles.json(StackFiles.file("grafana/dashboards/" + dashboard))).stream()
                .map(p -> p.path("title").asText()).toList();
    }

    private static List<String> exprs(String dashboard) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : StackFiles.panels(StackFiles.json(StackFiles.file("grafana/dashboards/" + dashboard)))) {
            p.path("targets").forEach(t -> out.add(t.path("expr").asText()));
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static String readString(String relative) {
        try {
            return Files.readString(StackFiles.file(relative));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
