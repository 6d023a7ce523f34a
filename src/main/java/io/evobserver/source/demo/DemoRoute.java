package io.evobserver.source.demo;

import java.util.List;

/**
 * A commute on real roads' coordinates: Esch-sur-Alzette to Luxembourg-Kirchberg through
 * Foetz, Leudelange, Bertrange, Strassen and the city centre. Positions are interpolated
 * along the polyline by distance.
 */
final class DemoRoute {

    /** lat, lon pairs, WGS84. */
    private static final double[][] WAYPOINTS = {
            {49.4958, 5.9806},  // Esch-sur-Alzette, home
            {49.5210, 6.0150},  // Foetz
            {49.5475, 6.0430},  // A4 near Leudelange
            {49.5900, 6.0650},  // Leudelange north
            {49.6110, 6.0500},  // Bertrange
            {49.6203, 6.0731},  // Strassen
            {49.6116, 6.1300},  // Luxembourg city centre
            {49.6210, 6.1420},  // Kirchberg
            {49.6290, 6.1640},  // Kirchberg, work
    };

    private static final double EARTH_RADIUS_KM = 6371.0088;
    private static final double[] CUMULATIVE_KM = cumulative();

    private DemoRoute() {
    }

    static double lengthKm() {
        return CUMULATIVE_KM[CUMULATIVE_KM.length - 1];
    }

    /** Position and heading at a distance from home along the route ({@code towardsWork} false: reversed). */
    static double[] positionAt(double km, boolean towardsWork) {
        double d = Math.max(0, Math.min(lengthKm(), towardsWork ? km : lengthKm() - km));
        int i = 1;
        while (i < CUMULATIVE_KM.length - 1 && CUMULATIVE_KM[i] < d) {
            i++;
        }
        double segment = CUMULATIVE_KM[i] - CUMULATIVE_KM[i - 1];
        double f = segment == 0 ? 0 : (d - CUMULATIVE_KM[i - 1]) / segment;
        double[] a = WAYPOINTS[i - 1];
        double[] b = WAYPOINTS[i];
        double lat = a[0] + (b[0] - a[0]) * f;
        double lon = a[1] + (b[1] - a[1]) * f;
        double heading = towardsWork ? bearing(a, b) : bearing(b, a);
        return new double[] {lat, lon, heading};
    }

    static double[] home() {
        return WAYPOINTS[0];
    }

    static double[] work() {
        return WAYPOINTS[WAYPOINTS.length - 1];
    }

    static List<double[]> waypoints() {
        return List.of(WAYPOINTS);
    }

    private static double[] cumulative() {
        double[] c = new double[WAYPOINTS.length];
        for (int i = 1; i < WAYPOINTS.length; i++) {
            c[i] = c[i - 1] + distanceKm(WAYPOINTS[i - 1], WAYPOINTS[i]);
        }
        return c;
    }

    static double distanceKm(double[] a, double[] b) {
        double lat1 = Math.toRadians(a[0]);
        double lat2 = Math.toRadians(b[0]);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b[1] - a[1]);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
    }

    private static double bearing(double[] a, double[] b) {
        double lat1 = Math.toRadians(a[0]);
        double lat2 = Math.toRadians(b[0]);
        double dLon = Math.toRadians(b[1] - a[1]);
        double y = Math.sin(dLon) * Math.cos(lat2);
        double x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLon);
        return (Math.toDegrees(Math.atan2(y, x)) + 360) % 360;
    }
}
