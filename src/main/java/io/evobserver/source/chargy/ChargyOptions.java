package io.evobserver.source.chargy;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Chargy's options of {@code run} and {@code snapshot} (mixed in by the command line). */
final class ChargyOptions {

    @Option(names = "--chargy-url", paramLabel = "URL", defaultValue = "${env:EV_OBSERVER_CHARGY_URL}",
            description = "Chargy: the KML feed URL with its API-KEY parameter. Env: EV_OBSERVER_CHARGY_URL. "
                    + "Default: the feed URL the open-data portal publishes.")
    String chargyUrl;

    @Option(names = "--chargy-station", paramLabel = "NAME_OR_ID",
            description = "Chargy: only stations whose id or CP number equals, or whose name contains, "
                    + "this (case-insensitive). Repeatable.")
    List<String> chargyStations = new ArrayList<>();
}
