package io.dotmac.billing.basic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.dotmac.billing.basic.BillingPeriod;
import io.dotmac.billing.basic.Plan;
import io.dotmac.billing.basic.PlanInput;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.ValidationException;

class PlanRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static Set<String> invalid(PlanInput in, Plan base) {
        ValidationException e = assertThrows(ValidationException.class, () -> PlanRegistry.apply(in, base, "p1", NOW));
        return e.errors().stream().map(FieldError::field).collect(Collectors.toSet());
    }

    @Test
    void pricesAreExactInTheCurrencysMinorUnits() {
        List<FieldError> errors = new ArrayList<>();
        assertEquals(4990, Money.minorUnits("49.90", Currency.getInstance("USD"), "price", errors));
        assertEquals(4990, Money.minorUnits("49.9", Currency.getInstance("USD"), "price", errors));
        assertEquals(500, Money.minorUnits("500", Currency.getInstance("JPY"), "price", errors));
        assertEquals(1234, Money.minorUnits("1.234", Currency.getInstance("BHD"), "price", errors));
        assertEquals(List.of(), errors);
        assertEquals("49.90", Money.amount(4990, Currency.getInstance("USD")));
        assertEquals("500", Money.amount(500, Currency.getInstance("JPY")));
        Money.minorUnits("49.999", Currency.getInstance("USD"), "price", errors);
        Money.minorUnits("1.5", Currency.getInstance("JPY"), "price", errors);
        Money.minorUnits("-1", Currency.getInstance("USD"), "price", errors);
        Money.minorUnits("1e3x", Currency.getInstance("USD"), "price", errors);
        assertEquals(4, errors.size());
    }

    @Test
    void createNeedsEverythingButCapAndActive() {
        assertEquals(Set.of("name", "price", "currency", "billingPeriod", "downloadMbps", "uploadMbps"),
                invalid(new PlanInput(null, null, null, null, null, null, null, null), null));
        Plan p = PlanRegistry.apply(new PlanInput(" Fibre 100 ", "49.90", "EUR", "MONTHLY", 100, 20, null, null), null,
                "p1", NOW);
        assertEquals("Fibre 100", p.name());
        assertEquals("49.90", p.price());
        assertEquals(BillingPeriod.MONTHLY, p.billingPeriod());
        assertNull(p.dataCapGb());
        assertEquals(true, p.active());
    }

    @Test
    void badValuesAreNamed() {
        assertEquals(Set.of("currency", "billingPeriod", "downloadMbps", "uploadMbps", "dataCapGb"),
                invalid(new PlanInput("x", "1", "XYZ", "WEEKLY", 0, 100_001, -5, true), null));
        assertEquals(Set.of("currency"), invalid(new PlanInput("x", "1", "usd", "MONTHLY", 1, 1, null, null), null));
    }

    @Test
    void changesKeepTheRestAndNeverTheCurrency() {
        Plan base = PlanRegistry.apply(new PlanInput("A", "10.00", "USD", "YEARLY", 10, 5, 100, true), null, "p1", NOW);
        Plan after = PlanRegistry.apply(new PlanInput(null, "12.50", null, null, null, null, null, false), base, "p1",
                null);
        assertEquals("12.50", after.price());
        assertEquals("A", after.name());
        assertEquals(100, after.dataCapGb());
        assertEquals(false, after.active());
        assertEquals(Set.of("currency"), invalid(new PlanInput(null, null, "EUR", null, null, null, null, null), base));
    }

    @Test
    void aNewPlanIsInTheTenantsCurrency() {
        PlanInput none = new PlanInput("Fibre", "49.90", null, "MONTHLY", 100, 20, null, null);
        assertEquals("EUR", PlanRegistry.apply(none, null, "p1", NOW, "EUR").currency());
        PlanInput dollars = new PlanInput("Fibre", "49.90", "USD", "MONTHLY", 100, 20, null, null);
        ValidationException e = assertThrows(ValidationException.class,
                () -> PlanRegistry.apply(dollars, null, "p1", NOW, "EUR"));
        assertEquals("currency", e.errors().get(0).field());
        assertEquals("must be EUR, the currency this tenant bills in (its invoices are made in it)",
                e.errors().get(0).message());
    }
}
