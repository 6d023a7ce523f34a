package io.evobserver.source.chargy;

import io.evobserver.benchmark.StandardBenchmark;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Parsing one whole Chargy document, the work each poll does after the download: at the live
 * size (526 locations, ~1,800 connectors, ~0.7 MB) and at a larger 1,000-location network, plain
 * and gzipped as it comes off the wire. The document is generated, not recorded, so the figure is
 * about the parser, not about one day's feed.
 *
 * <p>Run: {@code mvn -B -q -Pjmh -DskipTests package && java -jar target/benchmarks.jar Chargy -f 1 -wi 3 -i 5}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ChargyParseBenchmark extends StandardBenchmark {

    @Param({"526", "1000"})
    public int stations;

    private byte[] kml;
    private byte[] gzipped;
    private ChargyKmlParser parser;

    @Setup
    public void setup() throws IOException {
        ChargyFeedGenerator.Generated g = ChargyFeedGenerator.generate(stations, 42);
        kml = g.kml();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(kml);
        }
        gzipped = bos.toByteArray();
        parser = new ChargyKmlParser(new ChargyStatusMapper());
        System.out.printf("%n[chargy] %d stations, %d connectors, %,d bytes (%,d gzipped)%n", g.stations(),
                g.connectors(), kml.length, gzipped.length);
    }

    /** Returns the feed as Object: its type is package-private, the generated harness is not in this package. */
    @Benchmark
    public Object parse() throws Exception {
        return parser.parse(new ByteArrayInputStream(kml));
    }

    @Benchmark
    public Object parseGzip() throws Exception {
        return parser.parse(new GZIPInputStream(new ByteArrayInputStream(gzipped), 16 * 1024));
    }
}
