package io.evobserver.cli;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.LoginRequiredException;
import io.evobserver.core.SelfMetrics;
import io.evobserver.source.bmw.BmwFetcher;
import io.evobserver.source.bmw.BmwStateFileFetcher;
import io.evobserver.source.chargy.ChargyConfig;
import io.evobserver.source.chargy.ChargyFetcher;
import io.evobserver.source.demo.DemoFetcher;
import io.evobserver.source.volvo.VolvoConfig;
import io.evobserver.source.volvo.VolvoFetcher;

import java.net.URI;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds one fetcher per requested source from the command-line options. */
final class Sources {
    private Sources() {
    }

    static List<AbstractVehicleFetcher> create(SourceOptions options, SelfMetrics selfMetrics, Clock clock)
            throws LoginRequiredException {
        List<AbstractVehicleFetcher> fetchers = new ArrayList<>();
        try {
            for (String kind : options.kinds()) {
                fetchers.add(create(kind, options, selfMetrics, clock));
            }
        } catch (RuntimeException | LoginRequiredException e) {
            fetchers.forEach(AbstractVehicleFetcher::close);
            throw e;
        }
        return fetchers;
    }

    private static AbstractVehicleFetcher create(String kind, SourceOptions o, SelfMetrics selfMetrics, Clock clock)
            throws LoginRequiredException {
        return switch (kind) {
            case "demo" -> {
                try {
                    yield new DemoFetcher(new DemoFetcher.DemoConfig(o.demoVehicles, o.demoSeed, o.demoTimeScale),
                            clock);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
            }
            case "chargy" -> new ChargyFetcher(chargyConfig(o), selfMetrics, clock);
            case "bmw" -> o.bmw.stateFiles.isEmpty()
                    ? new BmwFetcher(o.bmw.config(o), selfMetrics, clock)
                    : new BmwStateFileFetcher(o.bmw.stateFiles, o.vins, clock);
            case "volvo" -> volvoFetcher(o, selfMetrics, clock);
            case "tesla" -> teslaFetcher(o, selfMetrics, clock);
            default -> throw new UsageException("--vehicle " + kind + ": this source is not in this build yet");
        };
    }

    private static io.evobserver.source.tesla.TeslaFetcher teslaFetcher(SourceOptions o, SelfMetrics selfMetrics,
                                                                      Clock clock) throws LoginRequiredException {
        io.evobserver.source.tesla.TeslaConfig config = o.tesla.config(o.apiBaseUrl, o.authBaseUrl, o.tokenFile, o.vins);
        requireTokens("tesla", config.tokenFile());
        return new io.evobserver.source.tesla.TeslaFetcher(config, selfMetrics, clock);
    }

    private static VolvoFetcher volvoFetcher(SourceOptions o, SelfMetrics selfMetrics, Clock clock)
            throws LoginRequiredException {
        VolvoConfig config = o.volvo.config(o.apiBaseUrl, o.authBaseUrl, o.tokenFile, o.vins);
        requireTokens("volvo", config.tokenFile());
        return new VolvoFetcher(config, selfMetrics, clock);
    }

    /** Reads the token file now, so that a missing or unreadable one stops the start before telemetry. */
    private static void requireTokens(String vendor, java.nio.file.Path file) throws LoginRequiredException {
        if (new io.evobserver.auth.TokenStore(vendor, file).load().isEmpty()) {
            throw new LoginRequiredException(vendor, "no token file at " + file);
        }
    }

    private static ChargyConfig chargyConfig(SourceOptions o) {
        ChargyConfig config = ChargyConfig.defaults().withStationFilters(o.chargyStations);
        String url = o.chargyUrl != null ? o.chargyUrl : SourceOptions.vendorSetting(o.apiBaseUrl, "chargy", "API_BASE_URL");
        if (url == null) {
            return config;
        }
        try {
            URI uri = URI.create(url.trim());
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return config.withFeedUrl(uri);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--chargy-url: not an http(s) URL");
        }
    }
}
