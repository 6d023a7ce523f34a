package io.evobserver.source.demo;

import io.evobserver.core.AbstractVehicleFetcher;
import io.evobserver.core.EVMetricData;
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
     * Settings of the demo source.
     *
     * @param vehicles  how many cars (each lives the same kind of day at its own hour)
     * @param seed      makes the fleet and every value reproducible
     * @param timeScale simulated seconds per real second
     */
    public record DemoConfig(int vehicles, long seed, double timeScale) {
        public DemoConfig {
            if (vehicles < 1) {
                throw new IllegalArgumentException("--demo-vehicles must be at least 1");
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
