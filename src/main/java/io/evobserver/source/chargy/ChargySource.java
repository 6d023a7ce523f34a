package io.evobserver.source.chargy;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.ConfigurationException;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceDefinition;

/** {@code --vehicle chargy}: the public charging stations of Luxembourg's Chargy network; no login. */
public final class ChargySource {

    public static final SourceDefinition<ChargyOptions> DEFINITION =
            SourceDefinition.of("chargy", ChargyOptions::new, ChargySource::fetcher);

    private ChargySource() {
    }

    private static AbstractVehicleFetcher fetcher(ChargyOptions o, SourceContext context) {
        return new ChargyFetcher(config(o, context), context.selfMetrics(), context.clock());
    }

    private static ChargyConfig config(ChargyOptions o, SourceContext context) {
        ChargyConfig config = ChargyConfig.defaults().withStationFilters(o.chargyStations);
        String url = o.chargyUrl != null ? o.chargyUrl
                : SourceContext.setting(context.apiBaseUrl(), "chargy", "API_BASE_URL");
        if (url == null) {
            return config;
        }
        if (url.isBlank()) {
            throw new ConfigurationException("--chargy-url: not an http(s) URL");
        }
        return config.withFeedUrl(SourceContext.httpUrl("--chargy-url", url, null));
    }
}
