package io.evobserver.cli;

import static io.evobserver.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.evobserver.auth.OAuthTokens;
import io.evobserver.auth.TokenStore;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeslaCliTest {

    @TempDir
    Path dir;

    @Test
    void missingClientIdIsAUsageError() {
        CliRun r = run("snapshot", "--vehicle", "tesla", "--token-file", dir.resolve("t.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--tesla-client-id");
    }

    @Test
    void badRegionAndApiAreUsageErrors() {
        assertThat(run("snapshot", "--vehicle", "tesla", "--tesla-client-id", "cid", "--tesla-region", "mars").code())
                .isEqualTo(2);
        assertThat(run("snapshot", "--vehicle", "tesla", "--tesla-api", "legacy").code()).isEqualTo(2);
    }

    @Test
    void loginHelpListsTheOptions() {
        CliRun r = run("login", "tesla", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--tesla-client-id", "--tesla-region", "--redirect-listen", "--tesla-api");
    }

    @Test
    void fleetLoginWithoutRedirectUriIsAUsageError() {
        CliRun r = run("login", "tesla", "--tesla-client-id", "cid", "--token-file", dir.resolve("t.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--tesla-redirect-uri");
    }

    @Test
    void teslaEnergyOptionAddsTheSitesToTheSnapshot() throws Exception {
        try (StubServer stub = StubServer.start()) {
            stub.on("GET", "/api/1/vehicles").respondAlways(Response.json(200,
                    "{\"response\":[{\"id\":1,\"vin\":\"XP7YGCEK5RB000042\",\"state\":\"asleep\"}],\"count\":1}"));
            stub.on("GET", "/api/1/products")
                    .respondAlways(Response.fixture(200, "tesla/products_vehicle_and_energy.json"));
            stub.on("GET", "/api/1/energy_sites/2252100000000042/live_status")
                    .respondAlways(Response.fixture(200, "tesla/live_status.json"));
            Path tokens = dir.resolve("t.json");
            new TokenStore("tesla", tokens).save(new OAuthTokens("at-SECRET", "EU_rt-SECRET",
                    Instant.now().plusSeconds(3600), "Bearer", null, Map.of()));
            String base = stub.baseUri().toString();

            CliRun without = run("snapshot", "--vehicle", "tesla", "--tesla-client-id", "cid", "--api-base-url", base,
                    "--auth-base-url", base, "--token-file", tokens.toString());
            assertThat(without.code()).as(without.err()).isZero();
            assertThat(without.out()).doesNotContain("energy.");
            assertThat(stub.requests("GET", "/api/1/products")).isEmpty();

            CliRun with = run("snapshot", "--vehicle", "tesla", "--tesla-client-id", "cid", "--api-base-url", base,
                    "--auth-base-url", base, "--token-file", tokens.toString(), "--tesla-energy");
            assertThat(with.code()).as(with.err()).isZero();
            assertThat(with.out()).contains("2252100000000042", "energy.battery.level", "energy.grid.power");
        }
    }
}
