package io.dotmac.billing.basic.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;

import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.util.Matrix;

import io.dotmac.billing.basic.Invoice;
import io.dotmac.billing.basic.InvoiceLine;
import io.dotmac.billing.basic.InvoiceStatus;
import io.dotmac.customers.Customer;
import io.dotmac.platform.api.Brands;

/**
 * Renders an invoice as an A4 PDF with Apache PDFBox: the seller (legal name, address and tax id, or the tenant's
 * name), the customer billed, number and dates, one row per line (descriptions wrap, long invoices continue on
 * further pages, each headed with the number), the totals with the tax of each rate, and "number · Page x of y" at
 * the foot of every page; a draft or void invoice is marked so across every page. The text is set in DejaVu Sans,
 * embedded as a subset, so Latin, Greek and Cyrillic print as they are; a character the font lacks (CJK) prints as
 * {@code ?}.
 */
final class InvoicePdf {

    private static final float MARGIN = 50;
    private static final float RIGHT = PDRectangle.A4.getWidth() - MARGIN;
    private static final float BOTTOM = 90;
    private static final float SIZE = 9.5f;
    private static final float LEADING = 13;
    private static final float DESCRIPTION_WIDTH = 250;
    private static final float LOGO_HEIGHT = 40;
    private static final float LOGO_WIDTH = 160;
    /** Right edges of the number columns: quantity, unit price, tax rate, net. */
    private static final float[] COLUMNS = { 345, 415, 465, RIGHT };

    private static final byte[] REGULAR = font("DejaVuSans.ttf");
    private static final byte[] BOLD = font("DejaVuSans-Bold.ttf");
    /**
     * Parsed fonts (regular, bold) ready for the next render: parsing them costs more than a short invoice, and a
     * parsed font serves one document at a time. At most {@link #KEPT} pairs are kept, whatever the threads.
     */
    private static final int KEPT = 4;
    private static final ArrayBlockingQueue<TrueTypeFont[]> PARSED = new ArrayBlockingQueue<>(KEPT);

    private final PDDocument doc = new PDDocument();
    private final TrueTypeFont[] fonts;
    private final PDFont regular;
    private final PDFont bold;
    private final Map<PDFont, Map<Integer, Boolean>> printable = new HashMap<>();
    /** What every page after the first is headed with, and what is written across drafts and void invoices. */
    private String running = "";
    private String mark;
    private PDPageContentStream out;
    private float y;

    private InvoicePdf() throws IOException {
        TrueTypeFont[] kept = PARSED.poll();
        fonts = kept != null ? kept : new TrueTypeFont[] { parse(REGULAR), parse(BOLD) };
        regular = PDType0Font.load(doc, fonts[0], true);
        bold = PDType0Font.load(doc, fonts[1], true);
    }

    private static TrueTypeFont parse(byte[] ttf) throws IOException {
        return new TTFParser().parse(new RandomAccessReadBuffer(ttf));
    }

    private static byte[] font(String name) {
        try (InputStream in = InvoicePdf.class.getResourceAsStream("fonts/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks its font " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one document shows: an invoice's or a credit note's. */
    private record Sheet(String heading, String title, String footer, String mark, String[][] facts,
            List<InvoiceLine> lines, String subtotal, String tax, String total, String currency, String[][] after,
            String notes, boolean payable) {
    }

    /**
     * Who issues the document, as printed: the name, address and tax id, and, with the white_label plugin, the
     * tenant's logo (a PNG; an SVG logo is not drawn), colour, footer on every page and payment details under an
     * invoice's totals. {@code dotmacMark}: a discreet "DotMac" line at the foot of every page (no brand of its own).
     */
    record Issuer(String name, String address, String taxId, float[] colour, byte[] logo, String footer,
            String paymentDetails, boolean dotmacMark) {

        /** A tenant without white_label: the seller's details (or the tenant's name) and DotMac's mark. */
        static Issuer plain(Sellers.Seller seller, String tenantName) {
            return new Issuer(seller.legalName() != null ? seller.legalName() : tenantName, seller.address(),
                    seller.taxId(), null, null, null, null, true);
        }

        /**
         * The issuer of a tenant's documents: its brand where it has white_label ({@code brand} present; a field
         * the brand leaves out is the seller's), else {@link #plain}.
         */
        static Issuer of(Sellers.Seller seller, String tenantName, java.util.Optional<Brands.Brand> brand) {
            if (brand.isEmpty()) {
                return plain(seller, tenantName);
            }
            Brands.Brand b = brand.get();
            String name = b.legalName() != null ? b.legalName()
                    : seller.legalName() != null ? seller.legalName() : tenantName;
            return new Issuer(name, b.address() != null ? b.address() : seller.address(),
                    b.taxId() != null ? b.taxId() : seller.taxId(), rgb(b.primaryColour()), b.png().orElse(null),
                    b.invoiceFooter(), b.paymentDetails(), false);
        }

        private static float[] rgb(String hex) {
            if (hex == null || !hex.matches("#[0-9a-fA-F]{6}")) {
                return null;
            }
            int v = Integer.parseInt(hex.substring(1), 16);
            return new float[] { (v >> 16 & 0xff) / 255f, (v >> 8 & 0xff) / 255f, (v & 0xff) / 255f };
        }
    }

    /** The invoice's PDF; {@code seller} what the tenant set ({@link Sellers.Seller#NONE}: its name only). */
    static byte[] render(Sellers.Seller seller, String tenantName, Customer customer, Invoice invoice) {
        return render(Issuer.plain(seller, tenantName), customer, invoice);
    }

    /** The invoice's PDF as {@code issuer} issues it. */
    static byte[] render(Issuer issuer, Customer customer, Invoice invoice) {
        boolean issued = invoice.number() != null;
        List<String[]> after = new ArrayList<>();
        after.add(new String[] { "Paid", invoice.amountPaid() });
        if (new BigDecimal(invoice.amountCredited()).signum() != 0) {
            after.add(new String[] { "Credited", invoice.amountCredited() });
        }
        after.add(new String[] { "Balance due", invoice.balance() });
        return render(issuer, customer, new Sheet(issued ? "INVOICE" : "DRAFT",
                issued ? "Invoice " + invoice.number() : "Draft invoice", issued ? invoice.number() : "Draft invoice",
                invoice.status() == InvoiceStatus.DRAFT ? "DRAFT" : invoice.status() == InvoiceStatus.VOID ? "VOID"
                        : null,
                new String[][] {
                    { "Number", issued ? invoice.number() : "(not issued)" },
                    { "Status", invoice.status().name() },
                    { "Issue date", invoice.issueDate() != null ? invoice.issueDate().toString() : "-" },
                    { "Due date", invoice.dueDate() != null ? invoice.dueDate().toString() : "-" },
                    { "Currency", invoice.currency() },
                }, invoice.lines(), invoice.subtotal(), invoice.tax(), invoice.total(), invoice.currency(),
                after.toArray(new String[0][]), invoice.notes(), issued));
    }

    /** A credit note's PDF: what it credits of which invoice, and how much of it was refunded. */
    static byte[] render(Sellers.Seller seller, String tenantName, Customer customer, CreditNotes.CreditNote note) {
        return render(Issuer.plain(seller, tenantName), customer, note);
    }

    /** A credit note's PDF as {@code issuer} issues it. */
    static byte[] render(Issuer issuer, Customer customer, CreditNotes.CreditNote note) {
        return render(issuer, customer, new Sheet("CREDIT NOTE", "Credit note " + note.number(),
                note.number(), null,
                new String[][] {
                    { "Number", note.number() },
                    { "For invoice", note.invoiceNumber() },
                    { "Issue date", note.issueDate().toString() },
                    { "Currency", note.currency() },
                }, note.lines(), note.subtotal(), note.tax(), note.total(), note.currency(),
                new String[][] { { "Refunded", note.refunded() } }, "Reason: " + note.reason(), false));
    }

    private static byte[] render(Issuer issuer, Customer customer, Sheet sheet) {
        InvoicePdf pdf;
        try {
            pdf = new InvoicePdf();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return pdf.write(issuer, customer, sheet);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            pdf.closeQuietly();
        }
    }

    private byte[] write(Issuer seller, Customer customer, Sheet sheet) throws IOException {
        String sellerName = seller.name();
        doc.getDocumentInformation().setTitle(clean(regular, sheet.title()));
        doc.getDocumentInformation().setAuthor(clean(regular, sellerName));
        doc.getDocumentInformation().setCreator(seller.dotmacMark() ? "DotMac" : clean(regular, sellerName));
        doc.getDocumentInformation().setProducer(seller.dotmacMark() ? null : clean(regular, sellerName));
        mark = sheet.mark();
        newPage();

        if (seller.logo() != null) {
            logo(seller.logo());
        }
        colour(seller.colour());
        text(bold, 16, MARGIN, y, sellerName);
        right(bold, 16, RIGHT, y, sheet.heading());
        colour(null);
        y -= LEADING;
        if (seller.address() != null) {
            for (String a : seller.address().split("\\R")) {
                for (String l : wrap(regular, SIZE, a, 280)) {
                    y -= LEADING;
                    text(regular, SIZE, MARGIN, y, l);
                }
            }
        }
        if (seller.taxId() != null) {
            y -= LEADING;
            text(regular, SIZE, MARGIN, y, "Tax ID: " + seller.taxId());
        }
        y -= 2 * LEADING;
        running = sheet.title() + " · " + sellerName;
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
        for (String[] f : sheet.facts()) {
            text(bold, SIZE, 360, y, f[0]);
            right(regular, SIZE, RIGHT, y, f[1]);
            y -= LEADING;
        }
        y = Math.min(y, left) - 2 * LEADING;

        tableHeader();
        for (InvoiceLine line : sheet.lines()) {
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
        // tax per rate: the net and the tax of each rate's lines (each line's tax is already rounded)
        Map<BigDecimal, BigDecimal[]> rates = new TreeMap<>();
        for (InvoiceLine line : sheet.lines()) {
            BigDecimal[] sums = rates.computeIfAbsent(new BigDecimal(line.taxRate()).stripTrailingZeros(),
                    k -> new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO });
            sums[0] = sums[0].add(new BigDecimal(line.net()));
            sums[1] = sums[1].add(new BigDecimal(line.tax()));
        }
        List<String[]> totals = new ArrayList<>();
        totals.add(new String[] { "Subtotal", sheet.subtotal() });
        int scale = new BigDecimal(sheet.total()).scale();
        rates.forEach((rate, sums) -> totals.add(new String[] { "Tax " + rate.toPlainString() + " % of "
                + sums[0].setScale(scale).toPlainString(), sums[1].setScale(scale).toPlainString() }));
        if (rates.size() != 1) {
            totals.add(new String[] { "Tax", sheet.tax() });
        }
        totals.add(new String[] { "Total " + sheet.currency(), sheet.total() });
        totals.addAll(List.of(sheet.after()));
        if (y - (totals.size() + 1) * LEADING < BOTTOM) {
            newPage();
        }
        colour(seller.colour());
        rule();
        colour(null);
        y -= LEADING;
        for (String[] t : totals) {
            PDFont font = t[0].startsWith("Total") || t[0].startsWith("Balance") ? bold : regular;
            right(font, SIZE, COLUMNS[1], y, t[0]);
            right(font, SIZE, COLUMNS[3], y, t[1]);
            y -= LEADING;
        }
        if (sheet.notes() != null) {
            y -= LEADING;
            for (String l : wrap(regular, SIZE, sheet.notes(), RIGHT - MARGIN)) {
                if (y < BOTTOM) {
                    newPage();
                }
                text(regular, SIZE, MARGIN, y, l);
                y -= LEADING;
            }
        }
        if (sheet.payable() && seller.paymentDetails() != null) {
            y -= LEADING;
            if (y - 2 * LEADING < BOTTOM) {
                newPage();
            }
            text(bold, SIZE, MARGIN, y, "Payment details");
            y -= LEADING;
            for (String p : seller.paymentDetails().split("\\R")) {
                for (String l : wrap(regular, SIZE, p, RIGHT - MARGIN)) {
                    if (y < BOTTOM) {
                        newPage();
                    }
                    text(regular, SIZE, MARGIN, y, l);
                    y -= LEADING;
                }
            }
        }
        out.close();
        out = null;
        footers(sheet.footer(), seller);
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
        out = new PDPageContentStream(doc, page);
        y = PDRectangle.A4.getHeight() - MARGIN - 10;
        if (mark != null) {
            // across the page, light, under everything written afterwards
            out.beginText();
            out.setNonStrokingColor(0.88f);
            out.setFont(bold, 110);
            out.setTextMatrix(Matrix.getRotateInstance(Math.toRadians(50), 150, 250));
            out.showText(mark);
            out.endText();
            out.setNonStrokingColor(0f);
        }
        if (doc.getNumberOfPages() > 1) {
            text(bold, SIZE, MARGIN, y, running + " (continued)");
            y -= 2 * LEADING;
        }
    }

    /** The logo at the top left, at most {@link #LOGO_HEIGHT} high and {@link #LOGO_WIDTH} wide. */
    private void logo(byte[] png) throws IOException {
        PDImageXObject image;
        try {
            image = PDImageXObject.createFromByteArray(doc, png, "logo");
        } catch (IOException | IllegalArgumentException unreadable) {
            return; // sanitised when stored; a logo that still cannot be read leaves the name alone
        }
        float scale = Math.min(LOGO_HEIGHT / image.getHeight(), LOGO_WIDTH / image.getWidth());
        float h = image.getHeight() * scale;
        out.drawImage(image, MARGIN, y - h + 12, image.getWidth() * scale, h);
        y -= h + 6;
    }

    /** Text and rules from now on in {@code rgb} ({@code null}: black). */
    private void colour(float[] rgb) throws IOException {
        if (rgb == null) {
            out.setNonStrokingColor(0f);
            out.setStrokingColor(0f);
        } else {
            out.setNonStrokingColor(rgb[0], rgb[1], rgb[2]);
            out.setStrokingColor(rgb[0], rgb[1], rgb[2]);
        }
    }

    /**
     * "number · Page x of y" at the foot of every page, once the count is known; above it the issuer's footer,
     * below it DotMac's mark where the issuer has no brand of its own.
     */
    private void footers(String number, Issuer issuer) throws IOException {
        List<String> footer = new ArrayList<>();
        if (issuer.footer() != null) {
            for (String p : issuer.footer().split("\\R")) {
                footer.addAll(wrap(regular, 7.5f, p, RIGHT - MARGIN));
            }
        }
        int count = doc.getNumberOfPages();
        for (int i = 0; i < count; i++) {
            try (PDPageContentStream foot = new PDPageContentStream(doc, doc.getPage(i),
                    PDPageContentStream.AppendMode.APPEND, true, true)) {
                out = foot;
                text(regular, 8, MARGIN, 40, number);
                if (mark != null) {
                    String says = mark.equals("DRAFT") ? "DRAFT: not issued, not for payment" : "VOID: cancelled";
                    text(bold, 8, (MARGIN + RIGHT) / 2 - bold.getStringWidth(says) / 1000 * 8 / 2, 40, says);
                }
                right(regular, 8, RIGHT, 40, "Page " + (i + 1) + " of " + count);
                float at = 52 + 9 * (Math.min(footer.size(), 4) - 1);
                for (String l : footer.subList(0, Math.min(footer.size(), 4))) {
                    text(regular, 7.5f, MARGIN, at, l);
                    at -= 9;
                }
                if (issuer.dotmacMark()) {
                    foot.setNonStrokingColor(0.55f);
                    String says = "Invoicing by DotMac";
                    text(regular, 6.5f, (MARGIN + RIGHT) / 2 - regular.getStringWidth(says) / 1000 * 6.5f / 2, 26,
                            says);
                    foot.setNonStrokingColor(0f);
                }
            } finally {
                out = null;
            }
        }
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

    private void text(PDFont font, float size, float x, float atY, String s) throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, atY);
        out.showText(clean(font, s));
        out.endText();
    }

    private void right(PDFont font, float size, float rightEdge, float atY, String s) throws IOException {
        String c = clean(font, s);
        text(font, size, rightEdge - font.getStringWidth(c) / 1000 * size, atY, c);
    }

    /** {@code s} in words that fit {@code width}; a word longer than the width is cut. */
    private List<String> wrap(PDFont font, float size, String s, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : clean(font, s).split(" ")) {
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

    /** {@code s} with white space as spaces and what {@code font} cannot print as {@code ?}. */
    private String clean(PDFont font, String s) {
        if (s == null) {
            return "";
        }
        Map<Integer, Boolean> known = printable.computeIfAbsent(font, f -> new HashMap<>());
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isISOControl(cp)) {
                b.append(' ');
            } else if (known.computeIfAbsent(cp, c -> encodable(font, c))) {
                b.appendCodePoint(cp);
            } else {
                b.append('?');
            }
        });
        return b.toString();
    }

    private static boolean encodable(PDFont font, int codePoint) {
        try {
            font.encode(new String(Character.toChars(codePoint)));
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
        PARSED.offer(fonts); // for the next render; dropped when KEPT are waiting already
    }
}
