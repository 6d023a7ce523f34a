package io.evobserver.source.bmw;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * BMW's software level in a form a person reads: the I-level notation {@code SERIES-YY-MM-NNN}
 * (series cluster, year and month of the integration step, its number; e.g. {@code G026-24-03-560})
 * when the document gives all of it (the MyBMW profile's {@code softwareVersionCurrent}, the
 * state's {@code vehicleSoftwareVersion}), else the year and month alone ({@code 24-03}) from a
 * bare {@code puStep} (CarData {@code basicData}); text is taken as it is. Zeros, which the app
 * sends when the car did not say, are no version.
 */
final class BmwSoftwareVersion {

    private BmwSoftwareVersion() {
    }

    /** The readable version of a {@code puStep}, {@code softwareVersionCurrent} or text node; null for none. */
    static String of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isValueNode()) {
            String text = node.asText().strip();
            return text.isEmpty() || text.equals("0") ? null : text;
        }
        if (!node.isObject()) {
            return null;
        }
        // iStep is a number in the profile, an object with its own date in some state documents
        JsonNode iStep = node.path("iStep");
        JsonNode dated = iStep.isObject() && positive(iStep.path("year")) ? iStep : node.path("puStep");
        if (!dated.isObject()) {
            dated = node; // a bare puStep: {month, year}
        }
        if (!positive(dated.path("year")) || !positive(dated.path("month"))) {
            return null;
        }
        String date = String.format(Locale.ROOT, "%02d-%02d", dated.path("year").asInt() % 100,
                dated.path("month").asInt());
        int step = iStep.isObject() ? iStep.path("iStep").asInt() : iStep.asInt();
        String series = node.path("seriesCluster").asText("").strip();
        if (series.isEmpty()) {
            series = iStep.path("seriesCluster").asText("").strip();
        }
        return step > 0 && !series.isEmpty() ? series + "-" + date + "-" + step : date;
    }

    private static boolean positive(JsonNode n) {
        return n.canConvertToInt() && n.asInt() > 0;
    }
}
