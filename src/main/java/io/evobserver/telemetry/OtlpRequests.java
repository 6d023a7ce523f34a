package io.evobserver.telemetry;

import io.opentelemetry.contrib.disk.buffering.internal.serialization.deserializers.DeserializationException;
import io.opentelemetry.contrib.disk.buffering.internal.serialization.deserializers.SignalDeserializer;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.Data;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramData;
import io.opentelemetry.sdk.metrics.data.GaugeData;
import io.opentelemetry.sdk.metrics.data.HistogramData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.opentelemetry.sdk.metrics.data.SummaryData;
import io.opentelemetry.sdk.resources.Resource;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * OTLP metric requests as bytes: their exact encoded size (what a receiver's body or message
 * limit is compared with), splitting a collection into requests under a size limit, and the
 * request body as stored in the export buffer. Encoding uses the OTLP exporter's own marshaler, so
 * the size measured is the size sent (before optional gzip, which only makes it smaller);
 * decoding uses the contrib disk-buffering mapper, the one reader of that format on the classpath.
 */
final class OtlpRequests {

    private OtlpRequests() {
    }

    /** Bytes of the {@code ExportMetricsServiceRequest} body these metrics make (uncompressed). */
    static long encodedSize(Collection<MetricData> metrics) {
        return MetricsRequestMarshaler.create(metrics).getBinarySerializedSize();
    }

    static void write(Collection<MetricData> metrics, OutputStream out) throws IOException {
        MetricsRequestMarshaler.create(metrics).writeBinaryTo(out);
    }

    static List<MetricData> read(byte[] request) throws IOException {
        try {
            return SignalDeserializer.ofMetrics().deserialize(request);
        } catch (DeserializationException | RuntimeException e) {
            throw new IOException("not an OTLP metrics request: " + e.getMessage(), e);
        }
    }

    /**
     * Splits a collection into requests of at most {@code maxBytes} each, keeping the order of
     * metrics and of points; a metric too big for one request has its points spread over several
     * (each piece a metric of the same name, type and resource). A single point larger than the
     * limit goes alone in a request of its own: there is nothing smaller to send.
     */
    static List<List<MetricData>> split(Collection<MetricData> metrics, long maxBytes) {
        List<MetricData> all = List.copyOf(metrics);
        if (all.isEmpty() || encodedSize(all) <= maxBytes) {
            return all.isEmpty() ? List.of() : List.of(all);
        }
        // each piece measured alone carries its own resource and scope, so the sum of pieces'
        // sizes is an upper bound for a request holding them together
        List<MetricData> pieces = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (MetricData m : all) {
            addPieces(m, maxBytes, pieces, sizes);
        }
        List<List<MetricData>> requests = new ArrayList<>();
        List<MetricData> current = new ArrayList<>();
        long currentBytes = 0;
        for (int i = 0; i < pieces.size(); i++) {
            long size = sizes.get(i);
            if (!current.isEmpty() && currentBytes + size > maxBytes) {
                requests.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(pieces.get(i));
            currentBytes += size;
        }
        if (!current.isEmpty()) {
            requests.add(current);
        }
        return requests;
    }

    private static void addPieces(MetricData metric, long maxBytes, List<MetricData> pieces, List<Long> sizes) {
        long size = encodedSize(List.of(metric));
        List<? extends PointData> points = List.copyOf(metric.getData().getPoints());
        if (size <= maxBytes || points.size() <= 1) {
            pieces.add(metric);
            sizes.add(size);
            return;
        }
        // aim a little under the limit so most chunks fit at the first try; halve the rest
        int chunk = (int) Math.max(1, Math.min(points.size() - 1L, points.size() * (maxBytes * 0.9) / size));
        for (int from = 0; from < points.size(); from += chunk) {
            MetricData part = withPoints(metric, points.subList(from, Math.min(points.size(), from + chunk)));
            addPieces(part, maxBytes, pieces, sizes);
        }
    }

    /** The same metric with only {@code points}. */
    @SuppressWarnings("unchecked")
    static MetricData withPoints(MetricData m, List<? extends PointData> points) {
        Data<?> data = switch (m.getType()) {
            case DOUBLE_GAUGE -> GaugeData.createDoubleGaugeData((List<DoublePointData>) points);
            case LONG_GAUGE -> GaugeData.createLongGaugeData((List<LongPointData>) points);
            case DOUBLE_SUM -> SumData.createDoubleSumData(m.getDoubleSumData().isMonotonic(),
                    m.getDoubleSumData().getAggregationTemporality(), (List<DoublePointData>) points);
            case LONG_SUM -> SumData.createLongSumData(m.getLongSumData().isMonotonic(),
                    m.getLongSumData().getAggregationTemporality(), (List<LongPointData>) points);
            case HISTOGRAM -> HistogramData.create(m.getHistogramData().getAggregationTemporality(),
                    (List<io.opentelemetry.sdk.metrics.data.HistogramPointData>) points);
            case EXPONENTIAL_HISTOGRAM -> ExponentialHistogramData.create(
                    m.getExponentialHistogramData().getAggregationTemporality(),
                    (List<io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData>) points);
            case SUMMARY -> SummaryData.create((List<io.opentelemetry.sdk.metrics.data.SummaryPointData>) points);
        };
        return new Part(m.getResource(), m.getInstrumentationScopeInfo(), m.getName(), m.getDescription(),
                m.getUnit(), m.getType(), data);
    }

    /** A slice of a metric's points (the SDK has data factories but no public MetricData one). */
    private record Part(Resource getResource, InstrumentationScopeInfo getInstrumentationScopeInfo, String getName,
                        String getDescription, String getUnit, MetricDataType getType, Data<?> getData)
            implements MetricData {
    }
}
