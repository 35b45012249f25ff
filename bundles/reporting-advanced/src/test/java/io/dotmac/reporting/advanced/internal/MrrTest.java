package io.dotmac.reporting.advanced.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dotmac.reporting.advanced.internal.SubscriptionBook.Change;
import io.dotmac.reporting.advanced.internal.SubscriptionBook.Plan;

class MrrTest {

    private static final Map<String, Plan> PLANS = Map.of("basic", new Plan("USD", 3000 * 12),
            "fast", new Plan("USD", 5000 * 12), "yearly", new Plan("USD", 60000), "quarterly", new Plan("USD", 9000 * 4),
            "euro", new Plan("EUR", 2000 * 12));

    private static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    private static List<Segment> book() {
        List<Segment> s = new ArrayList<>();
        // a: 30.00 from Jan 10, upgraded to 50.00 on Mar 15: expansion in March
        SubscriptionBook.cut(s, PLANS, "s1", "a", "fast", d("2025-01-10"), null,
                List.of(new Change(d("2025-03-15"), "basic", "fast")));
        // b: 50.00 from Dec 2024, down to 30.00 on Feb 1, cancelled (ends) Apr 1
        SubscriptionBook.cut(s, PLANS, "s2", "b", "basic", d("2024-12-01"), d("2025-04-01"),
                List.of(new Change(d("2025-02-01"), "fast", "basic")));
        // c: yearly 600.00 = 50.00 a month from Feb 20
        SubscriptionBook.cut(s, PLANS, "s3", "c", "yearly", d("2025-02-20"), null, List.of());
        // d: quarterly 90.00 = 30.00 a month, started and cancelled within January: never at a month end
        SubscriptionBook.cut(s, PLANS, "s4", "d", "quarterly", d("2025-01-05"), d("2025-01-20"), List.of());
        // e: EUR 20.00 from Dec 2024
        SubscriptionBook.cut(s, PLANS, "s5", "e", "euro", d("2024-12-15"), null, List.of());
        return s;
    }

    @Test
    void planChangesCutASubscriptionIntoParts() {
        List<Segment> s = new ArrayList<>();
        SubscriptionBook.cut(s, PLANS, "s1", "a", "fast", d("2025-01-10"), d("2025-06-01"),
                List.of(new Change(d("2025-03-15"), "basic", "fast")));
        assertEquals(List.of(new Segment("s1", "a", "USD", d("2025-01-10"), d("2025-03-15"), 36000),
                new Segment("s1", "a", "USD", d("2025-03-15"), d("2025-06-01"), 60000)), s);
        // a change on the start day leaves no empty part; a change after the end is cut at the end
        List<Segment> t = new ArrayList<>();
        SubscriptionBook.cut(t, PLANS, "s2", "b", "basic", d("2025-01-01"), d("2025-02-01"),
                List.of(new Change(d("2025-01-01"), "fast", "basic"), new Change(d("2025-03-01"), "basic", "fast")));
        assertEquals(List.of(new Segment("s2", "b", "USD", d("2025-01-01"), d("2025-02-01"), 36000)), t);
    }

    @Test
    void monthsSortEveryChangeAndAddUp() {
        List<Mrr.Month> months = Mrr.months(book(), List.of(YearMonth.of(2025, 1), YearMonth.of(2025, 2),
                YearMonth.of(2025, 3), YearMonth.of(2025, 4)));
        assertEquals(8, months.size());
        // end of Dec 2024: USD b 50.00 | EUR e 20.00
        // Jan USD: a new 30.00, b 50.00 = 80.00, 2 customers; d never at a month end
        Mrr.Month jan = months.get(1);
        assertEquals("USD", jan.currency());
        assertEquals(8000, jan.mrrMinor());
        assertEquals(2, jan.customers());
        assertEquals(3000 * 12, jan.newMrr());
        assertEquals(1, jan.newCustomers());
        assertEquals(new BigDecimal("0.00"), jan.customerChurnRate());
        assertEquals(new BigDecimal("100.00"), jan.netRevenueRetention());
        // Feb USD: b down 50 -> 30 (contraction 20.00); c new 50.00: MRR 30 + 30 + 50 = 110.00
        Mrr.Month feb = months.get(3);
        assertEquals(11000, feb.mrrMinor());
        assertEquals(5000 * 12, feb.newMrr());
        assertEquals(2000 * 12, feb.contraction());
        // revenue churn 20 / 80 = 25 %; NRR (80 - 20) / 80 = 75 %
        assertEquals(new BigDecimal("25.00"), feb.revenueChurnRate());
        assertEquals(new BigDecimal("75.00"), feb.netRevenueRetention());
        // Mar USD: a up 30 -> 50 (expansion 20.00): 50 + 30 + 50 = 130.00, ARR 1,560.00, ARPU 43.33
        Mrr.Month mar = months.get(5);
        assertEquals(13000, mar.mrrMinor());
        assertEquals(156000, mar.arrMinor());
        assertEquals(4333L, mar.arpuMinor());
        assertEquals(2000 * 12, mar.expansion());
        assertEquals(new BigDecimal("118.18"), mar.netRevenueRetention()); // 130 / 110
        // Apr USD: b ends Apr 1 (churned 30.00): 100.00; 1 of 3 customers lost = 33.33 %
        Mrr.Month apr = months.get(7);
        assertEquals(10000, apr.mrrMinor());
        assertEquals(3000 * 12, apr.churned());
        assertEquals(1, apr.churnedCustomers());
        assertEquals(new BigDecimal("33.33"), apr.customerChurnRate());
        assertEquals(new BigDecimal("23.08"), apr.revenueChurnRate()); // 30 / 130
        // start + new + expansion - contraction - churned = end, every month
        for (Mrr.Month m : months) {
            assertEquals(m.mrr(), m.startMrr() + m.newMrr() + m.expansion() - m.contraction() - m.churned());
        }
        // EUR: 20.00 throughout, nothing moves
        Mrr.Month eur = months.get(6);
        assertEquals("EUR", eur.currency());
        assertEquals(2000, eur.mrrMinor());
        assertEquals(0, eur.newMrr() + eur.churned());
    }

    @Test
    void ratesWithoutCustomersAtTheStartAreAbsent() {
        List<Mrr.Month> months = Mrr.months(book(), List.of(YearMonth.of(2024, 11)));
        assertEquals(0, months.get(1).startMrr());
        assertNull(months.get(1).customerChurnRate());
        assertNull(months.get(1).netRevenueRetention());
        assertNull(months.get(1).arpuMinor());
    }

    @Test
    void cohortsFollowTheirCustomersToTheLastMonth() {
        // signups: b Dec 2024, e Dec 2024, a Jan, d Jan (gone by Jan 20), c Feb
        List<Cohorts.Cohort> cohorts = Cohorts.of(book(), List.of(YearMonth.of(2025, 1), YearMonth.of(2025, 2),
                YearMonth.of(2025, 3), YearMonth.of(2025, 4)), d("2026-01-01"));
        assertEquals(new Cohorts.Cohort(YearMonth.of(2025, 1), 2, List.of(1, 1, 1, 1)), cohorts.get(0));
        assertEquals(new Cohorts.Cohort(YearMonth.of(2025, 2), 1, List.of(1, 1, 1)), cohorts.get(1));
        assertEquals(new Cohorts.Cohort(YearMonth.of(2025, 3), 0, List.of(0, 0)), cohorts.get(2));
        // measured at today in a month not over yet, and never past it
        List<Cohorts.Cohort> now = Cohorts.of(book(), List.of(YearMonth.of(2025, 1), YearMonth.of(2025, 2),
                YearMonth.of(2025, 3)), d("2025-02-10"));
        assertEquals(List.of(1, 1), now.get(0).retained());
        assertEquals(List.of(0), now.get(1).retained());
        assertEquals(List.of(), now.get(2).retained());
    }
}
