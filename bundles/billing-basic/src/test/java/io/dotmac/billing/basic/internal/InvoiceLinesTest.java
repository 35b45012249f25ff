package io.dotmac.billing.basic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.dotmac.billing.basic.InvoiceLine;
import io.dotmac.platform.api.FieldError;

class InvoiceLinesTest {

    private static final Currency USD = Currency.getInstance("USD");

    private static InvoiceLine.Input line(String quantity, String unitPrice, String taxRate) {
        return new InvoiceLine.Input("Fibre 100", quantity, unitPrice, taxRate);
    }

    @Test
    void netAndTaxRoundHalfEvenToTheMinorUnit() {
        // 0.5 × 0.05 = 0.025 → 0.02 (the 2 is even); 0.5 × 0.15 = 0.075 → 0.08 (the 8 is even)
        assertEquals(2, InvoiceLines.net(new BigDecimal("0.5"), 5));
        assertEquals(8, InvoiceLines.net(new BigDecimal("0.5"), 15));
        // tax: 1.25 × 10 % = 0.125 → 0.12; 1.35 × 10 % = 0.135 → 0.14
        assertEquals(12, InvoiceLines.tax(125, new BigDecimal("10")));
        assertEquals(14, InvoiceLines.tax(135, new BigDecimal("10")));
        // 3 × 33.33 with 7.25 %: 99.99 net, 7.249275 → 7.25 tax
        assertEquals(9999, InvoiceLines.net(new BigDecimal("3"), 3333));
        assertEquals(725, InvoiceLines.tax(9999, new BigDecimal("7.25")));
    }

    @Test
    void totalsAreTheSumsOfTheRoundedLines() {
        List<FieldError> errors = new ArrayList<>();
        List<InvoiceLines.Line> lines = InvoiceLines.validate(List.of(line("0.5", "0.05", "10"),
                line("0.5", "0.15", "10"), line("2", "49.90", "20"), line("1", "0.10", "0")), USD, errors);
        assertEquals(List.of(), errors);
        InvoiceLines.Totals totals = InvoiceLines.Totals.of(lines);
        assertEquals(2 + 8 + 9980 + 10, totals.subtotal());
        assertEquals(0 + 1 + 1996 + 0, totals.tax()); // 0.2 → 0, 0.8 → 1, 1996, 0
        assertEquals(totals.subtotal() + totals.tax(), totals.total());
        InvoiceLine view = lines.get(2).view(USD);
        assertEquals(new InvoiceLine("Fibre 100", "2", "49.90", "20", "99.80", "19.96"), view);
    }

    @Test
    void aTotalBeyondTheMaximumIsRefusedNotWrappedAround() {
        List<FieldError> errors = new ArrayList<>();
        // 200 lines of 10^6 × 10^9: 2 × 10^17 USD, whose cents (2 × 10^19) do not fit a long
        List<InvoiceLine.Input> huge = Collections.nCopies(200, line("1000000", "1000000000", "0"));
        InvoiceLines.validate(huge, USD, errors);
        assertEquals(List.of(new FieldError("lines", "the invoice's total must be at most 1000000000000 USD")),
                errors);
        // 93 lines used to come out as a small total: refused as well
        errors.clear();
        InvoiceLines.validate(Collections.nCopies(93, line("1000000", "1000000000", "0")), USD, errors);
        assertEquals(1, errors.size());
        // the largest total allowed still adds up
        errors.clear();
        List<InvoiceLines.Line> max = InvoiceLines.validate(List.of(line("1000", "1000000000", "0")), USD, errors);
        assertEquals(List.of(), errors);
        assertEquals(100_000_000_000_000L, InvoiceLines.Totals.of(max).total());
        assertTrue(assertThrowsArithmetic(() -> new InvoiceLines.Totals(Long.MAX_VALUE, 1).total()));
    }

    private static boolean assertThrowsArithmetic(Runnable r) {
        try {
            r.run();
            return false;
        } catch (ArithmeticException expected) {
            return true;
        }
    }

    @Test
    void theCurrencysMinorUnitDecides() {
        List<FieldError> errors = new ArrayList<>();
        Currency jpy = Currency.getInstance("JPY");
        List<InvoiceLines.Line> lines = InvoiceLines.validate(List.of(line("1.5", "333", "10")), jpy, errors);
        assertEquals(List.of(), errors);
        assertEquals(500, lines.get(0).netMinor()); // 499.5 → 500 (0 is even)
        assertEquals(50, lines.get(0).taxMinor());
        assertEquals("500", lines.get(0).view(jpy).net());
        InvoiceLines.validate(List.of(line("1", "1.5", "0")), jpy, errors);
        assertEquals(List.of("lines[0].unitPrice"), errors.stream().map(FieldError::field).toList());
    }

    @Test
    void everyBadFieldOfEveryLineIsNamed() {
        List<FieldError> errors = new ArrayList<>();
        List<InvoiceLines.Line> lines = InvoiceLines.validate(Arrays.asList(
                new InvoiceLine.Input(" ", "0", "1.0.0", "101"),
                new InvoiceLine.Input("x".repeat(501), "1.0001", "1.001", "7.2555"),
                null,
                new InvoiceLine.Input(null, "abc", "1e3x", null),
                line("1000001", "1000000001", "-0.5")), USD, errors);
        assertTrue(lines.isEmpty());
        Set<String> fields = errors.stream().map(FieldError::field).collect(Collectors.toSet());
        assertEquals(Set.of("lines[0].description", "lines[0].quantity", "lines[0].unitPrice", "lines[0].taxRate",
                "lines[1].description", "lines[1].quantity", "lines[1].unitPrice", "lines[1].taxRate", "lines[2]",
                "lines[3].description", "lines[3].quantity", "lines[3].unitPrice", "lines[3].taxRate",
                "lines[4].quantity", "lines[4].unitPrice", "lines[4].taxRate"), fields);
    }

    @Test
    void linesAreRequiredAndBounded() {
        List<FieldError> errors = new ArrayList<>();
        InvoiceLines.validate(null, USD, errors);
        InvoiceLines.validate(List.of(), USD, errors);
        InvoiceLines.validate(Collections.nCopies(InvoiceLines.MAX_LINES + 1, line("1", "1", "0")), USD, errors);
        assertEquals(List.of("lines", "lines", "lines"), errors.stream().map(FieldError::field).toList());
        assertEquals(InvoiceLines.MAX_LINES, InvoiceLines.validate(Collections.nCopies(InvoiceLines.MAX_LINES,
                line("1", "1", "0")), USD, new ArrayList<>()).size());
    }

    @Test
    void aDiscountLowersWhatIsSoldAtItsRateNeverBelowZero() {
        List<FieldError> errors = new ArrayList<>();
        List<InvoiceLines.Line> lines = InvoiceLines.validate(List.of(line("2", "50.00", "20"),
                new InvoiceLine.Input("Loyalty discount", "1", "-10.00", "20")), USD, errors);
        assertEquals(List.of(), errors);
        InvoiceLines.Totals totals = InvoiceLines.Totals.of(lines);
        assertEquals(9000, totals.subtotal());
        assertEquals(1800, totals.tax());
        assertEquals(-1000, lines.get(1).netMinor());
        assertEquals(-200, lines.get(1).taxMinor());
        // a discount at a rate nothing is sold at, or beyond what is: named, by how much
        List<FieldError> tooMuch = new ArrayList<>();
        InvoiceLines.validate(List.of(line("1", "10.00", "0"), new InvoiceLine.Input("Discount", "1", "-5.00", "20"),
                new InvoiceLine.Input("Discount", "1", "-12.00", "0")), USD, tooMuch);
        assertEquals(List.of(new FieldError("lines", "the discounts at 0 % exceed what is sold at that rate by 2.00 USD"),
                new FieldError("lines", "the discounts at 20 % exceed what is sold at that rate by 5.00 USD")), tooMuch);
        // a credit note's lines take no discounts
        List<FieldError> credit = new ArrayList<>();
        InvoiceLines.validate(List.of(new InvoiceLine.Input("Discount", "1", "-5.00", "20")), USD, false, credit);
        assertEquals(List.of(new FieldError("lines[0].unitPrice", "must not be negative")), credit);
        assertEquals("CN-2026-000042", CreditNotes.number(2026, 42));
    }
}
