package io.evobserver.source.bmw;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import io.evobserver.core.Vehicle;
import io.evobserver.core.VehicleId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --bmw-state-file}: exports MyBMW vehicle-state JSON files (what bimmer_connected saved and
 * the older bimmer_connected-based exporters read), re-read on every refresh, so a pipeline that
 * still produces such files keeps working. No network, no quota.
 *
 * <p>The document carries no VIN. Each file's VIN is, in order: {@code --vin} when exactly one file
 * and one VIN are given; a {@code vin} field in the document; a VIN-shaped part of the file name
 * (bimmer_connected names its files after the VIN); else the file name without extension.
 */
public final class BmwStateFileFetcher extends AbstractVehicleFetcher {

    /** A MyBMW state file is tens of KB; the limit keeps a wrong path (a device, a log) off the heap. */
    static final int MAX_STATE_BYTES = 16 << 20;


    private static final Pattern VIN = Pattern.compile("(?<![A-Z0-9])[A-HJ-NPR-Z0-9]{17}(?![A-Z0-9])");
    private final List<Path> files;
    private final List<String> vins;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public BmwStateFileFetcher(List<Path> files, List<String> vins, Clock clock) {
        super(BmwApi.VENDOR);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no state file");
        }
        this.files = List.copyOf(files);
        this.vins = vins == null ? List.of() : List.copyOf(vins);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public EVMetricData refresh() throws FetchException {
        List<Vehicle> vehicles = new ArrayList<>();
        for (Path file : files) {
            JsonNode root = read(file);
            JsonNode state = BmwStateFileMapper.stateOf(root);
            if (!BmwStateFileMapper.looksLikeState(state)) {
                throw new FetchException(Reason.PARSE, "bmw state file " + file + " is not a MyBMW vehicle state"
                        + " (expected an object with \"state\" or fields like doorsState, currentMileage)");
            }
            vehicles.add(BmwStateFileMapper.toVehicle(VehicleId.of(vinFor(file, root), BmwApi.VENDOR), root,
                    clock.instant()));
        }
        return EVMetricData.ofVehicles(BmwApi.VENDOR, clock.instant(), vehicles);
    }

    private JsonNode read(Path file) throws FetchException {
        try {
            JsonNode root = json.readTree(io.evobserver.core.RegularFileReader.read(file, MAX_STATE_BYTES));
            if (root == null || root.isMissingNode()) {
                throw new FetchException(Reason.PARSE, "bmw state file " + file + " is empty");
            }
            return root;
        } catch (NoSuchFileException e) {
            // the exporter that writes it may not have run yet: retry later
            throw new FetchException(Reason.UNAVAILABLE, "bmw state file " + file + " does not exist (yet)");
        } catch (io.evobserver.core.RegularFileReader.NotRegularFileException
                 | io.evobserver.core.RegularFileReader.FileTooLargeException e) {
            throw new FetchException(Reason.PARSE, "bmw state file " + e.getMessage());
        } catch (JsonProcessingException e) {
            throw new FetchException(Reason.PARSE, "bmw state file " + file + " is not valid JSON (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        } catch (IOException e) {
            throw new FetchException(Reason.UNAVAILABLE, "bmw state file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    String vinFor(Path file, JsonNode root) {
        if (files.size() == 1 && vins.size() == 1) {
            return vins.get(0).toUpperCase(Locale.ROOT);
        }
        for (JsonNode candidate : new JsonNode[] {root.get("vin"), root.path("state").get("vin")}) {
            if (candidate != null && candidate.isTextual() && !candidate.asText().isBlank()) {
                return candidate.asText().trim().toUpperCase(Locale.ROOT);
            }
        }
        String name = file.getFileName().toString();
        Matcher m = VIN.matcher(name.toUpperCase(Locale.ROOT));
        if (m.find()) {
            return m.group();
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
