package io.evobserver.it;

import com.fasterxml.jackson.databind.node.TextNode;
import io.evobserver.auth.OAuthTokens;
import io.evobserver.auth.TokenStore;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The Volvo cloud the ITs poll: an electric XC40 charging ({@link #EV}) and a plug-in XC90
 * driving ({@link #PHEV}), every endpoint the source reads served from the volvo fixtures, and
 * the token endpoint, which hands out {@code eyJ-access-ONE} and rotates the refresh token to
 * {@code rt-rotating-ONE}.
 */
final class StubbedVolvoCloud {

    static final String EV = "YV1XZEFV5R2100042";
    static final String PHEV = "YV4H60CL0P1900077";

    private StubbedVolvoCloud() {
    }

    /** Installs the two cars' routes and the token endpoint on {@code cloud}. */
    static void serveTwoCars(StubServer cloud) {
        serve(cloud, "/connected-vehicle/v2/vehicles", "vehicles_two.json");
        String cv = "/connected-vehicle/v2/vehicles/";
        serve(cloud, cv + EV, "ev_details.json");
        serve(cloud, cv + EV + "/doors", "ev_doors_locked_tailgate_ajar.json");
        serve(cloud, cv + EV + "/windows", "ev_windows_front_left_ajar.json");
        serve(cloud, cv + EV + "/odometer", "ev_odometer.json");
        serve(cloud, cv + EV + "/statistics", "ev_statistics.json");
        serve(cloud, cv + EV + "/tyres", "ev_tyres_rear_left_low.json");
        serve(cloud, cv + EV + "/warnings", "ev_warnings_low_beam_failure.json");
        serve(cloud, cv + EV + "/diagnostics", "ev_diagnostics_washer_low.json");
        serve(cloud, "/energy/v2/vehicles/" + EV + "/state", "ev_energy_state_charging_ac.json");
        serve(cloud, "/location/v1/vehicles/" + EV + "/location", "ev_location.json");
        serve(cloud, cv + PHEV, "phev_details.json");
        serve(cloud, cv + PHEV + "/fuel", "phev_fuel_strings.json");
        serve(cloud, cv + PHEV + "/statistics", "phev_statistics.json");
        serve(cloud, cv + PHEV + "/engine-status", "engine_status_running.json");
        serve(cloud, "/energy/v2/vehicles/" + PHEV + "/state", "phev_energy_state_partial_errors.json");
        cloud.on("POST", "/as/token.oauth2").respondAlways(Response.fixture(200, "volvo/token_response.json"));
    }

    private static void serve(StubServer cloud, String path, String fixture) {
        cloud.on("GET", path).respondAlways(Response.fixture(200, "volvo/" + fixture));
    }

    /** Writes {@code file} with an access token that has expired, so the first call refreshes it. */
    static void saveExpiredTokens(Path file, String accessToken, String refreshToken) throws IOException {
        new TokenStore("volvo", file).save(new OAuthTokens(accessToken, refreshToken, Instant.now().minusSeconds(60),
                "Bearer", null, Map.of(OAuthTokens.REFRESHED_AT, TextNode.valueOf(Instant.now().minusSeconds(600)
                .toString()))));
    }
}
