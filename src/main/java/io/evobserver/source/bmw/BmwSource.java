package io.evobserver.source.bmw;

import io.evobserver.auth.OAuthClientOptions;
import io.evobserver.auth.TokenStore;
import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.ConfigurationException;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceDefinition;
import io.evobserver.core.SourceOption;
import io.evobserver.core.SourceSettings;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --vehicle bmw} and {@code login bmw}: BMW CarData (REST and stream), or exported state files.
 * Its options, and how they become a {@link BmwConfig} and a fetcher.
 */
public final class BmwSource {

    static final OAuthClientOptions CLIENT = OAuthClientOptions.of("bmw", "UUID",
            "BMW: the CarData client id from the MyBMW portal. Default in run and snapshot: the one stored by `login bmw`.",
            null);
    static final SourceOption DAILY_CALLS = SourceOption.integer("bmw-daily-calls", "N", 50,
            "BMW: CarData REST calls allowed per 24 h (2-50; lower it when another tool shares the quota).").daemonOnly();
    static final SourceOption STREAM = SourceOption.flag("bmw-stream",
            "BMW: also listen to the CarData MQTT stream (live values, no quota cost).").daemonOnly();
    static final SourceOption STREAM_URL = SourceOption.text("bmw-stream-url", "URL",
            "BMW: the stream broker as the portal shows it, ssl://HOST:PORT. "
                    + "Default: ssl://customer.streaming-cardata.bmwgroup.com:9000.").daemonOnly();
    static final SourceOption STATE_FILES = SourceOption.list("bmw-state-file", "FILE",
            "BMW: export MyBMW/bimmer_connected vehicle-state JSON file(s) instead of calling CarData "
                    + "(re-read on every refresh).").daemonOnly();

    static final List<SourceOption> ALL = List.of(CLIENT.id(), DAILY_CALLS, STREAM, STREAM_URL, STATE_FILES);

    public static final SourceDefinition DEFINITION = SourceDefinition.of("bmw", ALL, BmwSource::fetcher)
            .withTitle("BMW and MINI")
            .withLogin(LoginBmwCommand::new);

    private BmwSource() {
    }

    static List<Path> stateFiles(SourceSettings o) {
        return o.list(STATE_FILES).stream().map(Path::of).toList();
    }

    static BmwConfig config(SourceSettings o, SourceContext context) {
        Path tokens = TokenStore.configuredPath(context.tokenFile(), "bmw");
        URI api = context.apiBaseUrl("bmw", BmwConfig.DEFAULT_API);
        URI auth = context.authBaseUrl("bmw", BmwConfig.DEFAULT_AUTH);
        URI broker = null;
        String streamUrl = o.text(STREAM_URL);
        if (streamUrl != null) {
            broker = URI.create(streamUrl);
            if (broker.getHost() == null || broker.getPort() < 0) {
                throw new ConfigurationException("--bmw-stream-url: expected ssl://HOST:PORT");
            }
        }
        try {
            return new BmwConfig(api, auth, tokens, o.text(CLIENT.id()), context.vins(), o.integer(DAILY_CALLS),
                    o.flag(STREAM), broker);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    private static AbstractVehicleFetcher fetcher(SourceSettings o, SourceContext context) throws LoginRequiredException {
        List<Path> stateFiles = stateFiles(o);
        return stateFiles.isEmpty()
                ? new BmwFetcher(config(o, context), context.selfMetrics(), context.clock())
                : new BmwStateFileFetcher(stateFiles, context.vins(), context.clock());
    }
}
