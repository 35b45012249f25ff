package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Invoices and payments of the FREE plugin basic_billing through HTTP: exact totals, the DRAFT → ISSUED → PAID | VOID
 * life with 409 for what it does not allow, gapless numbers under concurrent issuing, payments and overpayment, the
 * PDF, the customer who owes money and cannot be closed, bad input, and another tenant's token on every invoice
 * endpoint.
 */
public abstract class InvoicesSuite extends CustomersSuite {

    protected static final String LINES = "[{\"description\":\"Fibre 100, November\",\"quantity\":\"2\","
            + "\"unitPrice\":\"49.90\",\"taxRate\":\"20\"},{\"description\":\"Half a late fee\",\"quantity\":\"0.5\","
            + "\"unitPrice\":\"0.15\",\"taxRate\":\"10\"}]";

    protected HttpResponse<String> createInvoice(String token, String customerId, String lines) throws Exception {
        return send("POST", "/api/v1/invoices", "{\"customerId\":\"" + customerId + "\",\"lines\":" + lines + "}",
                "Authorization", token);
    }

    protected String draft(String token, String customerId) throws Exception {
        HttpResponse<String> r = createInvoice(token, customerId, LINES);
        assertEquals(r.body(), 201, r.statusCode());
        return json(r).path("id").asText();
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return send("POST", path, null, "Authorization", token);
    }

    private HttpResponse<String> pay(String token, String invoice, String amount) throws Exception {
        return send("POST", "/api/v1/invoices/" + invoice + "/payments", "{\"amount\":\"" + amount
                + "\",\"method\":\"BANK_TRANSFER\",\"reference\":\"SEPA 42\"}", "Authorization", token);
    }

    private static Set<String> fields(HttpResponse<String> r) throws Exception {
        Set<String> fields = new HashSet<>();
        json(r).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    protected void checkInvoicesAreIssuedPaidAndVoidedWithExactTotals() throws Exception {
        assumeDatabase();
        String slug = unique("inv");
        String tenantId = createTenant(slug, "FREE").path("id").asText();
        HttpResponse<String> euro = send("PATCH", "/api/v1/tenants/" + tenantId, "{\"currency\":\"EUR\"}",
                "Authorization", bearer(adminToken()));
        assertEquals(euro.body(), "EUR", json(euro).path("currency").asText());
        HttpResponse<String> notMoney = send("PATCH", "/api/v1/tenants/" + tenantId, "{\"currency\":\"XAU\"}",
                "Authorization", bearer(adminToken()));
        assertProblem(notMoney, 422);
        assertEquals(Set.of("currency"), fields(notMoney));
        String t = bearer(token(slug, "boss"));
        String customer = json(createCustomer(t, "Ada Lovelace", "ada@example.org")).path("id").asText();

        HttpResponse<String> created = createInvoice(t, customer, LINES);
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode inv = json(created);
        String id = inv.path("id").asText();
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/v1/invoices/" + id));
        assertEquals("DRAFT", inv.path("status").asText());
        assertTrue(inv.path("number").isMissingNode() || inv.path("number").isNull());
        assertEquals("EUR", inv.path("currency").asText());
        // 2 × 49.90 = 99.80, tax 19.96; 0.5 × 0.15 = 0.075 → 0.08 (half-even), tax 0.008 → 0.01
        assertEquals("99.80", inv.path("lines").get(0).path("net").asText());
        assertEquals("0.08", inv.path("lines").get(1).path("net").asText());
        assertEquals("0.01", inv.path("lines").get(1).path("tax").asText());
        assertEquals("99.88", inv.path("subtotal").asText());
        assertEquals("19.97", inv.path("tax").asText());
        assertEquals("119.85", inv.path("total").asText());
        assertEquals("0.00", inv.path("balance").asText());

        // a draft changes; its lines are replaced
        HttpResponse<String> patched = send("PATCH", "/api/v1/invoices/" + id, "{\"lines\":[{\"description\":"
                + "\"Fibre 100\",\"quantity\":\"3\",\"unitPrice\":\"33.33\",\"taxRate\":\"7.25\"}],"
                + "\"notes\":\"Thank you\"}", "Authorization", t);
        assertEquals(patched.body(), 200, patched.statusCode());
        assertEquals("107.24", json(patched).path("total").asText()); // 99.99 + 7.25
        assertEquals(1, json(patched).path("lines").size());

        String year = String.valueOf(LocalDate.now(ZoneOffset.UTC).getYear());
        HttpResponse<String> issued = post("/api/v1/invoices/" + id + "/issue", t);
        assertEquals(issued.body(), 200, issued.statusCode());
        inv = json(issued);
        assertEquals("ISSUED", inv.path("status").asText());
        assertEquals("INV-" + year + "-000001", inv.path("number").asText());
        assertEquals(LocalDate.now(ZoneOffset.UTC).plusDays(14).toString(), inv.path("dueDate").asText());
        assertEquals("107.24", inv.path("balance").asText());
        assertProblem(post("/api/v1/invoices/" + id + "/issue", t), 409);
        assertProblem(send("PATCH", "/api/v1/invoices/" + id, "{\"notes\":\"x\"}", "Authorization", t), 409);

        // the customer owes money: cannot be closed
        HttpResponse<String> close = send("DELETE", "/api/v1/customers/" + customer, null, "Authorization", t);
        assertProblem(close, 409);
        assertContains(close.body(), "unpaid invoice");

        HttpResponse<String> first = pay(t, id, "100");
        assertEquals(first.body(), 201, first.statusCode());
        assertEquals("100.00", json(first).path("amount").asText());
        HttpResponse<String> over = pay(t, id, "7.25");
        assertProblem(over, 422);
        assertEquals(Set.of("amount"), fields(over));
        inv = json(get("/api/v1/invoices/" + id, "Authorization", t));
        assertEquals("ISSUED", inv.path("status").asText());
        assertEquals("100.00", inv.path("amountPaid").asText());
        assertEquals("7.24", inv.path("balance").asText());
        assertProblem(post("/api/v1/invoices/" + id + "/void", t), 409); // it has a payment

        assertEquals(201, pay(t, id, "7.24").statusCode());
        inv = json(get("/api/v1/invoices/" + id, "Authorization", t));
        assertEquals("PAID", inv.path("status").asText());
        assertEquals("0.00", inv.path("balance").asText());
        assertProblem(pay(t, id, "0.01"), 409);
        assertProblem(post("/api/v1/invoices/" + id + "/void", t), 409);
        JsonNode payments = json(get("/api/v1/invoices/" + id + "/payments", "Authorization", t));
        assertEquals(2, payments.size());
        assertEquals("SEPA 42", payments.get(0).path("reference").asText());

        // voiding keeps a number used; a voided draft never had one: the next number follows without a gap
        String second = draft(t, customer);
        assertEquals("INV-" + year + "-000002", json(post("/api/v1/invoices/" + second + "/issue", t)).path("number")
                .asText());
        JsonNode voided = json(post("/api/v1/invoices/" + second + "/void", t));
        assertEquals("VOID", voided.path("status").asText());
        assertEquals("INV-" + year + "-000002", voided.path("number").asText());
        assertProblem(post("/api/v1/invoices/" + second + "/void", t), 409);
        assertProblem(post("/api/v1/invoices/" + second + "/issue", t), 409);
        String third = draft(t, customer);
        assertEquals("VOID", json(post("/api/v1/invoices/" + third + "/void", t)).path("status").asText());
        String fourth = draft(t, customer);
        assertEquals("INV-" + year + "-000003", json(post("/api/v1/invoices/" + fourth + "/issue", t))
                .path("number").asText());

        assertEquals(1, json(get("/api/v1/invoices?status=ISSUED", "Authorization", t)).path("items").size());
        assertEquals(2, json(get("/api/v1/invoices?status=VOID&customerId=" + customer, "Authorization", t))
                .path("items").size());
        assertProblem(send("DELETE", "/api/v1/customers/" + customer, null, "Authorization", t), 409);
        assertEquals(201, pay(t, fourth, json(get("/api/v1/invoices/" + fourth, "Authorization", t)).path("balance")
                .asText()).statusCode());
        assertEquals("CLOSED", json(send("DELETE", "/api/v1/customers/" + customer, null, "Authorization", t))
                .path("status").asText());
        HttpResponse<String> forClosed = createInvoice(t, customer, LINES);
        assertProblem(forClosed, 422);
        assertEquals(Set.of("customerId"), fields(forClosed));
    }

    protected void checkInvoiceNumbersStayGaplessUnderConcurrentIssuing() throws Exception {
        assumeDatabase();
        int perTenant = 30;
        String a = unique("seq-a");
        String b = unique("seq-b");
        createTenant(a, "FREE");
        createTenant(b, "FREE");
        String ta = bearer(token(a, "boss"));
        String tb = bearer(token(b, "boss"));
        String ca = json(createCustomer(ta, "Seq A", "a@example.org")).path("id").asText();
        String cb = json(createCustomer(tb, "Seq B", "b@example.org")).path("id").asText();
        List<String[]> drafts = new ArrayList<>();
        for (int i = 0; i < perTenant; i++) {
            drafts.add(new String[] { ta, draft(ta, ca) });
            drafts.add(new String[] { tb, draft(tb, cb) });
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> results = new ArrayList<>();
            for (String[] d : drafts) {
                results.add(pool.submit(() -> {
                    start.await();
                    return post("/api/v1/invoices/" + d[1] + "/issue", d[0]);
                }));
            }
            start.countDown();
            for (Future<HttpResponse<String>> f : results) {
                HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                assertEquals(r.body(), 200, r.statusCode());
            }
        } finally {
            pool.shutdownNow();
        }
        String year = String.valueOf(LocalDate.now(ZoneOffset.UTC).getYear());
        for (String t : List.of(ta, tb)) {
            Set<String> numbers = new TreeSet<>();
            json(get("/api/v1/invoices?status=ISSUED&limit=200", "Authorization", t)).path("items")
                    .forEach(i -> numbers.add(i.path("number").asText()));
            Set<String> expected = new TreeSet<>();
            for (int n = 1; n <= perTenant; n++) {
                expected.add(String.format("INV-%s-%06d", year, n));
            }
            assertEquals(expected, numbers);
        }
    }

    protected void checkClosingACustomerWhileIssuingNeverLeavesAClosedDebtor() throws Exception {
        assumeDatabase();
        String slug = unique("race");
        createTenant(slug, "FREE");
        String t = bearer(token(slug, "boss"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 15; round++) {
                String customer = json(createCustomer(t, "Racer " + round, "racer" + round + "@example.org"))
                        .path("id").asText();
                String invoice = draft(t, customer);
                CountDownLatch start = new CountDownLatch(1);
                Future<HttpResponse<String>> close = pool.submit(() -> {
                    start.await();
                    return send("DELETE", "/api/v1/customers/" + customer, null, "Authorization", t);
                });
                Future<HttpResponse<String>> issue = pool.submit(() -> {
                    start.await();
                    return post("/api/v1/invoices/" + invoice + "/issue", t);
                });
                start.countDown();
                int closed = close.get(30, TimeUnit.SECONDS).statusCode();
                int issued = issue.get(30, TimeUnit.SECONDS).statusCode();
                // one of them wins: closed first (the issue is refused) or issued first (the close is refused)
                assertEquals("close " + closed + ", issue " + issued, 1, (closed == 200 ? 1 : 0)
                        + (issued == 200 ? 1 : 0));
                String status = json(get("/api/v1/customers/" + customer, "Authorization", t)).path("status").asText();
                String invoiceStatus = json(get("/api/v1/invoices/" + invoice, "Authorization", t)).path("status")
                        .asText();
                assertFalse("a closed customer owes invoice " + invoice, status.equals("CLOSED")
                        && invoiceStatus.equals("ISSUED"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    protected void checkInvoicePdfShowsTheInvoice() throws Exception {
        assumeDatabase();
        String slug = unique("pdf");
        String other = unique("pdf-b");
        createTenant(slug, "FREE");
        createTenant(other, "FREE");
        String t = bearer(token(slug, "boss"));
        String o = bearer(token(other, "boss"));
        // the seller's details, per tenant: bad fields named, nothing written
        HttpResponse<String> bad = send("PUT", "/api/v1/billing/seller", "{\"legalName\":\"two\\nlines\","
                + "\"taxId\":\"<script>\"}", "Authorization", t);
        assertProblem(bad, 422);
        assertEquals("[\"legalName\",\"taxId\"]", json(bad).path("errors").findValues("field").toString()
                .replace(" ", ""));
        assertTrue(json(get("/api/v1/billing/seller", "Authorization", t)).path("legalName").isMissingNode());
        HttpResponse<String> seller = send("PUT", "/api/v1/billing/seller", "{\"legalName\":\"Światłowody Nord "
                + "Sp. z o.o.\",\"address\":\"ul. Świętokrzyska 11\\n00-360 Warszawa\",\"taxId\":\"PL 526-000-12-46\"}",
                "Authorization", t);
        assertEquals(seller.body(), 200, seller.statusCode());
        assertEquals("PL 526-000-12-46", json(get("/api/v1/billing/seller", "Authorization", t)).path("taxId")
                .asText());
        assertTrue(json(get("/api/v1/billing/seller", "Authorization", o)).path("legalName").isMissingNode());
        assertEquals(200, send("PUT", "/api/v1/billing/seller", "{\"legalName\":\"Other Ltd\"}", "Authorization",
                o).statusCode());
        assertEquals("Światłowody Nord Sp. z o.o.", json(get("/api/v1/billing/seller", "Authorization", t))
                .path("legalName").asText());
        String customer = json(createCustomer(t, "Łukasz Wiśniewski", "joerg@example.org")).path("id").asText();
        String id = draft(t, customer);
        String number = json(post("/api/v1/invoices/" + id + "/issue", t)).path("number").asText();

        HttpResponse<byte[]> pdf = getBytes("/api/v1/invoices/" + id, "Authorization", t, "Accept",
                "application/pdf");
        assertEquals(200, pdf.statusCode());
        assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElse(""));
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(doc);
        }
        for (String expected : List.of("Światłowody Nord Sp. z o.o.", "00-360 Warszawa", "Tax ID: PL 526-000-12-46",
                "Łukasz Wiśniewski", "joerg@example.org", number, "Fibre 100, November", "99.80", "99.88", "19.97",
                "119.85", "Page 1 of 1")) {
            assertContains(text, expected);
        }
        // JSON stays the default; another tenant gets no PDF
        assertEquals(id, json(get("/api/v1/invoices/" + id, "Authorization", t)).path("id").asText());
        HttpResponse<byte[]> foreign = getBytes("/api/v1/invoices/" + id, "Authorization", o, "Accept",
                "application/pdf");
        assertEquals(404, foreign.statusCode());
        assertFalse(new String(foreign.body(), java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("%PDF"));
    }

    /**
     * Invoices found by number and by a piece of text, every customer's and invoice's row as CSV (formulas defused),
     * an unknown query parameter named with 400 instead of ignored, and none of it reaching another tenant's rows.
     */
    protected void checkInvoicesAreFoundByNumberOrTextAndExportedAsCsv() throws Exception {
        assumeDatabase();
        String slug = unique("find");
        String other = unique("find-b");
        createTenant(slug, "FREE");
        createTenant(other, "FREE");
        String t = bearer(token(slug, "boss"));
        String o = bearer(token(other, "boss"));
        String lukasz = json(createCustomer(t, "Łukasz Wiśniewski", "lw@example.org")).path("id").asText();
        String formula = json(createCustomer(t, "=SUM(1,2)", "f@example.org")).path("id").asText();
        String first = draft(t, lukasz);
        String number = json(post("/api/v1/invoices/" + first + "/issue", t)).path("number").asText();
        draft(t, formula);
        json(createCustomer(o, "Łukasz Wiśniewski", "lw@example.org"));

        JsonNode byNumber = json(get("/api/v1/invoices?number=" + number.toLowerCase(), "Authorization", t));
        assertEquals(1, byNumber.path("items").size());
        assertEquals(first, byNumber.path("items").get(0).path("id").asText());
        JsonNode byName = json(get("/api/v1/invoices?q=wi%C5%9Bniew", "Authorization", t));
        assertEquals(1, byName.path("items").size());
        assertEquals(first, byName.path("items").get(0).path("id").asText());
        assertEquals(1, json(get("/api/v1/invoices?q=" + number.substring(4), "Authorization", t)).path("items")
                .size());
        assertEquals(2, json(get("/api/v1/invoices?q=example.org", "Authorization", t)).path("items").size());
        // another tenant finds none of them, by number or by text
        assertEquals(0, json(get("/api/v1/invoices?number=" + number, "Authorization", o)).path("items").size());
        assertEquals(0, json(get("/api/v1/invoices?q=example.org", "Authorization", o)).path("items").size());

        // a parameter the endpoint does not take is named, not ignored
        HttpResponse<String> unknown = get("/api/v1/invoices?nmber=" + number, "Authorization", t);
        assertProblem(unknown, 400);
        assertEquals("nmber", json(unknown).path("errors").get(0).path("field").asText());
        assertContains(json(unknown).path("errors").get(0).path("message").asText(), "number");
        assertProblem(get("/api/v1/customers?limit=5&sort=name", "Authorization", t), 400);
        assertProblem(get("/api/v1/invoices?format=xml", "Authorization", t), 422);

        // CSV: every row the filters select, with a header, by ?format=csv or by Accept
        HttpResponse<String> csv = get("/api/v1/invoices?format=csv", "Authorization", t);
        assertEquals(csv.body(), 200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertContains(csv.headers().firstValue("Content-Disposition").orElse(""), "attachment; filename=\"invoices-");
        List<String> lines = csv.body().lines().toList();
        assertEquals("id,number,customerId,status,currency,subtotal,tax,total,amountPaid,amountCredited,balance,"
                + "issueDate,dueDate,notes", lines.get(0));
        assertEquals(3, lines.size());
        assertTrue(csv.body(), lines.stream().anyMatch(l -> l.startsWith(first + "," + number + "," + lukasz
                + ",ISSUED,")));
        HttpResponse<String> customers = get("/api/v1/customers?status=ACTIVE", "Authorization", t, "Accept",
                "text/csv");
        assertEquals(customers.body(), 200, customers.statusCode());
        assertContains(customers.body(), formula + ",\"'=SUM(1,2)\",f@example.org,");
        assertContains(customers.body(), lukasz + ",Łukasz Wiśniewski,lw@example.org,");
        assertEquals(3, customers.body().lines().count());
        // JSON stays the default for a client that accepts anything; the other tenant's export has only its own
        assertEquals(2, json(get("/api/v1/customers", "Authorization", t, "Accept", "*/*")).path("items").size());
        String theirs = get("/api/v1/customers?format=csv", "Authorization", o).body();
        assertEquals(2, theirs.lines().count());
        assertFalse(theirs, theirs.contains(lukasz));
        assertEquals(1, get("/api/v1/invoices?format=csv", "Authorization", o).body().lines().count());
    }

    private static String line(String description, String quantity, String unitPrice, String rate) {
        return "{\"description\":\"" + description + "\",\"quantity\":\"" + quantity + "\",\"unitPrice\":\""
                + unitPrice + "\",\"taxRate\":\"" + rate + "\"}";
    }

    private HttpResponse<String> credit(String token, String invoice, String lines, Boolean refund) throws Exception {
        return send("POST", "/api/v1/invoices/" + invoice + "/credit-notes", "{\"reason\":\"Outage in November\","
                + "\"lines\":" + lines + (refund == null ? "" : ",\"refund\":" + refund) + "}", "Authorization", token);
    }

    /**
     * Corrections of an issued invoice: discount lines, credit notes (gapless CN numbers) that lower the balance and
     * refund what was paid only when told to, refunds of a payment alone, the invoice settled or owed again as they
     * say; none of it reaches another tenant's invoices, and only an isp_admin issues them.
     */
    protected void checkCreditNotesRefundsAndDiscountsCorrectAnIssuedInvoice() throws Exception {
        assumeDatabase();
        String slug = unique("cn");
        String other = unique("cn-b");
        JsonNode tenant = createTenant(slug, "FREE");
        createTenant(other, "FREE");
        String t = bearer(token(slug, "boss"));
        String o = bearer(token(other, "boss"));
        String customer = json(createCustomer(t, "Credit Customer", "cn@example.org")).path("id").asText();

        // a discount line lowers what is sold at its rate, never below zero
        HttpResponse<String> tooMuch = createInvoice(t, customer, "[" + line("Fibre", "1", "10.00", "0") + ","
                + line("Welcome discount", "1", "-20.00", "0") + "]");
        assertProblem(tooMuch, 422);
        assertEquals("lines", json(tooMuch).path("errors").get(0).path("field").asText());
        HttpResponse<String> created = createInvoice(t, customer, "[" + line("Fibre 100", "2", "50.00", "20") + ","
                + line("Loyalty discount", "1", "-10.00", "20") + "]");
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode draft = json(created);
        assertEquals("90.00", draft.path("subtotal").asText());
        assertEquals("108.00", draft.path("total").asText());
        assertEquals("-10.00", draft.path("lines").get(1).path("net").asText());
        String id = draft.path("id").asText();
        assertProblem(credit(t, id, "[" + line("Outage", "1", "10.00", "20") + "]", null), 409); // a draft
        assertEquals(200, post("/api/v1/invoices/" + id + "/issue", t).statusCode());
        HttpResponse<String> paid = pay(t, id, "50.00");
        assertEquals(paid.body(), 201, paid.statusCode());
        String payment = json(paid).path("id").asText();

        // credit 24.00 of the 58.00 still owed: no refund needed
        HttpResponse<String> first = credit(t, id, "[" + line("Outage, 10 days", "1", "20.00", "20") + "]", null);
        assertEquals(first.body(), 201, first.statusCode());
        JsonNode note = json(first);
        String year = String.valueOf(java.time.LocalDate.now(java.time.ZoneOffset.UTC).getYear());
        assertEquals("CN-" + year + "-000001", note.path("number").asText());
        assertEquals("24.00", note.path("total").asText());
        assertEquals("0.00", note.path("refunded").asText());
        assertTrue(first.headers().firstValue("Location").orElse("").endsWith("/api/v1/credit-notes/"
                + note.path("id").asText()));
        JsonNode invoice = json(get("/api/v1/invoices/" + id, "Authorization", t));
        assertEquals("24.00", invoice.path("amountCredited").asText());
        assertEquals("34.00", invoice.path("balance").asText());
        assertEquals("ISSUED", invoice.path("status").asText());

        // credit 48.00 more: 34.00 are owed, 14.00 were paid and must be refunded, which needs saying so
        String more = "[" + line("Outage, the rest", "1", "40.00", "20") + "]";
        HttpResponse<String> unsaid = credit(t, id, more, null);
        assertProblem(unsaid, 422);
        assertEquals("refund", json(unsaid).path("errors").get(0).path("field").asText());
        HttpResponse<String> second = credit(t, id, more, true);
        assertEquals(second.body(), 201, second.statusCode());
        assertEquals("CN-" + year + "-000002", json(second).path("number").asText());
        assertEquals("14.00", json(second).path("refunded").asText());
        invoice = json(get("/api/v1/invoices/" + id, "Authorization", t));
        assertEquals("PAID", invoice.path("status").asText());
        assertEquals("36.00", invoice.path("amountPaid").asText());
        assertEquals("72.00", invoice.path("amountCredited").asText());
        assertEquals("0.00", invoice.path("balance").asText());
        JsonNode refunds = json(get("/api/v1/invoices/" + id + "/refunds", "Authorization", t));
        assertEquals(1, refunds.size());
        assertEquals("14.00", refunds.get(0).path("amount").asText());
        assertEquals(json(second).path("id").asText(), refunds.get(0).path("creditNoteId").asText());
        // never more than is left to credit (36.00)
        assertProblem(credit(t, id, "[" + line("Too much", "1", "40.00", "20") + "]", true), 422);

        // a payment reversed without a credit note: the invoice is owed that again
        assertProblem(send("POST", "/api/v1/invoices/" + id + "/payments/" + payment + "/refunds",
                "{\"amount\":\"40.00\",\"reason\":\"chargeback\"}", "Authorization", t), 422); // 36 left
        HttpResponse<String> reversed = send("POST", "/api/v1/invoices/" + id + "/payments/" + payment + "/refunds",
                "{\"amount\":\"10.00\",\"reason\":\"chargeback\"}", "Authorization", t);
        assertEquals(reversed.body(), 201, reversed.statusCode());
        invoice = json(get("/api/v1/invoices/" + id, "Authorization", t));
        assertEquals("ISSUED", invoice.path("status").asText());
        assertEquals("10.00", invoice.path("balance").asText());
        assertProblem(post("/api/v1/invoices/" + id + "/void", t), 409);
        assertEquals(2, json(get("/api/v1/credit-notes?invoiceId=" + id, "Authorization", t)).path("items").size());
        assertEquals("Outage in November", json(get("/api/v1/credit-notes/" + note.path("id").asText(),
                "Authorization", t)).path("reason").asText());
        HttpResponse<byte[]> pdf = getBytes("/api/v1/credit-notes/" + note.path("id").asText(), "Authorization", t,
                "Accept", "application/pdf");
        assertEquals(200, pdf.statusCode());
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(doc);
            for (String expected : List.of("CREDIT NOTE", note.path("number").asText(), invoice.path("number").asText(),
                    "Reason: Outage in November")) {
                assertContains(text, expected);
            }
        }

        // another tenant: nothing to see, nothing to credit or refund
        assertProblem(get("/api/v1/credit-notes/" + note.path("id").asText(), "Authorization", o), 404);
        assertEquals(0, json(get("/api/v1/credit-notes", "Authorization", o)).path("items").size());
        assertProblem(credit(o, id, "[" + line("Sneaky", "1", "1.00", "0") + "]", true), 404);
        assertProblem(send("POST", "/api/v1/invoices/" + id + "/payments/" + payment + "/refunds",
                "{\"amount\":\"1.00\",\"reason\":\"x\"}", "Authorization", o), 404);
        assertProblem(get("/api/v1/invoices/" + id + "/refunds", "Authorization", o), 404);
        // staff take payments; credit notes and refunds are the administrator's
        addUser(tenant.path("id").asText(), "clerk", "ISP_STAFF");
        String clerk = bearer(token(slug, "clerk"));
        assertProblem(credit(clerk, id, "[" + line("Goodwill", "1", "1.00", "0") + "]", null), 403);
        assertEquals("10.00", json(get("/api/v1/invoices/" + id, "Authorization", t)).path("balance").asText());
    }

    protected void checkBadInvoiceInputIsNamedAndWritesNothing() throws Exception {
        assumeDatabase();
        String slug = unique("badinv");
        createTenant(slug, "FREE");
        String t = bearer(token(slug, "boss"));
        String customer = json(createCustomer(t, "Barbara Liskov", "barbara@example.org")).path("id").asText();

        HttpResponse<String> missing = send("POST", "/api/v1/invoices", "{}", "Authorization", t);
        assertProblem(missing, 422);
        assertEquals(Set.of("customerId", "lines"), fields(missing));
        HttpResponse<String> bad = send("POST", "/api/v1/invoices", "{\"customerId\":\"nobody\",\"dueDate\":"
                + "\"someday\",\"notes\":\"" + "n".repeat(2001) + "\",\"lines\":[{\"description\":\"\","
                + "\"quantity\":\"-1\",\"unitPrice\":\"-5.0.0\",\"taxRate\":\"120\"},{\"description\":\"ok\","
                + "\"quantity\":\"1\",\"unitPrice\":\"1.001\",\"taxRate\":\"abc\"}]}", "Authorization", t);
        assertProblem(bad, 422);
        assertEquals(Set.of("customerId", "dueDate", "notes", "lines[0].description", "lines[0].quantity",
                "lines[0].unitPrice", "lines[0].taxRate", "lines[1].unitPrice", "lines[1].taxRate"), fields(bad));
        assertProblem(send("POST", "/api/v1/invoices", "{\"customerId\":\"" + customer + "\",\"lines\":{}}",
                "Authorization", t), 400);
        assertProblem(send("POST", "/api/v1/invoices", "{\"customerId\":\"" + customer + "\",\"lines\":[",
                "Authorization", t), 400);
        assertProblem(send("POST", "/api/v1/invoices", "{\"customerId\":\"" + customer + "\",\"total\":\"1\"}",
                "Authorization", t), 400);
        assertProblem(get("/api/v1/invoices?status=OWED", "Authorization", t), 422);
        assertProblem(get("/api/v1/invoices/no-such-id", "Authorization", t), 404);
        assertProblem(post("/api/v1/invoices/no-such-id/issue", t), 404);
        assertEquals(0, json(get("/api/v1/invoices", "Authorization", t)).path("items").size());

        String id = draft(t, customer);
        String before = get("/api/v1/invoices/" + id, "Authorization", t).body();
        HttpResponse<String> badPatch = send("PATCH", "/api/v1/invoices/" + id, "{\"customerId\":\"nobody\","
                + "\"lines\":[]}", "Authorization", t);
        assertProblem(badPatch, 422);
        assertEquals(Set.of("customerId", "lines"), fields(badPatch));
        assertEquals(before, get("/api/v1/invoices/" + id, "Authorization", t).body());

        assertProblem(pay(t, id, "1.00"), 409); // a draft takes no payment
        post("/api/v1/invoices/" + id + "/issue", t);
        HttpResponse<String> badPay = send("POST", "/api/v1/invoices/" + id + "/payments", "{\"amount\":\"-1\","
                + "\"method\":\"BITCOIN\",\"reference\":\"" + "r".repeat(201) + "\"}", "Authorization", t);
        assertProblem(badPay, 422);
        assertEquals(Set.of("amount", "method", "reference"), fields(badPay));
        assertProblem(send("POST", "/api/v1/invoices/" + id + "/payments", "{\"amount\":\"0\",\"method\":\"CASH\"}",
                "Authorization", t), 422);
        assertProblem(send("POST", "/api/v1/invoices/" + id + "/payments", "{\"amount\":[1]}", "Authorization", t),
                400);
        assertEquals(0, json(get("/api/v1/invoices/" + id + "/payments", "Authorization", t)).size());
        assertEquals("0.00", json(get("/api/v1/invoices/" + id, "Authorization", t)).path("amountPaid").asText());
    }

    protected void checkAnotherTenantCanNeitherSeeNorTouchAnInvoice() throws Exception {
        assumeDatabase();
        String a = unique("binv-a");
        String b = unique("binv-b");
        createTenant(a, "FREE");
        createTenant(b, "FREE");
        String ta = bearer(token(a, "boss"));
        String tb = bearer(token(b, "boss"));
        String customer = json(createCustomer(ta, "Grace Hopper", "grace@example.org")).path("id").asText();
        String issued = draft(ta, customer);
        post("/api/v1/invoices/" + issued + "/issue", ta);
        pay(ta, issued, "1.00");
        String drafted = draft(ta, customer);
        String issuedBefore = get("/api/v1/invoices/" + issued, "Authorization", ta).body();
        String draftBefore = get("/api/v1/invoices/" + drafted, "Authorization", ta).body();
        String paymentsBefore = get("/api/v1/invoices/" + issued + "/payments", "Authorization", ta).body();

        for (String id : List.of(issued, drafted)) {
            assertProblem(get("/api/v1/invoices/" + id, "Authorization", tb), 404);
            assertProblem(send("PATCH", "/api/v1/invoices/" + id, "{\"notes\":\"Mallory\"}", "Authorization", tb),
                    404);
            assertProblem(post("/api/v1/invoices/" + id + "/issue", tb), 404);
            assertProblem(post("/api/v1/invoices/" + id + "/void", tb), 404);
            assertProblem(pay(tb, id, "1.00"), 404);
            assertProblem(get("/api/v1/invoices/" + id + "/payments", "Authorization", tb), 404);
        }
        assertEquals(0, json(get("/api/v1/invoices?customerId=" + customer, "Authorization", tb)).path("items")
                .size());
        // nor bill A's customer
        HttpResponse<String> foreign = createInvoice(tb, customer, LINES);
        assertProblem(foreign, 422);
        assertEquals(Set.of("customerId"), fields(foreign));

        assertEquals(issuedBefore, get("/api/v1/invoices/" + issued, "Authorization", ta).body());
        assertEquals(draftBefore, get("/api/v1/invoices/" + drafted, "Authorization", ta).body());
        assertEquals(paymentsBefore, get("/api/v1/invoices/" + issued + "/payments", "Authorization", ta).body());
    }

    protected void checkInvoiceListCommandShowsTheTenantsInvoices() throws Exception {
        assumeDatabase();
        String slug = unique("shi");
        createTenant(slug, "FREE");
        String t = bearer(token(slug, "boss"));
        String customer = json(createCustomer(t, "Alan Turing", "alan@example.org")).path("id").asText();
        String id = draft(t, customer);
        String number = json(post("/api/v1/invoices/" + id + "/issue", t)).path("number").asText();
        draft(t, customer);
        String out = shell("dotmac:invoice-list " + slug);
        assertContains(out, number);
        assertContains(out, "119.85");
        assertContains(out, "DRAFT");
        String issuedOnly = shell("dotmac:invoice-list --status ISSUED " + slug);
        assertContains(issuedOnly, number);
        assertFalse(issuedOnly.contains("DRAFT"));
    }
}
