package io.dotmac.management.engine.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.dotmac.management.HealthScore;
import io.dotmac.management.PlatformFigures;

/**
 * The arithmetic of the analytics and the health score, without a database or a clock: what README's definitions
 * say, tested against hand-computed fixtures.
 */
final class Insights {

    private Insights() {
    }

    /**
     * An ISP's life as the figures see it.
     *
     * @param readyAt  when its deployment became ready
     * @param goneAt   when it was decommissioned (null: still billed)
     * @param monthly  what it pays (or paid) a month
     */
    record Life(Instant readyAt, Instant goneAt, BigDecimal monthly) {
        boolean billedAt(Instant t) {
            return readyAt.isBefore(t) && (goneAt == null || !goneAt.isBefore(t));
        }
    }

    /** The last {@code count} months up to {@code now}'s, oldest first. */
    static List<PlatformFigures.Month> months(List<Life> isps, Instant now, int count) {
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        List<PlatformFigures.Month> out = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            YearMonth m = current.minusMonths(i);
            Instant start = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = i == 0 ? now : m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            int atStart = 0;
            int atEnd = 0;
            int fresh = 0;
            int churned = 0;
            BigDecimal newMrr = BigDecimal.ZERO;
            BigDecimal churnedMrr = BigDecimal.ZERO;
            for (Life l : isps) {
                if (l.billedAt(start)) {
                    atStart++;
                }
                if (l.billedAt(end)) {
                    atEnd++;
                }
                if (!l.readyAt().isBefore(start) && l.readyAt().isBefore(end)) {
                    fresh++;
                    newMrr = newMrr.add(l.monthly());
                }
                if (l.goneAt() != null && !l.goneAt().isBefore(start) && l.goneAt().isBefore(end)) {
                    churned++;
                    churnedMrr = churnedMrr.add(l.monthly());
                }
            }
            out.add(new PlatformFigures.Month(m.toString(), atStart, fresh, churned, atEnd, money(newMrr),
                    money(churnedMrr), atStart == 0 ? null : percent(atEnd - atStart, atStart),
                    atStart == 0 ? null : percent(churned, atStart)));
        }
        return out;
    }

    static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** {@code part / whole × 100}, one decimal. */
    static double percent(long part, long whole) {
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(whole), 1,
                RoundingMode.HALF_UP).doubleValue();
    }

    static int clamp(double score) {
        return (int) Math.round(Math.max(0, Math.min(100, score)));
    }

    // ---- the health score's parts: each null without data

    static final double W_GROWTH = 0.25;
    static final double W_REVENUE = 0.25;
    static final double W_LATENCY = 0.15;
    static final double W_TICKETS = 0.15;
    static final double W_ADOPTION = 0.20;

    /** Customers then (the oldest hour of the last 30 days) and now. */
    static HealthScore.Part customerGrowth(Long before, long now) {
        String rule = "50 + 5 × growth in % over 30 days, within 0..100 (+10 % or more: 100; -10 % or less: 0)";
        if (before == null) {
            return new HealthScore.Part("customer_growth", null, W_GROWTH, "no usage recorded in 30 days", rule);
        }
        double growth = before == 0 ? (now == 0 ? 0 : 100) : (now - before) * 100.0 / before;
        return new HealthScore.Part("customer_growth", clamp(50 + 5 * growth), W_GROWTH, String.format(
                java.util.Locale.ROOT, "%+.1f %% customers in 30 days (%d → %d)", growth, before, now), rule);
    }

    /** Invoiced in the last 30 days and in the 30 before (minor units). */
    static HealthScore.Part revenueTrend(long previous, long last) {
        String rule = "50 + 2.5 × change in % of the amount invoiced in the last 30 days against the 30 before, "
                + "within 0..100 (+20 %: 100; -20 %: 0; first revenue: 100)";
        if (previous == 0 && last == 0) {
            return new HealthScore.Part("revenue_trend", null, W_REVENUE, "nothing invoiced in 60 days", rule);
        }
        if (previous == 0) {
            return new HealthScore.Part("revenue_trend", 100, W_REVENUE, "first invoices in the last 30 days", rule);
        }
        double change = (last - previous) * 100.0 / previous;
        return new HealthScore.Part("revenue_trend", clamp(50 + 2.5 * change), W_REVENUE, String.format(
                java.util.Locale.ROOT, "%+.1f %% invoiced (30 days against the 30 before)", change), rule);
    }

    /** The API's p95 over the last 24 hours (ms), null without requests. */
    static HealthScore.Part apiLatency(Double p95Millis) {
        String rule = "100 at a p95 of 200 ms or less, 0 at 2,000 ms or more, linear between";
        if (p95Millis == null) {
            return new HealthScore.Part("api_latency", null, W_LATENCY, "no API requests in 24 hours", rule);
        }
        return new HealthScore.Part("api_latency", clamp(100 - (p95Millis - 200) * 100 / 1800), W_LATENCY,
                String.format(java.util.Locale.ROOT, "API p95 %.0f ms over 24 hours", p95Millis), rule);
    }

    /** The hours each ticket opened in the last 30 days took to resolve (open ones: so far), null without tickets. */
    static HealthScore.Part ticketResolution(List<Double> hours) {
        String rule = "100 at a mean of 24 h or less, 0 at 168 h (a week) or more, linear between; a ticket still "
                + "open counts with its age";
        if (hours.isEmpty()) {
            return new HealthScore.Part("ticket_resolution", null, W_TICKETS, "no tickets in 30 days", rule);
        }
        double mean = hours.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return new HealthScore.Part("ticket_resolution", clamp(100 - (mean - 24) * 100 / 144), W_TICKETS,
                String.format(java.util.Locale.ROOT, "%.1f h to resolve on average (%d tickets)", mean,
                        hours.size()), rule);
    }

    /** Plugins its tier gives it, and those of them it used in 30 days. */
    static HealthScore.Part featureAdoption(int entitled, int used) {
        String rule = "the share in % of the plugins its tier gives it that it used (requests to their endpoints) in "
                + "30 days";
        if (entitled == 0) {
            return new HealthScore.Part("feature_adoption", null, W_ADOPTION, "no plugins", rule);
        }
        return new HealthScore.Part("feature_adoption", clamp(used * 100.0 / entitled), W_ADOPTION,
                used + " of " + entitled + " plugins used in 30 days", rule);
    }

    /** The advice when a tenth or more of the customers have an overdue invoice, else null. */
    static String overdueAdvice(int customersWithOverdue, long customers, boolean dunningOn) {
        if (customers == 0 || customersWithOverdue * 10L < customers) {
            return null;
        }
        return Math.round(customersWithOverdue * 100.0 / customers) + " % of customers have overdue invoices: "
                + (dunningOn ? "review the dunning steps (automated_billing's settings)"
                        : "turn on dunning (automated_billing, BASIC and up)");
    }

    /** The weighted mean of the parts with a score (weights scaled to the ones there), null when none has. */
    static Integer overall(List<HealthScore.Part> parts) {
        long weights = 0; // in hundredths, so that the mean is exact before its rounding
        long sum = 0;
        for (HealthScore.Part p : parts) {
            if (p.score() != null) {
                long w = Math.round(p.weight() * 100);
                weights += w;
                sum += w * p.score();
            }
        }
        return weights == 0 ? null : clamp((double) sum / weights);
    }
}
