package io.dotmac.billing.automated.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dotmac.billing.basic.BillingPeriod;
import io.dotmac.billing.basic.Plan;
import io.dotmac.billing.basic.RecurringBilling.Charge;
import io.dotmac.billing.basic.RecurringBilling.DueSubscription;
import io.dotmac.billing.basic.RecurringBilling.Line;
import io.dotmac.billing.basic.RecurringBilling.PlanChange;

/** Periods, proration and plan-change settlement, with exact minor units. */
class ChargesTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final Plan BASIC = plan("p1", "Basic 50", "30.00", BillingPeriod.MONTHLY, "0");
    private static final Plan FAST = plan("p2", "Fast 500", "60.00", BillingPeriod.MONTHLY, "0");

    private static Plan plan(String id, String name, String price, BillingPeriod period, String taxRate) {
        return new Plan(id, name, price, "USD", period, 50, 10, null, true, Instant.EPOCH, taxRate);
    }

    private static DueSubscription due(LocalDate start, LocalDate next, Plan plan, List<PlanChange> changes) {
        return new DueSubscription("s1", "c1", false, start, next, null, plan, changes);
    }

    private static long total(Charge charge) {
        return charge.lines().stream().mapToLong(Line::amountMinor).sum();
    }

    @Test
    void aSubscriptionOfThe31stIsBilledOnEachMonthsLastDayWithoutDrifting() {
        LocalDate start = LocalDate.of(2026, 1, 31);
        List<Charge> charges = Charges.due(due(start, start, BASIC, List.of()), LocalDate.of(2026, 4, 30), null, USD);
        assertEquals(List.of(LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 31), LocalDate.of(2026, 4, 30),
                LocalDate.of(2026, 5, 31)), charges.stream().map(Charge::periodEnd).toList());
        assertTrue(charges.stream().allMatch(c -> total(c) == 3000), "every period is a full month");
    }

    @Test
    void aMidPeriodStartUnderAnAnchorDayIsProratedToTheAnchor() {
        LocalDate start = LocalDate.of(2026, 11, 17);
        List<Charge> charges = Charges.due(due(start, start, BASIC, List.of()), start, 1, USD);
        assertEquals(1, charges.size());
        Charge first = charges.get(0);
        assertEquals(LocalDate.of(2026, 12, 1), first.periodEnd());
        assertEquals(1400, total(first), "14 of 30 days of 30.00");
        assertTrue(first.lines().get(0).description().contains("(14 of 30 days)"));

        List<Charge> next = Charges.due(due(start, first.periodEnd(), BASIC, List.of()), LocalDate.of(2026, 12, 1), 1,
                USD);
        assertEquals(LocalDate.of(2027, 1, 1), next.get(0).periodEnd());
        assertEquals(3000, total(next.get(0)));
    }

    @Test
    void anUpgradeInThePeriodBilledBeforeIsSettledOnTheNextInvoice() {
        LocalDate start = LocalDate.of(2026, 10, 1);
        PlanChange upgrade = new PlanChange("ch1", LocalDate.of(2026, 11, 16), BASIC, FAST);
        LocalDate next = LocalDate.of(2026, 12, 1);
        List<Charge> charges = Charges.due(due(start, next, FAST, List.of(upgrade)), next, null, USD);
        Charge charge = charges.get(0);
        // FAST for December, a credit of BASIC's 15 unused days of 30, FAST for those 15 days
        assertEquals(List.of(6000L, -1500L, 3000L), charge.lines().stream().map(Line::amountMinor).toList());
        assertEquals(7500, total(charge));
        assertEquals(List.of("ch1"), charge.settledChanges());
    }

    @Test
    void aChangeBeforeTheFirstInvoiceIsSettledWithoutLines() {
        LocalDate start = LocalDate.of(2026, 12, 1);
        PlanChange change = new PlanChange("ch1", LocalDate.of(2026, 11, 25), BASIC, FAST);
        Charge charge = Charges.due(due(start, start, FAST, List.of(change)), start, null, USD).get(0);
        assertEquals(List.of(6000L), charge.lines().stream().map(Line::amountMinor).toList());
        assertEquals(List.of("ch1"), charge.settledChanges());
    }

    @Test
    void aLateRunSettlesAChangeInsideThePeriodItBills() {
        LocalDate start = LocalDate.of(2026, 10, 1);
        PlanChange upgrade = new PlanChange("ch1", LocalDate.of(2026, 12, 11), BASIC, FAST);
        LocalDate next = LocalDate.of(2026, 12, 1);
        Charge charge = Charges.due(due(start, next, FAST, List.of(upgrade)), LocalDate.of(2026, 12, 20), null, USD)
                .get(0);
        // December at FAST; BASIC was in use for 10 of its 31 days, FAST was not
        assertEquals(List.of(6000L, 968L, -1935L), charge.lines().stream().map(Line::amountMinor).toList());
    }

    @Test
    void creditsNeverTakeAnInvoiceBelowZero() {
        Plan free = plan("p0", "Free", "0.00", BillingPeriod.MONTHLY, "0");
        PlanChange downgrade = new PlanChange("ch1", LocalDate.of(2026, 11, 2), BASIC, free);
        LocalDate next = LocalDate.of(2026, 12, 1);
        Charge charge = Charges.due(due(LocalDate.of(2026, 10, 1), next, free, List.of(downgrade)), next, null, USD)
                .get(0);
        assertEquals(0, total(charge));
        assertTrue(charge.lines().stream().allMatch(l -> l.amountMinor() >= 0));
    }

    @Test
    void creditsAreAlsoCutSoThatTheTaxStaysNonNegative() {
        List<Line> lines = Charges.limitCredits(List.of(new Line("charge", 100, BigDecimal.ZERO),
                new Line("credit", -100, new BigDecimal("20"))));
        long net = lines.stream().mapToLong(Line::amountMinor).sum();
        long tax = lines.stream().mapToLong(l -> Charges.tax(l.amountMinor(), l.taxRate())).sum();
        assertTrue(net >= 0 && tax >= 0, "net " + net + ", tax " + tax);
        // the credit's own tax is what cuts it: -2 at 20 % rounds to a tax of 0, -3 would be -1
        assertEquals(List.of(100L, -2L), lines.stream().map(Line::amountMinor).toList());
    }

    @Test
    void aSubscriptionEndingAtItsCancelDateIsNotBilledBeyondIt() {
        LocalDate start = LocalDate.of(2026, 9, 1);
        DueSubscription s = new DueSubscription("s1", "c1", false, start, start, LocalDate.of(2026, 11, 1), BASIC,
                List.of());
        List<Charge> charges = Charges.due(s, LocalDate.of(2026, 12, 15), null, USD);
        assertEquals(List.of(LocalDate.of(2026, 9, 1), LocalDate.of(2026, 10, 1)),
                charges.stream().map(Charge::periodStart).toList());
    }

    @Test
    void quarterlyAndYearlyPeriodsAndZeroDecimalCurrencies() {
        Plan yearly = new Plan("p9", "Yearly", "12000", "JPY", BillingPeriod.YEARLY, 50, 10, null, true,
                Instant.EPOCH, "10");
        LocalDate start = LocalDate.of(2026, 3, 10);
        Charge first = Charges.due(due(start, start, yearly, List.of()), start, 1, Currency.getInstance("JPY"))
                .get(0);
        assertEquals(LocalDate.of(2026, 4, 1), first.periodEnd());
        assertEquals(723, total(first), "22 of 365 days of 12000 JPY");
        assertEquals(LocalDate.of(2026, 6, 1), Charges.periodEnd(LocalDate.of(2026, 3, 1), 1, BillingPeriod.QUARTERLY));
    }
}
