package io.evobserver.source.bmw;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of the BMW CarData source.
 *
 * @param clientId   the CarData client id from the MyBMW portal; null to take it from the token file
 * @param vins       only these vehicles (no mappings call then); empty for every PRIMARY one
 * @param dailyCalls the REST budget per 24 h (at most 50; lower when another tool shares the quota)
 * @param stream     also listen to the MQTT stream
 * @param streamUri  the broker, {@code ssl://host:port} (what the portal shows)
 */
public record BmwConfig(URI apiBase, URI authBase, Path tokenFile, String clientId, List<String> vins,
                        int dailyCalls, boolean stream, URI streamUri) {

    public static final URI DEFAULT_API = URI.create("https://api-cardata.bmwgroup.com");
    public static final URI DEFAULT_AUTH = URI.create("https://customer.bmwgroup.com");
    public static final URI DEFAULT_STREAM = URI.create("ssl://customer.streaming-cardata.bmwgroup.com:9000");

    public BmwConfig {
        Objects.requireNonNull(apiBase, "apiBase");
        Objects.requireNonNull(authBase, "authBase");
        Objects.requireNonNull(tokenFile, "tokenFile");
        vins = vins == null ? List.of() : vins.stream().map(v -> v.trim().toUpperCase(Locale.ROOT))
                .filter(v -> !v.isEmpty()).distinct().toList();
        if (dailyCalls < 2 || dailyCalls > BmwCallBudget.DAILY_LIMIT) {
            throw new IllegalArgumentException("--bmw-daily-calls must be 2 to " + BmwCallBudget.DAILY_LIMIT);
        }
        streamUri = streamUri == null ? DEFAULT_STREAM : streamUri;
    }

    public static BmwConfig defaults(Path tokenFile) {
        return new BmwConfig(DEFAULT_API, DEFAULT_AUTH, tokenFile, null, List.of(), BmwCallBudget.DAILY_LIMIT,
                false, DEFAULT_STREAM);
    }

    /** The call log lives beside the token file: one budget per account. */
    Path callLog() {
        return tokenFile.resolveSibling(tokenFile.getFileName() + ".calls");
    }
}
