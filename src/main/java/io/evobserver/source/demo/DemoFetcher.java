package io.evobserver.source.demo;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.EVMetricData;
import io.evobserver.core.PollingPolicy;
import io.evobserver.core.Vehicle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The demo source: simulated cars that need no account and no network. Simulated time runs
 * {@code timeScale} times faster than the clock (default 60: a whole day in 24 minutes), so
 * a dashboard shows every metric moving within minutes.
 */
public final class DemoFetcher extends AbstractVehicleFetcher {

    public static final int DEFAULT_TIME_SCALE = 60;
    /** Shortest real wait between refreshes, however fast simulated time runs. */
    public static final Duration MIN_REAL_INTERVAL = Duration.ofSeconds(1);

    private final Clock clock;
    private Instant start;
    private final double timeScale;
    private final List<DemoCar> cars;
    private List<DemoCar> owned;

    public DemoFetcher(DemoConfig config, Clock clock) {
        super("demo");
        Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeScale = config.timeScale();
        List<DemoCar> list = new ArrayList<>(config.vehicles());
        for (int i = 0; i < config.vehicles(); i++) {
            list.add(new DemoCar(config.seed(), i));
        }
        this.cars = List.copyOf(list);
    }

    @Override
    public EVMetricData refresh() {
        Instant now = clock.instant();
        if (start == null) {
            start = now; // the simulation begins at the first refresh, so a seed gives the same first snapshot
            // with --shard, the other instances' cars are not simulated here at all
            owned = cars.stream().filter(car -> owns(car.id().vin())).toList();
        }
        long simMillis = (long) (Math.max(0, Duration.between(start, now).toMillis()) * timeScale);
        long targetStep = simMillis / (DemoCar.STEP_SECONDS * 1000L);
        List<Vehicle> vehicles = new ArrayList<>(owned.size());
        for (DemoCar car : owned) {
            car.advanceTo(targetStep, now);
            vehicles.add(car.snapshot());
        }
        // stamped with the simulated time, so trips and sessions derived from it last simulated minutes
        return EVMetricData.ofVehicles(source(), start.plusMillis(simMillis), vehicles);
    }

    /**
     * The adaptive policy's interval is meant in the cars' time, which runs {@code timeScale}
     * times faster here: the wait is divided by the scale (at least {@link #MIN_REAL_INTERVAL}),
     * so a simulated drive is polled as often as a real one would be. A fixed {@code --interval}
     * is real time and stays as given.
     */
    @Override
    public Duration nextInterval(EVMetricData latest, PollingPolicy policy) {
        if (policy.fixed().isPresent()) {
            return policy.fixed().get();
        }
        return scaled(super.nextInterval(latest, policy));
    }

    /** A simulated-time wait as a real-time one. */
    Duration scaled(Duration simulated) {
        long real = (long) (simulated.toMillis() / timeScale);
        return Duration.ofMillis(Math.max(MIN_REAL_INTERVAL.toMillis(), real));
    }

    /**
     * Settings of the demo source.
     *
     * @param vehicles  how many cars (each lives the same kind of day at its own hour)
     * @param seed      makes the fleet and every value reproducible
     * @param timeScale simulated seconds per real second
     */
    public record DemoConfig(int vehicles, long seed, double timeScale) {
        /** The fleet size the benchmarks cover (10,000 cars measured) with a margin; far above, the heap runs out. */
        public static final int MAX_VEHICLES = 100_000;

        public DemoConfig {
            if (vehicles < 1 || vehicles > MAX_VEHICLES) {
                throw new IllegalArgumentException("--demo-vehicles must be between 1 and " + MAX_VEHICLES);
            }
            if (!(timeScale > 0) || timeScale > 100_000) {
                throw new IllegalArgumentException("--demo-time-scale must be between 0 and 100000");
            }
        }

        public static DemoConfig defaults() {
            return new DemoConfig(1, 42, DEFAULT_TIME_SCALE);
        }
    }
}
