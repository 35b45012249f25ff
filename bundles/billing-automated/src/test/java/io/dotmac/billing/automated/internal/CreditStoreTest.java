package io.dotmac.billing.automated.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dotmac.billing.automated.BillingCredit;
import io.dotmac.billing.basic.RecurringBilling.Charge;
import io.dotmac.billing.basic.RecurringBilling.Line;
import io.dotmac.platform.api.ValidationException;

class CreditStoreTest {

    private static final BigDecimal VAT = new BigDecimal("20");
    private static final LocalDate D1 = LocalDate.of(2026, 12, 1);

    private static Charge charge(String subscription, LocalDate start, long price) {
        return new Charge(subscription, "C-" + subscription, start, start.plusMonths(1),
                List.of(new Line("Fibre 100", price, VAT)), List.of());
    }

    @Test
    void aCreditGoesWholeOnTheSubscriptionsFirstChargeAtItsTaxRate() {
        List<Charge> charges = List.of(charge("S1", D1, 3000), charge("S1", D1.plusMonths(1), 3000),
                charge("S2", D1, 3000));
        Map<Charge, List<String>> applied = new HashMap<>();
        List<Charge> out = CreditStore.apply(charges, List.of(new CreditStore.Pending("K1", "S1", "SLA credit", 300)),
                applied);
        assertEquals(List.of(new Line("Fibre 100", 3000, VAT), new Line("SLA credit", -300, VAT)),
                out.get(0).lines());
        assertEquals(charges.get(1), out.get(1), "the second period of S1 carries no credit");
        assertEquals(charges.get(2), out.get(2));
        assertEquals(Map.of(out.get(0), List.of("K1")), applied);
    }

    @Test
    void aCreditThatWouldTakeTheInvoiceBelowZeroWaitsWhole() {
        Map<Charge, List<String>> applied = new HashMap<>();
        List<Charge> out = CreditStore.apply(List.of(charge("S1", D1, 1000)), List.of(
                new CreditStore.Pending("K1", "S1", "first", 800), new CreditStore.Pending("K2", "S1", "too much", 300),
                new CreditStore.Pending("K3", "S1", "fits", 200)), applied);
        assertEquals(List.of(new Line("Fibre 100", 1000, VAT), new Line("first", -800, VAT), new Line("fits", -200,
                VAT)), out.get(0).lines());
        assertEquals(List.of("K1", "K3"), applied.get(out.get(0)));
    }

    @Test
    void badCreditsAreRefusedNamingEachField() {
        ValidationException e = assertThrows(ValidationException.class, () -> CreditStore.validate(
                new BillingCredit.Input(" ", "", "two\nlines", "1.234"), Currency.getInstance("EUR")));
        assertEquals(List.of("subscriptionId", "key", "description", "amount"), e.errors().stream()
                .map(f -> f.field()).toList());
        assertEquals(1250, CreditStore.validate(new BillingCredit.Input("S1", "k", "SLA", "12.50"),
                Currency.getInstance("EUR")));
        assertEquals(1250, CreditStore.validate(new BillingCredit.Input("S1", "k", "SLA", "1250"),
                Currency.getInstance("JPY")));
        assertThrows(ValidationException.class, () -> CreditStore.validate(new BillingCredit.Input("S1", "k", "SLA",
                "-1"), Currency.getInstance("EUR")));
    }
}
