package io.dotmac.management.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dotmac.management.HealthScore;
import io.dotmac.management.PlatformFigures;

/** The figures and the score against fixtures computed by hand (README "Platform analytics and health score"). */
class InsightsTest {

    private static Insights.Life life(String ready, String gone, String monthly) {
        return new Insights.Life(Instant.parse(ready), gone == null ? null : Instant.parse(gone),
                new BigDecimal(monthly));
    }

    @Test
    void monthsCountNewChurnedAndActiveIspsWithTheirMrr() {
        // now: 2026-12-07. October: A, B ready; November: C ready, A gone; December: D ready, B gone
        List<Insights.Life> isps = List.of(
                life("2026-10-03T10:00:00Z", "2026-11-20T00:00:00Z", "49.00"),   // A, BASIC monthly
                life("2026-10-15T10:00:00Z", "2026-12-02T00:00:00Z", "149.00"),  // B, PREMIUM
                life("2026-11-01T00:00:00Z", null, "339.15"),                    // C, ENTERPRISE annual
                life("2026-12-05T08:00:00Z", null, "49.00"));                    // D
        List<PlatformFigures.Month> m = Insights.months(isps, Instant.parse("2026-12-07T12:00:00Z"), 3);
        assertEquals(List.of("2026-10", "2026-11", "2026-12"), m.stream().map(PlatformFigures.Month::month).toList());
        // October: none at the start, A and B new, 2 at the end; growth and churn undefined
        assertEquals(new PlatformFigures.Month("2026-10", 0, 2, 0, 2, "198.00", "0.00", null, null), m.get(0));
        // November: A, B at the start; C new (the 1st at 00:00 is in November), A gone; B, C at the end
        assertEquals(new PlatformFigures.Month("2026-11", 2, 1, 1, 2, "339.15", "49.00", 0.0, 50.0), m.get(1));
        // December so far: B, C at the start; D new, B gone; C, D now: growth 0 %, churn 1/2
        assertEquals(new PlatformFigures.Month("2026-12", 2, 1, 1, 2, "49.00", "149.00", 0.0, 50.0), m.get(2));
    }

    @Test
    void growthIsAPercentOfTheIspsAtTheMonthsStart() {
        List<Insights.Life> isps = List.of(life("2026-09-01T00:00:00Z", null, "10"),
                life("2026-09-02T00:00:00Z", null, "10"), life("2026-09-03T00:00:00Z", null, "10"),
                life("2026-10-10T00:00:00Z", null, "10"));
        PlatformFigures.Month october = Insights.months(isps, Instant.parse("2026-10-20T00:00:00Z"), 1).get(0);
        assertEquals(33.3, october.growthPercent()); // 3 → 4
        assertEquals(0.0, october.churnPercent());
    }

    @Test
    void eachPartFollowsItsRule() {
        assertEquals(100, Insights.customerGrowth(100L, 110).score()); // +10 %
        assertEquals(50, Insights.customerGrowth(100L, 100).score());
        assertEquals(25, Insights.customerGrowth(200L, 190).score()); // -5 % → 25
        assertNull(Insights.customerGrowth(null, 5).score());
        assertEquals(75, Insights.revenueTrend(10_000, 11_000).score()); // +10 % → 75
        assertEquals(0, Insights.revenueTrend(10_000, 5_000).score());
        assertEquals(100, Insights.revenueTrend(0, 1).score());
        assertNull(Insights.revenueTrend(0, 0).score());
        assertEquals(100, Insights.apiLatency(100.0).score());
        assertEquals(50, Insights.apiLatency(1100.0).score());
        assertEquals(0, Insights.apiLatency(5000.0).score());
        assertEquals(100, Insights.ticketResolution(List.of(2.0, 10.0)).score());
        assertEquals(50, Insights.ticketResolution(List.of(48.0, 144.0)).score()); // mean 96 h
        assertEquals(33, Insights.featureAdoption(9, 3).score());
    }

    @Test
    void theScoreIsTheWeightedMeanOfThePartsThatCouldBeMeasured() {
        List<HealthScore.Part> parts = List.of(Insights.customerGrowth(100L, 110), // 100 × 0.25
                Insights.revenueTrend(0, 0),                                        // left out
                Insights.apiLatency(1100.0),                                        // 50 × 0.15
                Insights.ticketResolution(List.of()),                               // left out
                Insights.featureAdoption(4, 1));                                    // 25 × 0.20
        // (25 + 7.5 + 5) / 0.60 = 62.5 → 63
        assertEquals(63, Insights.overall(parts));
        assertNull(Insights.overall(List.of(Insights.revenueTrend(0, 0))));
    }

    @Test
    void overdueInvoicesOfATenthOfTheCustomersAreWorthAdvice() {
        assertEquals("27 % of customers have overdue invoices: turn on dunning (automated_billing, BASIC and up)",
                Insights.overdueAdvice(27, 100, false));
        assertEquals("10 % of customers have overdue invoices: review the dunning steps (automated_billing's "
                + "settings)", Insights.overdueAdvice(10, 100, true));
        assertNull(Insights.overdueAdvice(9, 100, false));
        assertNull(Insights.overdueAdvice(0, 0, false));
    }
}
