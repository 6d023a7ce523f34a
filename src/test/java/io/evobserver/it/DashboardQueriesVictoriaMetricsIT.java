package io.evobserver.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.stack.StackFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every PromQL expression of the shipped dashboards and alert rules, run against what a real
 * backend holds after real ev-observer runs (demo fleet, a Chargy feed, a Chargy feed that
 * is down, a stubbed Volvo cloud; see {@link StackTraffic}): VictoriaMetrics with {@code -opentelemetry.usePrometheusNaming}, the naming
 * GreptimeDB applies by default. An expression that returns nothing here would show "No
 * data" in Grafana: a wrong metric or label name, a wrong state value, a broken join.
 */
class DashboardQueriesVictoriaMetricsIT {

    /**
     * Counters that exist only once the event happens, and no source on main makes it happen
     * in a test: no source prices its calls yet, and the demo never wakes a car. The panels
     * using them fall back to 0 per source, so the whole expressions still return data.
     */
    private static final Set<String> ABSENT_UNTIL_EVENT = Set.of("ev_observer_api_cost_total",
            "ev_observer_vehicle_wakeups_total");

    /** Fed over OTLP with Prometheus naming. */
    private static VictoriaMetrics otlp;
    /** Scraping the same daemons' built-in /metrics endpoints. */
    private static VictoriaMetrics scraped;
    private static VictoriaMetrics vm;
    private static StackTraffic traffic;

    @BeforeAll
    static void runEvObserver() throws Exception {
        otlp = VictoriaMetrics.start();
        traffic = new StackTraffic();
        traffic.start(otlp.otlpEndpoint(), true);
        Path config = Files.createTempFile("scrape", ".yml");
        StringBuilder yml = new StringBuilder("scrape_configs:\n  - job_name: ev-observer\n    scrape_interval: 1s\n"
                + "    static_configs:\n      - targets:\n");
        for (int port : traffic.scrapePorts()) {
            yml.append("          - 127.0.0.1:").append(port).append('\n');
        }
        Files.writeString(config, yml);
        // no staleness markers: the demo's cars change state while the tests run, and a series that
        // just ended (a car that stopped charging) should stay queryable for the look-back window,
        // as pushed series do, rather than vanish between picking a car and querying it
        scraped = VictoriaMetrics.start("-promscrape.config=" + config, "-promscrape.noStaleMarkers");
        // two samples of each kind of series, so rate() and increase() have something to work on
        for (VictoriaMetrics backend : List.of(otlp, scraped)) {
            vm = backend;
            StackTraffic.await(Duration.ofSeconds(240), "two samples of vehicles, chargers, requests and errors", () ->
                    hasData("count_over_time(vehicle_battery_level_percent[5m]) >= 2")
                            && hasData("count_over_time(charger_connector_state[5m]) >= 2")
                            && hasData("count_over_time(ev_observer_api_requests_total{status=\"503\"}[5m]) >= 2")
                            && hasData("count_over_time(ev_observer_refresh_errors_total[5m]) >= 2")
                            // a second Volvo poll: some endpoint's request count grew between two samples
                            && hasData("max(max_over_time(ev_observer_api_duration_seconds_count{vendor=\"volvo\"}[5m])"
                                    + " - min_over_time(ev_observer_api_duration_seconds_count{vendor=\"volvo\"}[5m])) > 0"));
        }
        // the daemons keep running: a scraped series ends (staleness marker) when its target goes away
    }

    @AfterAll
    static void stop() throws Exception {
        if (traffic != null) {
            traffic.close();
        }
        for (VictoriaMetrics v : new VictoriaMetrics[] {otlp, scraped}) {
            if (v != null) {
                v.close();
            }
        }
    }

    private static void use(String backend) {
        vm = backend.equals("otlp") ? otlp : scraped;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"otlp", "scrape"})
    void everyDashboardAndAlertExpressionReturnsDataForAllVehiclesAndStations(String backend) throws Exception {
        use(backend);
        Map<String, String> all = Map.of("vehicle", ".*", "station", ".*", "vendor", ".*");
        List<String> empty = new ArrayList<>();
        int run = 0;
        for (StackFiles.Query q : allQueries()) {
            String promql = StackFiles.substitute(q.expr(), all);
            if (vm.query(promql).isEmpty()) {
                empty.add(q.where() + ":\n" + promql);
            }
            run++;
        }
        assertThat(empty).as("expressions without data").isEmpty();
        assertThat(run).isGreaterThan(60);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"otlp", "scrape"})
    void everyDashboardExpressionReturnsDataForOneVehicleAndOneStation(String backend) throws Exception {
        use(backend);
        JsonNode vehicles = vm.query("vehicle_data_age_seconds");
        assertThat(vehicles).hasSize(StackTraffic.DEMO_VEHICLES + 2);
        // the car with the most series: a charging demo car reports every reading (a Volvo gives
        // no speed or tyre pressures, a parked car no time to its charge limit)
        String vin = vm.query("topk(1, count by (vehicle_vin) ({__name__=~\"vehicle_.+\", vehicle_vin!=\"\"}))").get(0)
                .path("metric").path("vehicle_vin").asText();
        // a name with regex characters in it, quoted the way Grafana quotes a selected value
        String stationName = "Chargy Ok - Résidence Gare & Parc";
        JsonNode details = vm.query("charger_station_details{charger_station_name=\"" + stationName + "\"}");
        assertThat(details).hasSize(1);
        // the Station variable offers the name and selects the id (points carry only the id)
        String station = details.get(0).path("metric").path("charger_station_id").asText();
        assertThat(vm.query("charger_connector_state{charger_station_id=\"" + station + "\"}")).isNotEmpty();
        Map<String, String> one = Map.of("vehicle", StackFiles.regexQuote(vin), "station",
                StackFiles.regexQuote(station), "vendor", "volvo");
        List<String> empty = new ArrayList<>();
        for (StackFiles.Query q : StackFiles.liveDashboardQueries()) {
            String promql = StackFiles.substitute(q.expr(), one);
            JsonNode result = vm.query(promql);
            if (result.isEmpty()) {
                empty.add(q.where() + ":\n" + promql);
            }
            if (q.expr().contains("$vehicle")) {
                for (JsonNode series : result) {
                    String got = series.path("metric").path("vehicle_vin").asText(vin);
                    assertThat(got).as(q.where() + " is filtered to the chosen vehicle").isEqualTo(vin);
                }
            }
        }
        assertThat(empty).as("expressions without data").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"otlp", "scrape"})
    void everyNameAPanelOrAlertShowsIsOnEverySeries(String backend) throws Exception {
        use(backend);
        // points carry only the identity; a legend, column or summary showing a name needs the
        // expression to join it from vehicle_details / charger_station_details, or it shows blank
        Map<String, String> all = Map.of("vehicle", ".*", "station", ".*", "vendor", ".*");
        // the derive-layer dashboards need days of simulated trips: DerivedDashboardsVictoriaMetricsIT checks them
        List<StackFiles.NamedQuery> named = StackFiles.queriesShowingNames().stream()
                .filter(n -> !StackFiles.isDerived(n.query())).toList();
        List<String> blank = new ArrayList<>();
        for (StackFiles.NamedQuery n : named) {
            String promql = StackFiles.substitute(n.query().expr(), all);
            JsonNode result = vm.query(promql);
            if (result.isEmpty()) {
                blank.add(n.query().where() + ": no series");
            }
            for (JsonNode series : result) {
                for (String label : n.shown()) {
                    if (series.path("metric").path(label).asText("").isBlank()) {
                        blank.add(n.query().where() + ": no " + label + " on " + series.path("metric"));
                        break;
                    }
                }
            }
        }
        assertThat(blank).as("series shown by a name they do not carry").isEmpty();
        // the legends, the tables, the map and the alert summaries
        assertThat(named).hasSizeGreaterThan(50);
        assertThat(named).anyMatch(n -> n.query().where().startsWith("alert "));
        assertThat(named).anyMatch(n -> n.shown().contains("charger_station_name"));
        // the map's station layer shows the station name on the station rows, the vehicle layer the vehicle name
        assertThat(named).anyMatch(n -> n.query().where().startsWith("map.json / Vehicles and charge stations / C")
                && n.shown().equals(Set.of("charger_station_name")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"otlp", "scrape"})
    void everySelectorInTheExpressionsMatchesSeriesOnItsOwn(String backend) throws Exception {
        use(backend);
        // an `or` fallback or `vector(0)` must not hide a selector that matches nothing
        Map<String, String> all = Map.of("vehicle", ".*", "station", ".*", "vendor", ".*");
        Set<String> selectors = new LinkedHashSet<>();
        for (StackFiles.Query q : allQueries()) {
            selectors.addAll(StackFiles.selectors(StackFiles.substitute(q.expr(), all)));
        }
        List<String> empty = new ArrayList<>();
        for (String s : selectors) {
            String name = s.contains("{") ? s.substring(0, s.indexOf('{')) : s;
            if (!ABSENT_UNTIL_EVENT.contains(name) && vm.query(s).isEmpty()) {
                empty.add(s);
            }
        }
        assertThat(empty).as("selectors matching no series").isEmpty();
        assertThat(selectors).hasSizeGreaterThan(30);
        for (String absent : ABSENT_UNTIL_EVENT) {
            assertThat(StackFiles.cataloguePrometheusNames()).contains(absent);
            assertThat(vm.queryNow(absent)).as(absent + " appeared: drop it from ABSENT_UNTIL_EVENT").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"otlp", "scrape"})
    void everyVariableQueryOffersValues(String backend) throws Exception {
        use(backend);
        DashboardVariableValues.PrometheusApi api = new DashboardVariableValues.PrometheusApi() {
            @Override
            public JsonNode labelValues(String label, String match) throws Exception {
                return vm.get("/api/v1/label/" + label + "/values?match[]="
                        + URLEncoder.encode(match, StandardCharsets.UTF_8)).path("data");
            }

            @Override
            public JsonNode query(String promql) throws Exception {
                return vm.query(promql);
            }
        };
        for (StackFiles.Variable v : StackFiles.variables()) {
            List<DashboardVariableValues.Offered> values = DashboardVariableValues.offered(v, api);
            assertThat(values).as(v.dashboard() + " $" + v.name() + " from " + v.query()).isNotEmpty()
                    .allSatisfy(o -> assertThat(o.text()).as(v.dashboard() + " $" + v.name()).isNotBlank());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"otlp", "scrape"})
    void theFullyBookedShareCountsTheFixturesFullStation(String backend) throws Exception {
        use(backend);
        // feed_three_stations: SuperChargy has no free connector and four in use; Ettelbruck
        // has free ones; the third has none free but none in use either (out of service)
        String share = StackFiles.liveDashboardQueries().stream()
                .filter(q -> q.where().startsWith("chargy-availability.json / Fully booked stations")).findFirst()
                .orElseThrow().expr();
        JsonNode r = vm.query(StackFiles.substitute(share, Map.of("station", ".*")));
        assertThat(Double.parseDouble(r.get(0).path("value").get(1).asText())).isEqualTo(1.0 / 3.0);
    }

    private static List<StackFiles.Query> allQueries() {
        List<StackFiles.Query> out = new ArrayList<>(StackFiles.liveDashboardQueries());
        out.addAll(StackFiles.alertQueries());
        assertThat(out).isNotEmpty();
        return out;
    }

    private static boolean hasData(String promql) {
        try {
            return !vm.queryNow(promql).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
