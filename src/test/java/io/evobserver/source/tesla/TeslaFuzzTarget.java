package io.evobserver.source.tesla;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.testing.FuzzJson;

import java.time.Instant;
import java.util.List;

/**
 * The path a {@code vehicle_data} answer takes in {@link TeslaFetcher} ({@link TeslaApi#responseObject},
 * as in {@code TeslaApi.vehicleData}, then {@link TeslaMapper#map}), without HTTP, for the input fuzzer
 * in {@code io.evobserver.reliability}. Public only because the mapper is package-private.
 */
public final class TeslaFuzzTarget {

    private static final TeslaMapper MAPPER = new TeslaMapper();

    private TeslaFuzzTarget() {
    }

    public static EVMetricData vehicleData(byte[] body) throws FetchException {
        JsonNode root = FuzzJson.read("tesla " + TeslaApi.DATA.template(), body);
        JsonNode data = TeslaApi.responseObject(root);
        return EVMetricData.ofVehicles(TeslaMapper.BRAND, Instant.now(), List.of(MAPPER.map(data)));
    }
}
