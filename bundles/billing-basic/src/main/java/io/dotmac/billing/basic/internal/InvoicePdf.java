package io.dotmac.billing.basic.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import io.dotmac.billing.basic.Invoice;
import io.dotmac.billing.basic.InvoiceLine;
import io.dotmac.customers.Customer;

/**
 * Renders an invoice as an A4 PDF with Apache PDFBox: the tenant, the customer billed, number and dates, one row per
 * line (descriptions wrap, long invoices continue on further pages) and the totals. It uses the standard Helvetica
 * fonts, so characters outside Windows-1252 print as {@code ?}.
 */
final class InvoicePdf {

    private static final float MARGIN = 50;
    private static final float RIGHT = PDRectangle.A4.getWidth() - MARGIN;
    private static final float BOTTOM = 90;
    private static final float SIZE = 9.5f;
    private static final float LEADING = 13;
    private static final float DESCRIPTION_WIDTH = 250;
    /** Right edges of the number columns: quantity, unit price, tax rate, net. */
    private static final float[] COLUMNS = { 345, 415, 465, RIGHT };

    private final PDDocument doc = new PDDocument();
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final Map<Integer, Boolean> printable = new HashMap<>();
    private PDPageContentStream out;
    private float y;
    private int pages;

    private InvoicePdf() {
    }

    /** The PDF's bytes. */
    static byte[] render(String tenantName, Customer customer, Invoice invoice) {
        InvoicePdf pdf = new InvoicePdf();
        try {
            return pdf.write(tenantName, customer, invoice);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            pdf.closeQuietly();
        }
    }

    private byte[] write(String tenantName, Customer customer, Invoice invoice) throws IOException {
        String title = invoice.number() != null ? "Invoice " + invoice.number() : "Draft invoice";
        doc.getDocumentInformation().setTitle(clean(title));
        doc.getDocumentInformation().setAuthor(clean(tenantName));
        doc.getDocumentInformation().setCreator("DotMac");
        newPage();

        text(bold, 16, MARGIN, y, tenantName);
        right(bold, 16, RIGHT, y, invoice.number() != null ? "INVOICE" : "DRAFT");
        y -= 2 * LEADING;
        float top = y;
        text(bold, SIZE, MARGIN, y, "Bill to");
        y -= LEADING;
        text(regular, SIZE, MARGIN, y, customer.name());
        y -= LEADING;
        text(regular, SIZE, MARGIN, y, customer.email());
        if (customer.serviceAddress() != null) {
            for (String l : wrap(regular, SIZE, customer.serviceAddress(), 250)) {
                y -= LEADING;
                text(regular, SIZE, MARGIN, y, l);
            }
        }
        float left = y;
        y = top;
        String[][] facts = {
            { "Number", invoice.number() != null ? invoice.number() : "(not issued)" },
            { "Status", invoice.status().name() },
            { "Issue date", invoice.issueDate() != null ? invoice.issueDate().toString() : "-" },
            { "Due date", invoice.dueDate() != null ? invoice.dueDate().toString() : "-" },
            { "Currency", invoice.currency() },
        };
        for (String[] f : facts) {
            text(bold, SIZE, 360, y, f[0]);
            right(regular, SIZE, RIGHT, y, f[1]);
            y -= LEADING;
        }
        y = Math.min(y, left) - 2 * LEADING;

        tableHeader();
        for (InvoiceLine line : invoice.lines()) {
            List<String> description = wrap(regular, SIZE, line.description(), DESCRIPTION_WIDTH);
            if (y - description.size() * LEADING < BOTTOM) {
                newPage();
                tableHeader();
            }
            right(regular, SIZE, COLUMNS[0], y, line.quantity());
            right(regular, SIZE, COLUMNS[1], y, line.unitPrice());
            right(regular, SIZE, COLUMNS[2], y, line.taxRate() + " %");
            right(regular, SIZE, COLUMNS[3], y, line.net());
            for (String d : description) {
                text(regular, SIZE, MARGIN, y, d);
                y -= LEADING;
            }
            y -= 3;
        }
        if (y - 6 * LEADING < BOTTOM) {
            newPage();
        }
        rule();
        y -= LEADING;
        String[][] totals = {
            { "Subtotal", invoice.subtotal() },
            { "Tax", invoice.tax() },
            { "Total " + invoice.currency(), invoice.total() },
            { "Paid", invoice.amountPaid() },
            { "Balance due", invoice.balance() },
        };
        for (String[] t : totals) {
            PDType1Font font = t[0].startsWith("Total") || t[0].startsWith("Balance") ? bold : regular;
            right(font, SIZE, COLUMNS[2], y, t[0]);
            right(font, SIZE, COLUMNS[3], y, t[1]);
            y -= LEADING;
        }
        if (invoice.notes() != null) {
            y -= LEADING;
            for (String l : wrap(regular, SIZE, invoice.notes(), RIGHT - MARGIN)) {
                if (y < BOTTOM) {
                    newPage();
                }
                text(regular, SIZE, MARGIN, y, l);
                y -= LEADING;
            }
        }
        out.close();
        out = null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        doc.save(bytes);
        return bytes.toByteArray();
    }

    private void newPage() throws IOException {
        if (out != null) {
            out.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        pages++;
        out = new PDPageContentStream(doc, page);
        text(regular, 8, MARGIN, 40, "Page " + pages);
        y = PDRectangle.A4.getHeight() - MARGIN - 10;
    }

    private void tableHeader() throws IOException {
        text(bold, SIZE, MARGIN, y, "Description");
        right(bold, SIZE, COLUMNS[0], y, "Qty");
        right(bold, SIZE, COLUMNS[1], y, "Unit price");
        right(bold, SIZE, COLUMNS[2], y, "Tax");
        right(bold, SIZE, COLUMNS[3], y, "Net");
        y -= 5;
        rule();
        y -= LEADING;
    }

    private void rule() throws IOException {
        out.moveTo(MARGIN, y);
        out.lineTo(RIGHT, y);
        out.setLineWidth(0.5f);
        out.stroke();
    }

    private void text(PDType1Font font, float size, float x, float atY, String s) throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, atY);
        out.showText(clean(s));
        out.endText();
    }

    private void right(PDType1Font font, float size, float rightEdge, float atY, String s) throws IOException {
        String c = clean(s);
        text(font, size, rightEdge - font.getStringWidth(c) / 1000 * size, atY, c);
    }

    /** {@code s} in words that fit {@code width}; a word longer than the width is cut. */
    private List<String> wrap(PDType1Font font, float size, String s, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : clean(s).split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (font.getStringWidth(candidate) / 1000 * size <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (line.length() > 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
            String rest = word;
            while (font.getStringWidth(rest) / 1000 * size > width) {
                int n = rest.length() - 1;
                while (n > 1 && font.getStringWidth(rest.substring(0, n)) / 1000 * size > width) {
                    n--;
                }
                lines.add(rest.substring(0, n));
                rest = rest.substring(n);
            }
            line.append(rest);
        }
        if (line.length() > 0 || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** {@code s} with white space as spaces and what Helvetica cannot print as {@code ?}. */
    private String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isISOControl(cp)) {
                b.append(' ');
            } else if (printable.computeIfAbsent(cp, this::encodable)) {
                b.appendCodePoint(cp);
            } else {
                b.append('?');
            }
        });
        return b.toString();
    }

    private boolean encodable(int codePoint) {
        try {
            regular.encode(new String(Character.toChars(codePoint)));
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }

    private void closeQuietly() {
        try {
            if (out != null) {
                out.close();
            }
            doc.close();
        } catch (IOException e) {
            // nothing left to save
        }
    }
}
