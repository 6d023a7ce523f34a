package io.evobserver.benchmark;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How every benchmark of this project runs: one fork, 3 x 2 s warm-up, 5 x 2 s measured, the
 * benchmark object as its own state. JMH reads these annotations up the class hierarchy, so a
 * benchmark extends this class and states only its mode and time unit (and a {@code @Fork} of
 * its own when it needs a larger heap).
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class StandardBenchmark {
}
