package io.dotmac.sla.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A subscription's availability over a span: the outages that count (the linked device's own and, when the link
 * names one, its interface's), less the maintenance windows, over the span less the maintenance windows. Pure
 * arithmetic on instants; seconds are the unit.
 */
final class Availability {

    /** A span {@code [start, end)}; {@code end} {@code null}: still going on. */
    record Span(Instant start, Instant end) {
    }

    /**
     * What was measured.
     *
     * @param measuredSeconds    the span less maintenance
     * @param downtimeSeconds    outages outside maintenance
     * @param maintenanceSeconds maintenance inside the span
     * @param outages            how many outages counted (any part of them outside maintenance)
     */
    record Measure(long measuredSeconds, long downtimeSeconds, long maintenanceSeconds, int outages) {

        /** Up time in percent, four decimals, rounded down; {@code null} when nothing was measured. */
        BigDecimal percent() {
            if (measuredSeconds <= 0) {
                return null;
            }
            return BigDecimal.valueOf(measuredSeconds - downtimeSeconds).multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(measuredSeconds), 4, RoundingMode.DOWN);
        }

        /** Whether up time is below {@code targetPercent}, exactly (not after rounding). */
        boolean below(BigDecimal targetPercent) {
            return measuredSeconds > 0 && BigDecimal.valueOf(measuredSeconds - downtimeSeconds)
                    .multiply(BigDecimal.valueOf(100))
                    .compareTo(targetPercent.multiply(BigDecimal.valueOf(measuredSeconds))) < 0;
        }

        /** Minutes, two decimals. */
        static BigDecimal minutes(long seconds) {
            return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_EVEN);
        }
    }

    private Availability() {
    }

    static Measure of(Instant from, Instant to, List<Span> outages, List<Span> maintenance) {
        if (!from.isBefore(to)) {
            return new Measure(0, 0, 0, 0);
        }
        List<Span> windows = union(clip(maintenance, from, to));
        long maintenanceSeconds = seconds(windows);
        long downtime = 0;
        int counted = 0;
        for (Span outage : union(clip(outages, from, to))) {
            long down = Duration.between(outage.start(), outage.end()).getSeconds() - overlap(outage, windows);
            if (down > 0) {
                downtime += down;
                counted++;
            }
        }
        return new Measure(Duration.between(from, to).getSeconds() - maintenanceSeconds, downtime,
                maintenanceSeconds, counted);
    }

    /** {@code spans} cut to {@code [from, to)}, an open end ending at {@code to}; empty ones left out. */
    static List<Span> clip(List<Span> spans, Instant from, Instant to) {
        List<Span> out = new ArrayList<>();
        for (Span s : spans) {
            Instant start = s.start().isBefore(from) ? from : s.start();
            Instant end = s.end() == null || s.end().isAfter(to) ? to : s.end();
            if (start.isBefore(end)) {
                out.add(new Span(start, end));
            }
        }
        return out;
    }

    /** Closed spans merged where they overlap or touch, in order. */
    static List<Span> union(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparing(Span::start));
        List<Span> out = new ArrayList<>();
        for (Span s : sorted) {
            Span last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && !s.start().isAfter(last.end())) {
                if (s.end().isAfter(last.end())) {
                    out.set(out.size() - 1, new Span(last.start(), s.end()));
                }
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static long seconds(List<Span> spans) {
        long n = 0;
        for (Span s : spans) {
            n += Duration.between(s.start(), s.end()).getSeconds();
        }
        return n;
    }

    /** Seconds of {@code span} inside the (merged) {@code windows}. */
    private static long overlap(Span span, List<Span> windows) {
        long n = 0;
        for (Span w : windows) {
            Instant start = w.start().isAfter(span.start()) ? w.start() : span.start();
            Instant end = w.end().isBefore(span.end()) ? w.end() : span.end();
            if (start.isBefore(end)) {
                n += Duration.between(start, end).getSeconds();
            }
        }
        return n;
    }
}
