package io.dotmac.billing.basic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import io.dotmac.billing.basic.Invoice;
import io.dotmac.billing.basic.InvoiceLine;
import io.dotmac.billing.basic.InvoiceStatus;
import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerStatus;

class InvoicePdfTest {

    private static final Customer CUSTOMER = new Customer("C1", "Jörg Müller", "jm@example.test", null,
            "Hauptstraße 1, 10115 Berlin", CustomerStatus.ACTIVE, Instant.EPOCH);

    private static Invoice invoice(String number, List<InvoiceLine> lines) {
        return new Invoice("I1", number, "C1", number == null ? InvoiceStatus.DRAFT : InvoiceStatus.ISSUED, "EUR",
                lines, "99.80", "19.96", "119.76", "20.00", "99.76", LocalDate.of(2026, 11, 25),
                LocalDate.of(2026, 12, 9), "Thank you — pay by bank transfer\nIBAN DE00 0000", Instant.EPOCH);
    }

    private static String text(byte[] pdf, int[] pages) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            pages[0] = doc.getNumberOfPages();
            return new PDFTextStripper().getText(doc);
        }
    }

    @Test
    void showsTenantCustomerNumberLinesAndTotals() throws IOException {
        byte[] pdf = InvoicePdf.render("Fibre Nord GmbH", CUSTOMER, invoice("INV-2026-000042",
                List.of(new InvoiceLine("Fibre 100 (November) — 日本", "2", "49.90", "20", "99.80", "19.96"))));
        assertEquals("%PDF-", new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII));
        int[] pages = new int[1];
        String text = text(pdf, pages);
        assertEquals(1, pages[0]);
        for (String expected : List.of("Fibre Nord GmbH", "INVOICE", "INV-2026-000042", "Jörg Müller",
                "jm@example.test", "Hauptstraße 1, 10115 Berlin", "Fibre 100 (November) — ??", "49.90", "99.80",
                "19.96", "119.76", "99.76", "2026-12-09", "EUR", "Thank you — pay by bank transfer IBAN DE00 0000")) {
            assertTrue(text.contains(expected), () -> "no '" + expected + "' in:\n" + text);
        }
    }

    @Test
    void aDraftSaysSoAndLongInvoicesContinueOnMorePages() throws IOException {
        List<InvoiceLine> lines = new ArrayList<>(Collections.nCopies(120,
                new InvoiceLine("Static IP address " + "and a long description ".repeat(4), "1", "5.00", "0", "5.00",
                        "0.00")));
        lines.add(new InvoiceLine("Last line", "1", "1.00", "0", "1.00", "0.00"));
        int[] pages = new int[1];
        String text = text(InvoicePdf.render("ISP", CUSTOMER, invoice(null, lines)), pages);
        assertTrue(pages[0] > 2, "pages: " + pages[0]);
        assertTrue(text.contains("DRAFT") && text.contains("(not issued)"), text);
        assertTrue(text.contains("Last line") && text.contains("Balance due"), text);
    }
}
