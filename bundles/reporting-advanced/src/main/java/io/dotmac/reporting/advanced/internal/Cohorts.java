package io.dotmac.reporting.advanced.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cohort retention: customers grouped by the month they signed up (their first subscription's start), and for each
 * month after it, how many of them still had a live subscription at its end (any plan, any currency).
 */
final class Cohorts {

    /** One cohort: its month, its size, and those retained at the end of its month + k (k = 0, 1, ...). */
    record Cohort(YearMonth signup, int customers, List<Integer> retained) {
    }

    private Cohorts() {
    }

    /**
     * The cohorts of {@code months}, each followed up to the last of {@code months} (and not past {@code today}'s
     * month: a month not over yet is measured at {@code today}).
     */
    static List<Cohort> of(List<Segment> segments, List<YearMonth> months, LocalDate today) {
        Map<String, List<Segment>> byCustomer = new HashMap<>();
        Map<String, LocalDate> signup = new HashMap<>();
        for (Segment s : segments) {
            byCustomer.computeIfAbsent(s.customerId(), k -> new ArrayList<>()).add(s);
            signup.merge(s.customerId(), s.from(), (a, b) -> a.isBefore(b) ? a : b);
        }
        YearMonth first = months.get(0);
        YearMonth last = months.get(months.size() - 1);
        if (last.isAfter(YearMonth.from(today))) {
            last = YearMonth.from(today);
        }
        Map<YearMonth, List<String>> members = new TreeMap<>();
        signup.forEach((customer, day) -> {
            YearMonth m = YearMonth.from(day);
            if (!m.isBefore(first) && !m.isAfter(months.get(months.size() - 1))) {
                members.computeIfAbsent(m, k -> new ArrayList<>()).add(customer);
            }
        });
        List<Cohort> cohorts = new ArrayList<>();
        for (YearMonth m : months) {
            List<String> customers = members.getOrDefault(m, List.of());
            List<Integer> retained = new ArrayList<>();
            for (YearMonth at = m; !at.isAfter(last); at = at.plusMonths(1)) {
                LocalDate end = at.equals(YearMonth.from(today)) ? today : at.atEndOfMonth();
                int n = 0;
                for (String customer : customers) {
                    if (byCustomer.get(customer).stream().anyMatch(s -> s.liveAtEndOf(end))) {
                        n++;
                    }
                }
                retained.add(n);
            }
            cohorts.add(new Cohort(m, customers.size(), retained));
        }
        return cohorts;
    }
}
