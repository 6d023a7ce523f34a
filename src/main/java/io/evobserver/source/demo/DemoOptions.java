package io.evobserver.source.demo;

import picocli.CommandLine.Option;

/** The demo source's options of {@code run} and {@code snapshot} (mixed in by the command line). */
final class DemoOptions {

    @Option(names = "--demo-vehicles", paramLabel = "N", defaultValue = "1",
            description = "Demo: number of simulated vehicles. Default: ${DEFAULT-VALUE}.")
    int demoVehicles;

    @Option(names = {"--seed", "--demo-seed"}, paramLabel = "N", defaultValue = "42",
            description = "Demo: seed that makes the fleet and its values reproducible. Default: ${DEFAULT-VALUE}.")
    long demoSeed;

    @Option(names = "--demo-time-scale", paramLabel = "X", defaultValue = "60",
            description = "Demo: simulated seconds per real second (60 = a day in 24 minutes). "
                    + "Default: ${DEFAULT-VALUE}.")
    double demoTimeScale;
}
