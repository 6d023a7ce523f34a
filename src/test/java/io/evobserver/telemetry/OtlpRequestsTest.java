package io.evobserver.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableDoublePointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableGaugeData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableLongPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableSumData;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpRequestsTest {

    private static final Resource RESOURCE = Resource.getDefault().merge(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.instance.id"), "a-long-instance-id-to-make-the-resource-weigh-something")));
    private static final AttributeKey<String> VIN = AttributeKey.stringKey("vehicle.vin");

    private static MetricData gauge(String name, int points, int from) {
        List<DoublePointData> ps = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            ps.add(ImmutableDoublePointData.create(1, 2, Attributes.of(VIN, "VIN" + (from + i)), from + i));
        }
        return ImmutableMetricData.createDoubleGauge(RESOURCE, InstrumentationScopeInfo.create("s"), name, "d", "km",
                ImmutableGaugeData.create(ps));
    }

    private static MetricData counter(String name, int points) {
        List<LongPointData> ps = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            ps.add(ImmutableLongPointData.create(1, 2, Attributes.of(VIN, "VIN" + i), i));
        }
        return ImmutableMetricData.createLongSum(RESOURCE, InstrumentationScopeInfo.create("s"), name, "d", "1",
                ImmutableSumData.create(true, AggregationTemporality.CUMULATIVE, ps));
    }

    @Test
    void aSmallCollectionIsOneRequest() {
        List<MetricData> m = List.of(gauge("a", 10, 0), counter("b", 5));
        assertThat(OtlpRequests.split(m, 4 << 20)).containsExactly(m);
    }

    @Test
    void everyRequestIsUnderTheLimitAndTogetherTheyHoldEveryPointOnceInOrder() {
        Random random = new Random(7);
        for (int round = 0; round < 30; round++) {
            List<MetricData> metrics = new ArrayList<>();
            int n = 1 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                metrics.add(random.nextBoolean() ? gauge("g" + i, random.nextInt(3000), i * 10_000)
                        : counter("c" + i, random.nextInt(2000)));
            }
            long limit = 2_000 + random.nextInt(200_000);
            List<List<MetricData>> requests = OtlpRequests.split(metrics, limit);
            List<String> expected = new ArrayList<>();
            metrics.forEach(m -> m.getData().getPoints().forEach(p -> expected.add(m.getName() + key(p))));
            List<String> got = new ArrayList<>();
            for (List<MetricData> r : requests) {
                assertThat(OtlpRequests.encodedSize(r)).as("round %d limit %d", round, limit).isLessThanOrEqualTo(limit);
                r.forEach(m -> m.getData().getPoints().forEach(p -> got.add(m.getName() + key(p))));
                // the piece keeps its metric's identity
                r.forEach(m -> assertThat(m.getResource()).isEqualTo(RESOURCE));
            }
            assertThat(got).isEqualTo(expected);
        }
    }

    private static String key(PointData p) {
        return p.getAttributes().get(VIN) + "=" + (p instanceof DoublePointData d ? d.getValue() : ((LongPointData) p).getValue());
    }

    @Test
    void aRequestWrittenToDiskReadsBackAsTheSameMetrics() throws Exception {
        List<MetricData> m = List.of(gauge("a", 3, 0), counter("b", 2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OtlpRequests.write(m, out);
        assertThat((long) out.size()).isEqualTo(OtlpRequests.encodedSize(m));
        List<MetricData> back = OtlpRequests.read(out.toByteArray());
        // the reader may group metrics differently; each metric comes back whole
        assertThat(back).extracting(MetricData::getName).containsExactlyInAnyOrder("a", "b");
        MetricData a = back.stream().filter(x -> x.getName().equals("a")).findFirst().orElseThrow();
        MetricData b = back.stream().filter(x -> x.getName().equals("b")).findFirst().orElseThrow();
        assertThat(a.getDoubleGaugeData().getPoints()).hasSize(3);
        assertThat(b.getLongSumData().isMonotonic()).isTrue();
        assertThat(a.getResource().getAttributes()).isEqualTo(RESOURCE.getAttributes());
        assertThat(OtlpRequests.encodedSize(back)).isEqualTo(OtlpRequests.encodedSize(m));
    }
}
