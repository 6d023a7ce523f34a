package io.evobserver.source;

import io.evobserver.core.SourceProvider;
import io.evobserver.source.bmw.BmwSource;
import io.evobserver.source.chargy.ChargySource;
import io.evobserver.source.demo.DemoSource;
import io.evobserver.source.tesla.TeslaSource;
import io.evobserver.source.volvo.VolvoSource;

import java.util.List;
import java.util.Optional;

/** Every source in this build. Adding a source is one new package and one line in {@link #ALL}. */
public final class SourceRegistry {

    /** In the order help and messages list them. */
    public static final List<SourceProvider> ALL = List.of(
            TeslaSource.DEFINITION,
            BmwSource.DEFINITION,
            VolvoSource.DEFINITION,
            ChargySource.DEFINITION,
            DemoSource.DEFINITION);

    private SourceRegistry() {
    }

    /** The source called {@code name} (lower case), if this build has it. */
    public static Optional<SourceProvider> find(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
