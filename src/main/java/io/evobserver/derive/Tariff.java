package io.evobserver.derive;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a kWh costs, by time of day: {@code --tariff 0.25EUR} (flat) or
 * {@code --tariff "EUR;00:00-07:00=0.12;07:00-24:00=0.30"} (time-of-use windows, local time,
 * together covering the whole day; a window may wrap midnight, e.g. {@code 22:00-06:00=0.12}).
 * A session's energy is spread evenly over each interval between two polls and priced per
 * minute of the window it falls in.
 */
public final class Tariff {

    private static final Pattern FLAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]{3})");
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,2}):(\\d{2})-(\\d{1,2}):(\\d{2})=(\\d+(?:\\.\\d+)?)");
    private static final int DAY_MINUTES = 24 * 60;
    private static final long MAX_PRICED_MINUTES = 14L * DAY_MINUTES;

    private final String currency;
    private final double[] pricePerMinute;
    private final ZoneId zone;

    private Tariff(String currency, double[] pricePerMinute, ZoneId zone) {
        this.currency = currency;
        this.pricePerMinute = pricePerMinute;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * Parses the {@code --tariff} syntax; windows are read in {@code zone}.
     *
     * @throws IllegalArgumentException with a one-line message saying what is wrong
     */
    public static Tariff parse(String text, ZoneId zone) {
        String t = text == null ? "" : text.trim();
        Matcher flat = FLAT.matcher(t);
        if (flat.matches()) {
            double[] prices = new double[DAY_MINUTES];
            Arrays.fill(prices, Double.parseDouble(flat.group(1)));
            return new Tariff(flat.group(2).toUpperCase(Locale.ROOT), prices, zone);
        }
        String[] parts = t.split(";");
        if (parts.length < 2 || !parts[0].trim().matches("[A-Za-z]{3}")) {
            throw new IllegalArgumentException("--tariff '" + t + "': expected a price and currency (0.25EUR) or "
                    + "CUR;HH:MM-HH:MM=PRICE;... (EUR;00:00-07:00=0.12;07:00-24:00=0.30)");
        }
        double[] prices = new double[DAY_MINUTES];
        Arrays.fill(prices, Double.NaN);
        for (int i = 1; i < parts.length; i++) {
            Matcher w = WINDOW.matcher(parts[i].trim());
            if (!w.matches()) {
                throw new IllegalArgumentException("--tariff: window '" + parts[i].trim()
                        + "' is not HH:MM-HH:MM=PRICE");
            }
            int from = minute(w.group(1), w.group(2), parts[i]);
            int to = minute(w.group(3), w.group(4), parts[i]);
            if (from == to) {
                throw new IllegalArgumentException("--tariff: window '" + parts[i].trim() + "' is empty");
            }
            double price = Double.parseDouble(w.group(5));
            for (int m = from; m != to; m = (m + 1) % DAY_MINUTES) {
                if (!Double.isNaN(prices[m])) {
                    throw new IllegalArgumentException("--tariff: window '" + parts[i].trim()
                            + "' overlaps another at " + LocalTime.ofSecondOfDay(m * 60L));
                }
                prices[m] = price;
            }
        }
        for (int m = 0; m < DAY_MINUTES; m++) {
            if (Double.isNaN(prices[m])) {
                throw new IllegalArgumentException("--tariff: no window covers " + LocalTime.ofSecondOfDay(m * 60L)
                        + " (the windows must cover the whole day)");
            }
        }
        return new Tariff(parts[0].trim().toUpperCase(Locale.ROOT), prices, zone);
    }

    private static int minute(String h, String m, String part) {
        int hour = Integer.parseInt(h);
        int min = Integer.parseInt(m);
        if (hour > 24 || min > 59 || (hour == 24 && min != 0)) {
            throw new IllegalArgumentException("--tariff: '" + part.trim() + "' has a time outside 00:00-24:00");
        }
        return (hour * 60 + min) % DAY_MINUTES;
    }

    public String currency() {
        return currency;
    }

    /** The price of one kWh at this instant. */
    public double priceAt(Instant at) {
        ZonedDateTime z = at.atZone(zone);
        return pricePerMinute[z.getHour() * 60 + z.getMinute()];
    }

    /** What {@code kwh} cost when drawn evenly between {@code from} and {@code to}. */
    public double cost(Instant from, Instant to, double kwh) {
        if (kwh <= 0) {
            return 0;
        }
        long minutes = from.until(to, java.time.temporal.ChronoUnit.MINUTES);
        if (minutes <= 0) {
            return kwh * priceAt(to);
        }
        if (minutes > MAX_PRICED_MINUTES) {
            // a poll gap of weeks: the day's average price is as good as any split
            return kwh * Arrays.stream(pricePerMinute).average().orElse(0);
        }
        double perMinute = kwh / minutes;
        double sum = 0;
        Instant t = from;
        for (long i = 0; i < minutes; i++) {
            sum += perMinute * priceAt(t);
            t = t.plusSeconds(60);
        }
        return sum;
    }
}
