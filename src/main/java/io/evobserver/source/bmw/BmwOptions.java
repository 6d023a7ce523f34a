package io.evobserver.source.bmw;

import io.evobserver.auth.ClientOptions;
import io.evobserver.auth.TokenStore;
import io.evobserver.core.ConfigurationException;
import io.evobserver.core.SourceContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The BMW CarData options of {@code run} and {@code snapshot} (mixed in by the command line). */
final class BmwOptions {

    /** --bmw-client-id: optional here, login bmw stores it with the tokens. */
    final ClientOptions client = new ClientOptions("bmw", "UUID",
            "BMW: the CarData client id from the MyBMW portal. Default: the one stored by `login bmw`.", null);

    @Spec
    void declareClient(CommandSpec spec) {
        client.declare(spec);
    }

    @Option(names = "--bmw-daily-calls", paramLabel = "N", defaultValue = "${env:EV_OBSERVER_BMW_DAILY_CALLS:-50}",
            description = "BMW: CarData REST calls allowed per 24 h (2-50; lower it when another tool shares "
                    + "the quota). Default: ${DEFAULT-VALUE}.")
    int dailyCalls;

    @Option(names = "--bmw-stream", description = "BMW: also listen to the CarData MQTT stream (live values, "
            + "no quota cost).")
    boolean stream;

    @Option(names = "--bmw-stream-url", paramLabel = "URL", defaultValue = "${env:EV_OBSERVER_BMW_STREAM_URL}",
            description = "BMW: the stream broker as the portal shows it, ssl://HOST:PORT. "
                    + "Default: ssl://customer.streaming-cardata.bmwgroup.com:9000.")
    String streamUrl;

    @Option(names = "--bmw-state-file", paramLabel = "FILE",
            description = "BMW: export MyBMW/bimmer_connected vehicle-state JSON file(s) instead of calling "
                    + "CarData (re-read on every refresh). Repeatable.")
    List<Path> stateFiles = new ArrayList<>();

    BmwConfig config(SourceContext o) {
        Path tokens = TokenStore.configuredPath(o.tokenFile(), "bmw");
        URI api = o.apiBaseUrl("bmw", BmwConfig.DEFAULT_API);
        URI auth = o.authBaseUrl("bmw", BmwConfig.DEFAULT_AUTH);
        URI broker = null;
        if (streamUrl != null && !streamUrl.isBlank()) {
            broker = URI.create(streamUrl.trim());
            if (broker.getHost() == null || broker.getPort() < 0) {
                throw new ConfigurationException("--bmw-stream-url: expected ssl://HOST:PORT");
            }
        }
        try {
            return new BmwConfig(api, auth, tokens, client.clientId(), o.vins(), dailyCalls, stream, broker);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }
}
