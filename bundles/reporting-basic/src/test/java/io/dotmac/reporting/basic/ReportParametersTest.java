package io.dotmac.reporting.basic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.ValidationException;

class ReportParametersTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);

    @Test
    void rangeDefaultsToTwelveCalendarMonthsEndingToday() {
        ReportParameters p = ReportParameters.of(Map.of());
        ReportParameters.Range range = p.range(TODAY);
        p.check();
        assertEquals(LocalDate.of(2025, 12, 1), range.from());
        assertEquals(TODAY, range.to());
        assertEquals(12, range.months().size());
        assertEquals(YearMonth.of(2025, 12), range.months().get(0));
        assertEquals(Map.of("from", "2025-12-01", "to", "2026-11-30"), p.resolved());
    }

    @Test
    void everyBadParameterIsNamed() {
        ReportParameters p = ReportParameters.of(Map.of("from", "2026-13-01", "to", "yesterday", "currency", "XYZ1"));
        p.range(TODAY);
        p.currency("currency");
        ValidationException e = assertThrows(ValidationException.class, p::check);
        assertEquals(List.of("to", "from", "currency"), e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void fromAfterToAndTooLongRangesAreRefused() {
        ReportParameters p = ReportParameters.of(Map.of("from", "2026-02-01", "to", "2026-01-31"));
        p.range(TODAY);
        assertEquals("from", assertThrows(ValidationException.class, p::check).errors().get(0).field());
        ReportParameters longRange = ReportParameters.of(Map.of("from", "2016-11-01", "to", "2026-11-30"));
        longRange.range(TODAY);
        assertThrows(ValidationException.class, longRange::check);
        ReportParameters tenYears = ReportParameters.of(Map.of("from", "2016-12-01", "to", "2026-11-30"));
        assertEquals(120, tenYears.range(TODAY).months().size());
        tenYears.check();
    }

    @Test
    void currencyIsUpperCased() {
        ReportParameters p = ReportParameters.of(Map.of("currency", "eur"));
        assertEquals("EUR", p.currency("currency"));
    }

    @Test
    void periodsAreRelativeToToday() {
        ReportParameters p = ReportParameters.of(Map.of("period", "last-month"));
        ReportParameters.Range range = p.range(TODAY);
        assertEquals(new ReportParameters.Range(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31)), range);
        assertEquals("2026-10-01", p.resolved().get("from"));
        assertEquals(new ReportParameters.Range(LocalDate.of(2025, 11, 1), LocalDate.of(2026, 10, 31)),
                ReportParameters.of(Map.of("period", "last-12-months")).range(TODAY));
        assertEquals(new ReportParameters.Range(LocalDate.of(2026, 1, 1), TODAY),
                ReportParameters.of(Map.of("period", "year-to-date")).range(TODAY));
        assertEquals(new ReportParameters.Range(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 29)),
                ReportParameters.of(Map.of("period", "last-7-days")).range(TODAY));
        ReportParameters both = ReportParameters.of(Map.of("period", "last-month", "from", "2026-01-01"));
        both.range(TODAY);
        assertEquals("period", assertThrows(ValidationException.class, both::check).errors().get(0).field());
        ReportParameters unknown = ReportParameters.of(Map.of("period", "fortnight"));
        unknown.range(TODAY);
        assertEquals("period", assertThrows(ValidationException.class, unknown::check).errors().get(0).field());
    }
}
