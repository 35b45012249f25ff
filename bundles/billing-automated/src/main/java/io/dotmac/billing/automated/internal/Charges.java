package io.dotmac.billing.automated.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import io.dotmac.billing.basic.BillingPeriod;
import io.dotmac.billing.basic.Plan;
import io.dotmac.billing.basic.RecurringBilling.Charge;
import io.dotmac.billing.basic.RecurringBilling.DueSubscription;
import io.dotmac.billing.basic.RecurringBilling.Line;
import io.dotmac.billing.basic.RecurringBilling.PlanChange;

/**
 * What a due subscription owes, period by period, billed in advance. Pure arithmetic: no database, no clock.
 *
 * <p>Periods end on the subscription's <em>billing day</em>: the tenant's anchor day when it has one, otherwise the
 * day of the month the subscription started (kept across short months: a subscription of the 31st is billed on
 * February's last day and on March 31st again). A period that starts off the billing day (a mid-period start under
 * an anchor day, or an anchor day the tenant changed) runs only to the next billing day and is prorated by days:
 * {@code price × days / days of the full period ending there}, rounded half-even to the minor unit.
 *
 * <p>A plan change in the period billed before (which was billed at the old plan) is settled on the next invoice
 * with two lines: a credit for the old plan's unused days and a charge for the new plan's, each prorated over its own
 * plan's period. A change inside the period being billed now (a run that is late) is settled the other way round.
 * Credits never take an invoice below zero: what would is left out.
 */
final class Charges {

    private Charges() {
    }

    static int months(BillingPeriod period) {
        return switch (period) {
            case MONTHLY -> 1;
            case QUARTERLY -> 3;
            case YEARLY -> 12;
        };
    }

    /** {@code date}'s month on {@code day}, or the month's last day when it is shorter. */
    static LocalDate onDay(LocalDate date, int day) {
        return date.withDayOfMonth(Math.min(day, date.lengthOfMonth()));
    }

    /** The end (exclusive) of the period that starts on {@code start}. */
    static LocalDate periodEnd(LocalDate start, int billingDay, BillingPeriod period) {
        if (start.equals(onDay(start, billingDay))) {
            return onDay(start.plusMonths(months(period)), billingDay);
        }
        LocalDate next = onDay(start, billingDay);
        return next.isAfter(start) ? next : onDay(start.plusMonths(1), billingDay);
    }

    /** How many days the full period of {@code period} ending on {@code end} (a billing day) has. */
    static long fullDays(LocalDate end, int billingDay, BillingPeriod period) {
        return ChronoUnit.DAYS.between(onDay(end.minusMonths(months(period)), billingDay), end);
    }

    /** {@code price × days / fullDays} in minor units, rounded half-even. */
    static long prorate(long priceMinor, long days, long fullDays) {
        return BigDecimal.valueOf(priceMinor).multiply(BigDecimal.valueOf(days))
                .divide(BigDecimal.valueOf(fullDays), 0, RoundingMode.HALF_EVEN).longValueExact();
    }

    /** A plan's price in minor units of {@code currency}. */
    static long priceMinor(Plan plan, Currency currency) {
        return new BigDecimal(plan.price()).movePointRight(Math.max(0, currency.getDefaultFractionDigits()))
                .longValueExact();
    }

    /**
     * The charges of {@code s} from its next billing date up to {@code date}: one per period that starts on or
     * before {@code date} and before the subscription ends. The first carries the settlement of its plan changes.
     *
     * @param anchorDay the tenant's billing day, or {@code null} for each subscription's own
     */
    static List<Charge> due(DueSubscription s, LocalDate date, Integer anchorDay, Currency currency) {
        int billingDay = anchorDay != null ? anchorDay : s.startDate().getDayOfMonth();
        Plan plan = s.plan();
        long price = priceMinor(plan, currency);
        BigDecimal rate = new BigDecimal(plan.taxRate());
        List<Charge> charges = new ArrayList<>();
        LocalDate start = s.nextBillingDate();
        while (!start.isAfter(date) && (s.cancelAt() == null || start.isBefore(s.cancelAt()))) {
            LocalDate end = periodEnd(start, billingDay, plan.billingPeriod());
            List<Line> lines = new ArrayList<>();
            long full = fullDays(end, billingDay, plan.billingPeriod());
            long days = ChronoUnit.DAYS.between(start, end);
            if (days == full) {
                lines.add(new Line(plan.name() + ", " + start + " to " + end.minusDays(1), price, rate));
            } else {
                lines.add(new Line(plan.name() + ", " + start + " to " + end.minusDays(1) + " (" + days + " of "
                        + full + " days)", prorate(price, days, full), rate));
            }
            List<String> settled = List.of();
            if (charges.isEmpty()) {
                settled = s.changes().stream().map(PlanChange::id).toList();
                if (start.isAfter(s.startDate())) { // billed before: settle the changes since
                    lines.addAll(settlements(s.changes(), start, end, billingDay, currency));
                }
            }
            charges.add(new Charge(s.id(), s.customerId(), start, end, limitCredits(lines), settled));
            start = end;
        }
        return charges;
    }

    /** The lines settling plan changes, for the period {@code [start, end)} now billed at the current plan. */
    static List<Line> settlements(List<PlanChange> changes, LocalDate start, LocalDate end, int billingDay,
            Currency currency) {
        List<Line> lines = new ArrayList<>();
        for (PlanChange ch : changes) {
            Plan from = ch.from();
            Plan to = ch.to();
            if (from == null || to == null) {
                continue;
            }
            LocalDate on = ch.changedOn();
            if (on.isBefore(start)) {
                // the period before was billed at `from` in advance: credit its unused days, charge `to` for them
                LocalDate previous = onDay(start.minusMonths(months(from.billingPeriod())), billingDay);
                LocalDate since = on.isBefore(previous) ? previous : on;
                long days = ChronoUnit.DAYS.between(since, start);
                if (days == 0) {
                    continue;
                }
                lines.add(new Line("Credit: " + from.name() + " not used " + since + " to " + start.minusDays(1)
                        + " (" + days + " of " + fullDays(start, billingDay, from.billingPeriod()) + " days)",
                        -prorate(priceMinor(from, currency), days, fullDays(start, billingDay, from.billingPeriod())),
                        new BigDecimal(from.taxRate())));
                lines.add(new Line(to.name() + " from " + since + " to " + start.minusDays(1) + " (" + days + " of "
                        + fullDays(start, billingDay, to.billingPeriod()) + " days)",
                        prorate(priceMinor(to, currency), days, fullDays(start, billingDay, to.billingPeriod())),
                        new BigDecimal(to.taxRate())));
            } else if (on.isBefore(end)) {
                // a late run: this period is billed at the current plan, but `from` was in use until `on`
                long days = ChronoUnit.DAYS.between(start, on);
                if (days == 0) {
                    continue;
                }
                lines.add(new Line(from.name() + " from " + start + " to " + on.minusDays(1) + " (" + days + " of "
                        + fullDays(end, billingDay, from.billingPeriod()) + " days)",
                        prorate(priceMinor(from, currency), days, fullDays(end, billingDay, from.billingPeriod())),
                        new BigDecimal(from.taxRate())));
                lines.add(new Line("Credit: " + to.name() + " not used " + start + " to " + on.minusDays(1) + " ("
                        + days + " of " + fullDays(end, billingDay, to.billingPeriod()) + " days)",
                        -prorate(priceMinor(to, currency), days, fullDays(end, billingDay, to.billingPeriod())),
                        new BigDecimal(to.taxRate())));
            }
        }
        return lines;
    }

    /** {@code net × rate / 100} in minor units, rounded half-even, as the invoice will compute it. */
    static long tax(long net, BigDecimal rate) {
        return BigDecimal.valueOf(net).multiply(rate).divide(BigDecimal.valueOf(100)).setScale(0,
                RoundingMode.HALF_EVEN).longValueExact();
    }

    /** {@code lines} with their credits cut, last first, so that neither the net nor the tax goes below zero. */
    static List<Line> limitCredits(List<Line> lines) {
        List<Line> out = new ArrayList<>(lines);
        for (int i = out.size() - 1; i >= 0 && negative(out); i--) {
            Line credit = out.get(i);
            if (credit.amountMinor() >= 0) {
                continue;
            }
            // shrink this credit by the smallest step that ends the deficit, one minor unit at a time at the end
            long lo = credit.amountMinor();
            long hi = 0;
            while (lo < hi) { // the largest (most negative) amount that keeps the totals non-negative
                long mid = lo + (hi - lo) / 2;
                out.set(i, new Line(credit.description(), mid, credit.taxRate()));
                if (negative(out)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out.set(i, new Line(credit.description(), lo, credit.taxRate()));
            if (lo == 0) {
                out.remove(i);
            }
        }
        return out;
    }

    private static boolean negative(List<Line> lines) {
        long net = 0;
        long tax = 0;
        for (Line l : lines) {
            net += l.amountMinor();
            tax += tax(l.amountMinor(), l.taxRate());
        }
        return net < 0 || tax < 0;
    }
}
