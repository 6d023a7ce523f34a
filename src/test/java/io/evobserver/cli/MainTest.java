package io.evobserver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static io.evobserver.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    @Test
    void badFlagsGetOneLineAndExitTwo() {
        for (String[] args : new String[][] {
                {"run", "--bogus"},
                {"run", "--vehicle", "trabant", "--once"},
                {"run", "--once", "--exporter", "carrier-pigeon"},
                {"run", "--once", "--otlp-protocol", "http/json"},
                {"run", "--once", "--interval", "soon"},
                {"run", "--once", "--otlp-endpoint", "localhost:4318"},
                {"run", "--once", "--log-level", "loud"},
                {"run", "--once", "--demo-vehicles", "0"},
                {"run", "--once", "--shard", "4/4"},
                {"run", "--once", "--shard", "half"},
                {"snapshot", "--vehicle", "demo", "--otlp-endpoint", "x"},
                {"frobnicate"}}) {
            CliRun r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("ev-observer: ").doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void versionAndHelp() {
        assertThat(run("--version").out()).startsWith("ev-observer ");
        CliRun help = run("run", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--vehicle", "--once", "--otlp-endpoint", "--exporter", "--export-interval",
                "--prometheus-port", "--token-file", "--api-base-url", "--auth-base-url", "--vin", "--log-level");
    }

    @Test
    void snapshotPrintsNormalisedJsonWithMetricNames() throws Exception {
        CliRun r = run("snapshot", "--vehicle", "demo", "--demo-vehicles", "2", "--seed", "5");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        JsonNode vehicles = root.path("sources").get(0).path("vehicles");
        assertThat(vehicles).hasSize(2);
        JsonNode metrics = vehicles.get(0).path("metrics");
        assertThat(metrics.path("vehicle.battery.level").isNumber()).isTrue();
        assertThat(metrics.path("vehicle.state").asText()).isIn("online", "asleep", "offline", "driving",
                "charging", "parked");
        assertThat(metrics.path("vehicle.tire.pressure").path("front_left").isNumber()).isTrue();
        assertThat(vehicles.get(0).path("vehicle.vin").asText()).hasSize(17);
    }

    @Test
    void aSnapshotWhoseOnlySourceFailsPrintsTheErrorAndNoDocument() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = run("snapshot", "--vehicle", "chargy", "--chargy-url", "http://127.0.0.1:" + port + "/kml?API-KEY=k",
                "--log-level", "error");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).startsWith("ev-observer: chargy: refresh failed (network): ")
                .contains("could not connect", "127.0.0.1:" + port).doesNotContain("\n");
    }

    @Test
    void aContainerMayTurnLoginNeededIntoAnotherExitCode() {
        assertThat(Main.exitCode(3, "0")).isZero();
        assertThat(Main.exitCode(3, null)).isEqualTo(3);
        assertThat(Main.exitCode(3, "nonsense")).isEqualTo(3);
        assertThat(Main.exitCode(3, "300")).isEqualTo(3);
        assertThat(Main.exitCode(1, "0")).as("only the login code is replaced").isEqualTo(1);
        assertThat(Main.exitCode(2, "0")).isEqualTo(2);
    }

    @Test
    void hiddenVinsAreStablePseudonyms() throws Exception {
        JsonNode a = new ObjectMapper().readTree(run("snapshot", "--hide-vin").out());
        JsonNode b = new ObjectMapper().readTree(run("snapshot", "--hide-vin").out());
        JsonNode plain = new ObjectMapper().readTree(run("snapshot").out());
        String hidden = a.path("sources").get(0).path("vehicles").get(0).path("vehicle.vin").asText();
        assertThat(hidden).startsWith("veh-")
                .isEqualTo(b.path("sources").get(0).path("vehicles").get(0).path("vehicle.vin").asText())
                .isNotEqualTo(plain.path("sources").get(0).path("vehicles").get(0).path("vehicle.vin").asText());
    }

    @Test
    void metricsListsTheCatalogue() {
        CliRun r = run("metrics");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("vehicle.battery.level", "vehicle_battery_level_percent", "charger.connector.state",
                "ev_observer.refresh.errors");
    }
}
