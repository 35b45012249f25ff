package io.dotmac.billing.basic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dotmac.billing.basic.Invoice;
import io.dotmac.billing.basic.InvoiceLine;
import io.dotmac.billing.basic.InvoiceStatus;
import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerStatus;
import io.dotmac.platform.api.Brands;

/** The invoice PDF, read back with poppler's {@code pdftotext} (Debian package poppler-utils), as a reader would. */
class InvoicePdfTest {

    private static final Customer CUSTOMER = new Customer("C1", "Łukasz Wiśniewski", "lw@example.test", null,
            "ulica Źródlana 7, 00-950 Warszawa", CustomerStatus.ACTIVE, Instant.EPOCH);
    private static final Sellers.Seller SELLER = new Sellers.Seller("Fibre Nord Sp. z o.o.",
            "ul. Świętokrzyska 11\n00-360 Warszawa\nPolska", "PL 526-000-12-46");

    @TempDir
    Path dir;

    private static Invoice invoice(String number, List<InvoiceLine> lines) {
        return new Invoice("I1", number, "C1", number == null ? InvoiceStatus.DRAFT : InvoiceStatus.ISSUED, "PLN",
                lines, "110.00", "21.00", "131.00", "20.00", "0.00", "111.00", LocalDate.of(2026, 11, 25),
                LocalDate.of(2026, 12, 9), "Dziękujemy — przelew na konto\nPL00 0000", Instant.EPOCH);
    }

    /** The text of page {@code page} (0: all), laid out. */
    private String pdftotext(byte[] pdf, int page) throws Exception {
        Path file = Files.write(dir.resolve("invoice.pdf"), pdf);
        List<String> command = new ArrayList<>(List.of("pdftotext", "-layout", "-enc", "UTF-8"));
        if (page > 0) {
            command.addAll(List.of("-f", String.valueOf(page), "-l", String.valueOf(page)));
        }
        command.addAll(List.of(file.toString(), "-"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), text);
        return text;
    }

    private static int pages(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return doc.getNumberOfPages();
        }
    }

    @Test
    void printsEveryNameAsWrittenWithTheSellerAndTheTaxOfEachRate() throws Exception {
        byte[] pdf = InvoicePdf.render(SELLER, "Fibre Nord", CUSTOMER, invoice("INV-2026-000042", List.of(
                new InvoiceLine("Światłowód 100 (listopad) — Интернет — Ελλάδα — 日本", "2", "40.00", "20", "80.00",
                        "16.00"),
                new InvoiceLine("Router rental", "1", "30.00", "16.5", "30.00", "5.00"))));
        assertEquals("%PDF-", new String(pdf, 0, 5, StandardCharsets.US_ASCII));
        assertEquals(1, pages(pdf));
        String text = pdftotext(pdf, 0);
        for (String expected : List.of("Fibre Nord Sp. z o.o.", "ul. Świętokrzyska 11", "00-360 Warszawa",
                "Tax ID: PL 526-000-12-46", "INVOICE", "INV-2026-000042", "Łukasz Wiśniewski", "lw@example.test",
                "ulica Źródlana 7, 00-950 Warszawa", "Światłowód 100 (listopad) — Интернет — Ελλάδα", "— ??",
                "Tax 16.5 % of 30.00", "Tax 20 % of 80.00", "21.00", "16.00", "131.00", "111.00", "2026-12-09", "PLN",
                "Dziękujemy — przelew na konto PL00 0000", "Page 1 of 1")) {
            assertTrue(text.contains(expected), () -> "no '" + expected + "' in:\n" + text);
        }
        // CJK is outside DejaVu Sans: '?'; no draft mark on an issued invoice
        assertFalse(text.contains("DRAFT"), text);
        // the fonts are embedded subsets (pdffonts: name, type, encoding, emb, sub, uni), not ones a reader must have
        Path file = Files.write(dir.resolve("fonts.pdf"), pdf);
        Process p = new ProcessBuilder("pdffonts", file.toString()).redirectErrorStream(true).start();
        String fonts = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), fonts);
        List<String> rows = fonts.lines().filter(l -> l.contains("DejaVuSans")).toList();
        assertEquals(2, rows.size(), fonts);
        for (String row : rows) {
            assertTrue(row.matches(".*\\+DejaVuSans(-Bold)?\\s+CID TrueType\\s+Identity-H\\s+yes\\s+yes\\s+yes.*"),
                    fonts);
        }
    }

    @Test
    void withoutSellerDetailsTheTenantsNameHeadsIt() throws Exception {
        String text = pdftotext(InvoicePdf.render(Sellers.Seller.NONE, "Fibre Nord", CUSTOMER,
                invoice("INV-2026-000043", List.of(new InvoiceLine("Fibre", "1", "10.00", "0", "10.00", "0.00")))),
                0);
        assertTrue(text.contains("Fibre Nord") && !text.contains("Tax ID"), text);
        assertTrue(text.contains("Tax 0 % of 10.00"), text);
    }

    @Test
    void aLongDraftIsMarkedAndNumberedOnEveryPage() throws Exception {
        List<InvoiceLine> lines = new ArrayList<>(Collections.nCopies(120,
                new InvoiceLine("Static IP address " + "and a long description ".repeat(4), "1", "5.00", "0", "5.00",
                        "0.00")));
        lines.add(new InvoiceLine("Last line", "1", "1.00", "0", "1.00", "0.00"));
        byte[] pdf = InvoicePdf.render(SELLER, "Fibre Nord", CUSTOMER, invoice(null, lines));
        int pages = pages(pdf);
        assertTrue(pages > 2, "pages: " + pages);
        for (int page = 1; page <= pages; page++) {
            String text = pdftotext(pdf, page);
            assertTrue(text.contains("Page " + page + " of " + pages), page + ":\n" + text);
            assertTrue(text.contains("Draft invoice"), page + ":\n" + text);
            assertTrue(text.contains("DRAFT: not issued, not for payment"), page + ":\n" + text);
            if (page > 1) {
                assertTrue(text.contains("Draft invoice · Fibre Nord Sp. z o.o. (continued)"), page + ":\n" + text);
            }
        }
        String all = pdftotext(pdf, 0);
        assertTrue(all.contains("(not issued)") && all.contains("Last line") && all.contains("Balance due"), all);
    }

    @Test
    void aCreditNoteSaysWhatItCreditsOfWhichInvoice() throws Exception {
        CreditNotes.CreditNote note = new CreditNotes.CreditNote("N1", "CN-2026-000001", "I1", "INV-2026-000042", "C1",
                "PLN", List.of(new InvoiceLine("Outage, 10 days", "1", "20.00", "20", "20.00", "4.00")), "20.00",
                "4.00", "24.00", "14.00", "Outage in November", LocalDate.of(2026, 12, 6), Instant.EPOCH);
        String text = pdftotext(InvoicePdf.render(SELLER, "Fibre Nord", CUSTOMER, note), 0);
        for (String expected : List.of("CREDIT NOTE", "CN-2026-000001", "For invoice", "INV-2026-000042",
                "Łukasz Wiśniewski", "Outage, 10 days", "Tax 20 % of 20.00", "Total PLN", "24.00", "Refunded", "14.00",
                "Reason: Outage in November", "Page 1 of 1")) {
            assertTrue(text.contains(expected), () -> "no '" + expected + "' in:\n" + text);
        }
        assertFalse(text.contains("Balance due"), text);
    }

    /** A 40×20 PNG of one colour. */
    private static byte[] png() throws IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(40, 20,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 40; x++) {
            for (int y = 0; y < 20; y++) {
                image.setRGB(x, y, 0x1565c0);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void withoutABrandTheDocumentCarriesDotMacsMarkAndWithOneOnlyTheIspsBrand() throws Exception {
        Invoice issued = invoice("INV-2026-000044", List.of(new InvoiceLine("Fibre", "1", "10.00", "0", "10.00",
                "0.00")));
        byte[] plain = InvoicePdf.render(InvoicePdf.Issuer.of(SELLER, "Fibre Nord", Optional.empty()), CUSTOMER,
                issued);
        String text = pdftotext(plain, 0);
        assertTrue(text.contains("Fibre Nord Sp. z o.o.") && text.contains("Invoicing by DotMac"), text);
        try (PDDocument doc = Loader.loadPDF(plain)) {
            assertEquals("DotMac", doc.getDocumentInformation().getCreator());
            assertEquals(0, images(doc));
        }

        Brands.Brand brand = new Brands.Brand("Acme Fibre Ltd", null, "GB 123 4567 89", "#1565c0", "#ff6f00",
                null, null, "Acme Fibre Ltd, registered in England no. 01234567", "IBAN GB33 BUKB 2020 1555 5555 55\n"
                        + "Reference: your invoice number", "image/png", png());
        byte[] branded = InvoicePdf.render(InvoicePdf.Issuer.of(SELLER, "Fibre Nord", Optional.of(brand)), CUSTOMER,
                issued);
        String b = pdftotext(branded, 0);
        for (String expected : List.of("Acme Fibre Ltd", "Tax ID: GB 123 4567 89", "ul. Świętokrzyska 11",
                "registered in England no. 01234567", "Payment details", "IBAN GB33 BUKB 2020 1555 5555 55",
                "Reference: your invoice number")) {
            assertTrue(b.contains(expected), () -> "no '" + expected + "' in:\n" + b);
        }
        assertFalse(b.contains("DotMac") || b.contains("Fibre Nord Sp. z o.o."), b);
        try (PDDocument doc = Loader.loadPDF(branded)) {
            assertEquals("Acme Fibre Ltd", doc.getDocumentInformation().getCreator());
            assertEquals(1, images(doc));
        }
        // a credit note carries the footer but no payment details
        CreditNotes.CreditNote note = new CreditNotes.CreditNote("N1", "CN-2026-000002", "I1", "INV-2026-000044", "C1",
                "PLN", List.of(new InvoiceLine("Outage", "1", "5.00", "0", "5.00", "0.00")), "5.00", "0.00", "5.00",
                "0.00", "Outage", LocalDate.of(2026, 12, 6), Instant.EPOCH);
        String n = pdftotext(InvoicePdf.render(InvoicePdf.Issuer.of(SELLER, "Fibre Nord", Optional.of(brand)),
                CUSTOMER, note), 0);
        assertTrue(n.contains("registered in England") && !n.contains("Payment details") && !n.contains("DotMac"), n);
    }

    private static int images(PDDocument doc) throws IOException {
        int n = 0;
        for (org.apache.pdfbox.cos.COSName name : doc.getPage(0).getResources().getXObjectNames()) {
            if (doc.getPage(0).getResources().isImageXObject(name)) {
                n++;
            }
        }
        return n;
    }
}
