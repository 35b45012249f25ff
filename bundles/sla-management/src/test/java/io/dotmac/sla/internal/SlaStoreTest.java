package io.dotmac.sla.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dotmac.billing.basic.BillingPeriod;
import io.dotmac.billing.basic.Plan;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.ValidationException;

class SlaStoreTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void anAgreementIsKeptWithItsStepsHighestFirstAndPrioritiesUpperCase() {
        Agreement a = SlaStore.validate(new Agreement.Input(" Business 99.9 ", null, "C1", "99.90", List.of(
                new Agreement.CreditStep("99", "25"), new Agreement.CreditStep("99.9", "10.0")),
                Map.of("urgent", new Agreement.TicketTarget(15, 240))), "A1", NOW);
        assertEquals("Business 99.9", a.name());
        assertEquals("99.9", a.availabilityTarget());
        assertEquals(List.of(new Agreement.CreditStep("99.9", "10"), new Agreement.CreditStep("99", "25")),
                a.credits());
        assertEquals(Map.of("URGENT", new Agreement.TicketTarget(15, 240)), a.ticketTargets());
    }

    @Test
    void everyFieldAtFaultIsNamed() {
        ValidationException e = assertThrows(ValidationException.class, () -> SlaStore.validate(
                new Agreement.Input("", "P1", "C1", "100", List.of(new Agreement.CreditStep("99.99999", "0"),
                        new Agreement.CreditStep("abc", "10")), Map.of("SOON", new Agreement.TicketTarget(1, 1),
                                "LOW", new Agreement.TicketTarget(0, null))), "A1", NOW));
        List<String> fields = e.errors().stream().map(FieldError::field).sorted().toList();
        assertEquals(List.of("availabilityTarget", "credits[0].below", "credits[0].percent", "credits[1].below",
                "name", "planId", "ticketTargets.LOW.firstResponseMinutes", "ticketTargets.SOON"), fields);
        ValidationException above = assertThrows(ValidationException.class, () -> SlaStore.validate(
                new Agreement.Input("x", "P1", null, "99", List.of(new Agreement.CreditStep("99.5", "10")), null),
                "A1", NOW));
        assertEquals("credits[0].below", above.errors().get(0).field());
        assertThrows(ValidationException.class, () -> SlaStore.validate(null, "A1", NOW));
    }

    @Test
    void aMaintenanceWindowIsOrderedShortAndExplained() {
        MaintenanceWindow w = SlaStore.validate(new MaintenanceWindow.Input(" ", "2026-12-10T02:00:00Z",
                "2026-12-10T04:00:00Z", "Core router upgrade"), NOW);
        assertEquals(null, w.deviceId());
        assertEquals(Instant.parse("2026-12-10T02:00:00Z"), w.startsAt());
        ValidationException e = assertThrows(ValidationException.class, () -> SlaStore.validate(
                new MaintenanceWindow.Input(null, "2026-12-10T02:00:00Z", "2026-12-20T02:00:00Z", ""), NOW));
        assertEquals(List.of("endsAt", "reason"), e.errors().stream().map(FieldError::field).toList());
        assertEquals("startsAt", assertThrows(ValidationException.class, () -> SlaStore.validate(
                new MaintenanceWindow.Input(null, "tomorrow", "2026-12-20T02:00:00Z", "x"), NOW)).errors().get(0)
                .field());
    }

    @Test
    void theCreditIsAShareOfOneMonthsFee() {
        Plan monthly = new Plan("P1", "Fibre", "30.00", "EUR", BillingPeriod.MONTHLY, 100, 100, null, true, NOW, "20");
        Plan yearly = new Plan("P2", "Fibre", "300.00", "EUR", BillingPeriod.YEARLY, 100, 100, null, true, NOW, "20");
        assertEquals(new BigDecimal("3.00"), SlaService.credit(monthly, new BigDecimal("10"), Currency.getInstance(
                "EUR")));
        assertEquals(new BigDecimal("6.25"), SlaService.credit(yearly, new BigDecimal("25"), Currency.getInstance(
                "EUR")));
    }
}
