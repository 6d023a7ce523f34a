package io.evobserver.source.chargy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the Chargy source.
 *
 * @param feedUrl        the KML feed, including its {@code API-KEY} query parameter
 *                       ({@code --chargy-url}, env {@code EV_OBSERVER_CHARGY_URL})
 * @param stationFilters keep only stations whose id or CP number equals one of these, or whose
 *                       name contains one, ignoring case ({@code --chargy-station}, repeatable);
 *                       empty keeps the whole network
 * @param minInterval    the shortest time between two downloads; the publisher regenerates the
 *                       feed every 5 minutes, so polling faster only costs them bandwidth
 * @param timeout        limit for one download, from connecting to the last byte of the body
 */
public record ChargyConfig(URI feedUrl, List<String> stationFilters, Duration minInterval, Duration timeout) {

    /**
     * The feed URL as published by the open-data portal (data.public.lu dataset
     * "bornes-de-chargement-publiques-pour-voitures-electriques"). The key is not a personal
     * secret (the portal publishes it) but the publisher may rotate it, so it is only a default;
     * we still keep it out of logs and metrics like any credential.
     */
    public static final URI DEFAULT_FEED_URL = URI.create(
            "https://my.chargy.lu/b2bev-external-services/resources/kml?API-KEY=486ac6e4-93b8-4369-9c6a-28f7c4e1a81f");

    /**
     * The portal's permalink for the same resource; it redirects to the feed with whatever key the
     * portal currently publishes, so it survives a key rotation (one extra request per poll).
     */
    public static final URI PORTAL_PERMALINK = URI.create(
            "https://data.public.lu/en/datasets/r/22f9d77a-5138-4b02-b315-15f306b77034");

    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMinutes(5);
    /** The body is about 0.7 MB; a minute is generous even on a slow link. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public ChargyConfig {
        Objects.requireNonNull(feedUrl, "feedUrl");
        String scheme = feedUrl.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
            throw new IllegalArgumentException("Chargy feed URL must be http(s): " + ChargyRedaction.redact(feedUrl));
        }
        stationFilters = stationFilters == null ? List.of()
                : stationFilters.stream().filter(Objects::nonNull).map(String::strip).filter(s -> !s.isEmpty()).toList();
        minInterval = Objects.requireNonNullElse(minInterval, DEFAULT_MIN_INTERVAL);
        timeout = Objects.requireNonNullElse(timeout, DEFAULT_TIMEOUT);
        if (minInterval.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Chargy minInterval must be >= 0 and timeout > 0");
        }
    }

    /** The published feed, whole network, 5-minute budget, 60 s timeout. */
    public static ChargyConfig defaults() {
        return new ChargyConfig(DEFAULT_FEED_URL, List.of(), DEFAULT_MIN_INTERVAL, DEFAULT_TIMEOUT);
    }

    public ChargyConfig withFeedUrl(URI url) {
        return new ChargyConfig(url, stationFilters, minInterval, timeout);
    }

    public ChargyConfig withStationFilters(List<String> filters) {
        return new ChargyConfig(feedUrl, filters, minInterval, timeout);
    }

    /** The URL with its key masked, for logs and messages. */
    @Override
    public String toString() {
        return "ChargyConfig[feedUrl=" + ChargyRedaction.redact(feedUrl) + ", stationFilters=" + stationFilters
                + ", minInterval=" + minInterval + ", timeout=" + timeout + "]";
    }
}
