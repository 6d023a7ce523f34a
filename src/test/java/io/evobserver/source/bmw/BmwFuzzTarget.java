package io.evobserver.source.bmw;

import com.fasterxml.jackson.databind.JsonNode;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.core.VehicleId;
import io.evobserver.testing.FuzzJson;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The path a {@code telematicData} answer takes in {@link BmwFetcher} (shape check in
 * {@code BmwApi.telematicData}, {@link BmwMapper#readings}, {@link BmwMapper#toVehicle}), without
 * HTTP, for the input fuzzer in {@code io.evobserver.reliability}. The state-file path goes
 * through the real {@link BmwStateFileFetcher} (it reads a file, no network).
 */
public final class BmwFuzzTarget {

    private static final BmwMapper.StaticInfo I4 = new BmwMapper.StaticInfo(Optional.of("i4 eDrive40"), "bmw",
            OptionalDouble.of(80.7), false, "24-03");

    private BmwFuzzTarget() {
    }

    public static EVMetricData telematicData(byte[] body) throws FetchException {
        JsonNode root = FuzzJson.read("bmw " + BmwApi.TELEMATIC_DATA.template(), body);
        if (!BmwMapper.isTelematicData(root)) {
            throw new FetchException(FetchException.Reason.PARSE, "bmw: answer has no telematicData object");
        }
        Instant now = Instant.now();
        return EVMetricData.ofVehicles(BmwApi.VENDOR, now, List.of(BmwMapper.toVehicle(
                VehicleId.of("WBY00000000000001", BmwApi.VENDOR), BmwMapper.readings(root), I4, now)));
    }
}
