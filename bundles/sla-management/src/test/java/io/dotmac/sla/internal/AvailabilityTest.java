package io.dotmac.sla.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dotmac.sla.internal.Availability.Measure;
import io.dotmac.sla.internal.Availability.Span;

class AvailabilityTest {

    /** November 2026: 30 days, 43,200 minutes. */
    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-01T00:00:00Z");

    private static Instant at(String dayTime) {
        return Instant.parse("2026-11-" + dayTime + "Z");
    }

    @Test
    void aMonthWithoutOutagesIsAHundredPercent() {
        Measure m = Availability.of(FROM, TO, List.of(), List.of());
        assertEquals(30L * 86_400, m.measuredSeconds());
        assertEquals(new BigDecimal("100.0000"), m.percent());
        assertFalse(m.below(new BigDecimal("99.999")));
    }

    @Test
    void overlappingOutagesCountOnceAndMaintenanceIsNeitherDowntimeNorMeasured() {
        // 60 minutes down on the 10th, the interface and the device overlapping; 30 of them in a maintenance window
        List<Span> outages = List.of(new Span(at("10T10:00:00"), at("10T10:45:00")),
                new Span(at("10T10:30:00"), at("10T11:00:00")));
        List<Span> maintenance = List.of(new Span(at("10T10:30:00"), at("10T11:30:00")));
        Measure m = Availability.of(FROM, TO, outages, maintenance);
        assertEquals(30 * 60, m.downtimeSeconds());
        assertEquals(60 * 60, m.maintenanceSeconds());
        assertEquals(30L * 86_400 - 3600, m.measuredSeconds());
        assertEquals(1, m.outages());
        // 30 of 43,140 minutes down: 99.93045...% → 99.9304 (rounded down)
        assertEquals(new BigDecimal("99.9304"), m.percent());
        assertTrue(m.below(new BigDecimal("99.95")));
        assertFalse(m.below(new BigDecimal("99.9")));
        assertEquals(new BigDecimal("30.00"), Measure.minutes(m.downtimeSeconds()));
    }

    @Test
    void anOutageWhollyInMaintenanceDoesNotCountAndOneStillGoingOnEndsAtTheSpansEnd() {
        Measure m = Availability.of(FROM, TO, List.of(new Span(at("05T01:00:00"), at("05T01:10:00")),
                new Span(at("30T23:00:00"), null)), List.of(new Span(at("05T00:00:00"), at("05T02:00:00"))));
        assertEquals(1, m.outages());
        assertEquals(3600, m.downtimeSeconds());
    }

    @Test
    void outagesBeforeTheSpanAreCutAndAnEmptySpanMeasuresNothing() {
        Measure m = Availability.of(FROM, TO, List.of(new Span(Instant.parse("2026-10-31T23:00:00Z"),
                at("01T01:00:00"))), List.of());
        assertEquals(3600, m.downtimeSeconds());
        Measure none = Availability.of(TO, TO, List.of(), List.of());
        assertNull(none.percent());
        assertFalse(none.below(new BigDecimal("99.9")));
    }

    @Test
    void theCreditIsTheStepWithTheLowestThresholdTheMonthIsBelow() {
        Agreement a = SlaStore.validate(new Agreement.Input("Business", "P1", null, "99.9", List.of(
                new Agreement.CreditStep("99.9", "10"), new Agreement.CreditStep("99", "25"),
                new Agreement.CreditStep("95", "50")), Map.of()), "A1", FROM);
        // 99.5 %: below 99.9 only
        Measure m = new Measure(100_000, 500, 0, 1);
        assertEquals("10", SlaService.creditPercent(a, m));
        assertEquals("25", SlaService.creditPercent(a, new Measure(100_000, 1_001, 0, 1)));
        assertEquals("50", SlaService.creditPercent(a, new Measure(100_000, 90_000, 0, 1)));
        assertNull(SlaService.creditPercent(a, new Measure(100_000, 10, 0, 1)));
    }
}
