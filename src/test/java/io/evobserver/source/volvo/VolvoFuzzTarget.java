package io.evobserver.source.volvo;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.testing.FuzzJson;
import io.evobserver.testing.StubServer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link VolvoFetcher} does with one round of endpoint answers (object check in
 * {@code VolvoApi.get}, a bad answer isolated to its endpoint, then {@link VolvoMapper#map}),
 * without HTTP, for the input fuzzer in {@code io.evobserver.reliability}.
 *
 * <p>Input is a bundle: one {@code ENDPOINT<TAB>compact JSON} line per endpoint, so one mutation
 * usually damages one endpoint's answer and the others still reach the mapper, as in production.
 */
public final class VolvoFuzzTarget {

    private static final VolvoMapper MAPPER = new VolvoMapper();

    private VolvoFuzzTarget() {
    }

    /** Every endpoint fixture, grouped into whole-car rounds: an EV, a PHEV, and the odd answers. */
    public static List<byte[]> bundles() {
        return List.of(
                bundle("DETAILS ev_details", "DOORS ev_doors_locked_tailgate_ajar",
                        "ENGINE_STATUS ev_engine_status_stopped", "ENERGY_STATE ev_energy_state_charging_ac",
                        "WINDOWS ev_windows_front_left_ajar", "LOCATION ev_location", "STATISTICS ev_statistics",
                        "COMMAND_ACCESSIBILITY ev_command_accessibility_available", "FUEL ev_fuel_battery_only",
                        "ODOMETER ev_odometer", "DIAGNOSTICS ev_diagnostics_washer_low",
                        "TYRES ev_tyres_rear_left_low", "WARNINGS ev_warnings_low_beam_failure",
                        "BRAKES ev_brakes_ok"),
                bundle("DETAILS phev_details", "ENERGY_STATE phev_energy_state_partial_errors",
                        "STATISTICS phev_statistics", "FUEL phev_fuel_strings", "ODOMETER phev_odometer_string",
                        "DIAGNOSTICS phev_diagnostics_overdue_days", "ENGINE phev_engine_oil_too_low",
                        "ENGINE_STATUS engine_status_running", "LOCATION location_without_data_wrapper",
                        "COMMAND_ACCESSIBILITY command_accessibility_power_saving"),
                bundle("DETAILS ev_details", "DOORS doors_fields_in_error", "ENERGY_STATE energy_state_all_error",
                        "LOCATION location_no_fix", "FUEL fuel_unknown_unit", "ODOMETER odometer_miles"),
                bundle("DETAILS ev_details", "ENERGY_STATE ev_energy_state_parked_unplugged"));
    }

    public static EVMetricData responses(byte[] bundle) throws FetchException {
        Map<VolvoEndpoint, JsonNode> latest = new EnumMap<>(VolvoEndpoint.class);
        FetchException firstFailure = null;
        for (String line : new String(bundle, StandardCharsets.UTF_8).split("\n")) {
            int tab = line.indexOf('\t');
            VolvoEndpoint endpoint = endpoint(tab < 0 ? "" : line.substring(0, tab));
            if (endpoint == null) {
                continue; // a damaged name: as if that endpoint never answered
            }
            try {
                JsonNode json = FuzzJson.read("volvo " + endpoint.template(),
                        line.substring(tab + 1).getBytes(StandardCharsets.UTF_8));
                if (!json.isObject()) {
                    throw new FetchException(FetchException.Reason.PARSE, "volvo: expected a JSON object");
                }
                latest.put(endpoint, json);
            } catch (FetchException e) {
                firstFailure = firstFailure == null ? e : firstFailure; // isolated to this endpoint
            }
        }
        if (latest.isEmpty() && firstFailure != null) {
            throw firstFailure;
        }
        return EVMetricData.ofVehicles(VolvoMapper.BRAND, Instant.now(),
                List.of(MAPPER.map("YV1XZ00000F000001", latest)));
    }

    private static VolvoEndpoint endpoint(String name) {
        for (VolvoEndpoint e : VolvoEndpoint.values()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static byte[] bundle(String... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String entry : entries) {
            String[] parts = entry.split(" ");
            String json;
            try {
                json = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(StubServer.fixtureBytes("volvo/" + parts[1] + ".json")).toString();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(parts[1], e);
            }
            out.writeBytes((parts[0] + "\t" + json + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
