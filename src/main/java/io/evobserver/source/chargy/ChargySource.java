package io.evobserver.source.chargy;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.ConfigurationException;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceDefinition;
import io.evobserver.core.SourceOption;
import io.evobserver.core.SourceSettings;

import java.util.List;

/**
 * {@code --vehicle chargy}: the public charging stations of Luxembourg's Chargy network; no login.
 * Its options, and how they become a {@link ChargyConfig} and a fetcher.
 */
public final class ChargySource {

    static final SourceOption URL = SourceOption.text("chargy-url", "URL",
            "Chargy: the KML feed URL with its API-KEY parameter. Default: the feed URL the open-data portal publishes.");
    static final SourceOption STATIONS = SourceOption.list("chargy-station", "NAME_OR_ID",
            "Chargy: only stations whose id or CP number equals, or whose name contains, this (case-insensitive).");

    static final List<SourceOption> ALL = List.of(URL, STATIONS);

    public static final SourceDefinition DEFINITION =
            SourceDefinition.of("chargy", ALL, ChargySource::fetcher);

    private ChargySource() {
    }

    private static AbstractVehicleFetcher fetcher(SourceSettings o, SourceContext context) {
        return new ChargyFetcher(config(o, context), context.selfMetrics(), context.clock());
    }

    private static ChargyConfig config(SourceSettings o, SourceContext context) {
        ChargyConfig config = ChargyConfig.defaults().withStationFilters(o.list(STATIONS));
        String given = (String) o.given(URL);
        String url = given != null ? given : o.text(URL);
        url = url != null ? url : SourceContext.setting(context.apiBaseUrl(), "chargy", "API_BASE_URL");
        if (url == null) {
            return config;
        }
        if (url.isBlank()) {
            throw new ConfigurationException("--chargy-url: not an http(s) URL");
        }
        return config.withFeedUrl(SourceContext.httpUrl("--chargy-url", url, null));
    }
}
