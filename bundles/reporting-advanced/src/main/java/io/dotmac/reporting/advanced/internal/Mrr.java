package io.dotmac.reporting.advanced.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Subscription metrics from {@link Segment}s, measured at the end of each month. A customer's MRR in a currency is the
 * sum of their subscriptions live at the end of the month on a plan of that currency; comparing it with the end of the
 * month before sorts every change into new (from nothing), expansion (up), contraction (down, not to nothing) and
 * churned (to nothing) MRR. Exact: amounts stay in twelfths of a minor unit until shown.
 */
final class Mrr {

    /** A customer in a currency. */
    private record Key(String customer, String currency) {
    }

    /** One month's figures in one currency, amounts in twelfths of a minor unit. */
    record Month(YearMonth month, String currency, long mrr, long customers, long startMrr, long startCustomers,
            long newMrr, long expansion, long contraction, long churned, long newCustomers, long churnedCustomers) {

        /** ARR in minor units: twelve months of MRR, exact. */
        long arrMinor() {
            return mrr;
        }

        /** MRR in minor units, rounded half-even. */
        long mrrMinor() {
            return minor(mrr);
        }

        /** MRR per customer in minor units; {@code null} without customers. */
        Long arpuMinor() {
            return customers == 0 ? null
                    : BigDecimal.valueOf(mrr).divide(BigDecimal.valueOf(12 * customers), 0, RoundingMode.HALF_EVEN)
                            .longValueExact();
        }

        /** Customers lost in the month per 100 customers at its start. */
        BigDecimal customerChurnRate() {
            return percent(churnedCustomers, startCustomers);
        }

        /** MRR lost (churned and contraction) in the month per 100 of MRR at its start. */
        BigDecimal revenueChurnRate() {
            return percent(churned + contraction, startMrr);
        }

        /** What the customers of the month's start pay at its end, per 100 of what they paid at its start. */
        BigDecimal netRevenueRetention() {
            return percent(startMrr + expansion - contraction - churned, startMrr);
        }
    }

    private Mrr() {
    }

    static long minor(long twelfths) {
        return BigDecimal.valueOf(twelfths).divide(BigDecimal.valueOf(12), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    static BigDecimal percent(long part, long whole) {
        return whole == 0 ? null
                : BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                        .divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_EVEN);
    }

    /** Each customer's MRR per currency at the end of {@code day}; customers at 0 are left out. */
    static Map<Key, Long> snapshot(List<Segment> segments, LocalDate day) {
        Map<Key, Long> mrr = new HashMap<>();
        for (Segment s : segments) {
            if (s.liveAtEndOf(day)) {
                mrr.merge(new Key(s.customerId(), s.currency()), s.twelfths(), Long::sum);
            }
        }
        mrr.values().removeIf(v -> v == 0);
        return mrr;
    }

    /** The figures of each month, per currency (currencies in name order, every currency in every month). */
    static List<Month> months(List<Segment> segments, List<YearMonth> months) {
        Set<String> currencies = new TreeSet<>();
        segments.forEach(s -> currencies.add(s.currency()));
        List<Month> out = new ArrayList<>();
        Map<Key, Long> before = snapshot(segments, months.get(0).minusMonths(1).atEndOfMonth());
        for (YearMonth month : months) {
            Map<Key, Long> after = snapshot(segments, month.atEndOfMonth());
            for (String currency : currencies) {
                long[] f = new long[10];
                Set<String> customers = new HashSet<>();
                before.forEach((k, v) -> {
                    if (k.currency().equals(currency)) {
                        customers.add(k.customer());
                    }
                });
                after.forEach((k, v) -> {
                    if (k.currency().equals(currency)) {
                        customers.add(k.customer());
                    }
                });
                for (String customer : customers) {
                    Key key = new Key(customer, currency);
                    long was = before.getOrDefault(key, 0L);
                    long is = after.getOrDefault(key, 0L);
                    f[0] += is;
                    f[2] += was;
                    if (is > 0) {
                        f[1]++;
                    }
                    if (was > 0) {
                        f[3]++;
                    }
                    if (was == 0 && is > 0) {
                        f[4] += is;
                        f[8]++;
                    } else if (was > 0 && is == 0) {
                        f[7] += was;
                        f[9]++;
                    } else if (is > was) {
                        f[5] += is - was;
                    } else if (is < was) {
                        f[6] += was - is;
                    }
                }
                out.add(new Month(month, currency, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]));
            }
            before = after;
        }
        return out;
    }
}
