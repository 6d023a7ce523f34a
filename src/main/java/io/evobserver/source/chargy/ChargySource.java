package io.evobserver.source.chargy;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.ConfigurationException;
import io.evobserver.core.SourceContext;
import io.evobserver.core.SourceProvider;

/** {@code --vehicle chargy}: the public charging stations of Luxembourg's Chargy network; no login. */
public final class ChargySource implements SourceProvider<ChargyOptions> {

    @Override
    public String name() {
        return "chargy";
    }

    @Override
    public ChargyOptions newOptions() {
        return new ChargyOptions();
    }

    @Override
    public AbstractVehicleFetcher create(ChargyOptions o, SourceContext context) {
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
