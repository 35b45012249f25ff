package io.dotmac.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * online_payments against a local fake of Stripe's API ({@link StripeFake}, stripe-java pointed at it by
 * {@code stripeApiBase}), the distribution running as a process on PostgreSQL (row-level security on): a pay link's
 * page and its checkout, the payment recorded once whether the webhook comes first, twice, or after the payer's return;
 * autopay's three attempts on the due date and the retry days; refunds, partial and full, with idempotency keys;
 * signed events only; the month's payouts reconciled; and another tenant, or one without the plugin, reaching none of
 * it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnlinePaymentsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "online-payments-admin-1";
    private static final String SECRET_KEY = "sk_test_51DotMacFakeKey0000AbCd";
    private static final String WEBHOOK_SECRET = "whsec_DotMacFakeSigningSecret01";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private StripeFake stripe;
    private KarafProcess.Booted karaf;
    private String[] pg;

    @BeforeAll
    void boot() throws Exception {
        String unreachable = PostgresDatabase.unreachable();
        if (unreachable != null && PostgresDatabase.ci()) {
            throw new AssertionError(unreachable);
        }
        assumeTrue(unreachable == null, unreachable);
        stripe = new StripeFake();
        pg = ClusterIT.database();
        karaf = KarafProcess.boot("online-payments", ADMIN_PASSWORD, home -> {
            KarafProcess.onPostgres(home, pg);
            Path payments = home.resolve("etc/io.dotmac.payments.cfg");
            KarafProcess.set(payments, "stripeApiBase", stripe.base());
            KarafProcess.set(payments, "stripeCheckoutOrigin", "https://checkout.stripe.test");
            KarafProcess.set(payments, "stripeTimeoutMillis", "5000");
        });
    }

    @AfterAll
    void stop() throws Exception {
        if (karaf != null) {
            KarafProcess.stop(karaf.home());
        }
        if (stripe != null) {
            stripe.close();
        }
        if (pg != null) {
            ClusterIT.dropDatabase(pg);
        }
    }

    @Test
    void invoicesArePaidOnceByLinkAutopayAndRefundedAndReconciled() throws Exception {
        String operator = login(null, "admin", ADMIN_PASSWORD);
        String tenantId = tenant(operator, "Pay ISP", "pay-isp", "BASIC");
        String boss = login("pay-isp", "boss", ADMIN_PASSWORD);
        String otherId = tenant(operator, "Other ISP", "other-isp", "BASIC");
        String other = login("other-isp", "boss", ADMIN_PASSWORD);
        tenant(operator, "Free ISP", "free-isp", "FREE");
        String free = login("free-isp", "boss", ADMIN_PASSWORD);

        // ---- settings: secrets write-only and sealed, bad ones named
        HttpResponse<String> bad = put("/api/v1/payments/settings", "{\"gateway\":\"paypal\",\"secretKey\":\"nope\","
                + "\"webhookSecret\":\"secret\"}", boss);
        assertEquals(422, bad.statusCode(), bad.body());
        for (String field : List.of("gateway", "secretKey", "webhookSecret")) {
            assertTrue(bad.body().contains("\"" + field + "\""), bad.body());
        }
        assertFalse(read(get("/api/v1/payments/settings", boss)).path("secretKeySet").asBoolean());
        HttpResponse<String> set = put("/api/v1/payments/settings", "{\"gateway\":\"stripe\",\"secretKey\":\""
                + SECRET_KEY + "\",\"webhookSecret\":\"" + WEBHOOK_SECRET + "\"}", boss);
        assertEquals(200, set.statusCode(), set.body());
        JsonNode settings = read(get("/api/v1/payments/settings", boss));
        assertTrue(settings.path("secretKeySet").asBoolean());
        assertTrue(settings.path("webhookSecretSet").asBoolean());
        assertEquals("AbCd", settings.path("secretKeyHint").asText());
        assertEquals("/pay/webhooks/stripe/" + tenantId, settings.path("webhookPath").asText());
        assertFalse(settings.toString().contains(SECRET_KEY) || settings.toString().contains(WEBHOOK_SECRET));
        assertEquals(0, count("SELECT COUNT(*) FROM dotmac_payments_settings WHERE secret_key_sealed "
                + "LIKE '%sk_test%' OR webhook_secret_sealed LIKE '%whsec%'"));
        assertEquals(403, get("/api/v1/payments/settings", free).statusCode());
        assertTrue(get("/api/v1/payments/settings", free).body().contains("online_payments"));

        // ---- an invoice of 49.90, issued: its pay link was made as it was issued
        String customer = id(post("/api/v1/customers", "{\"name\":\"Ada Payer\",\"email\":\"ada@pay-isp.test\"}",
                boss));
        String invoice = issuedInvoice(boss, customer, "49.90", null);
        String currency = read(get("/api/v1/invoices/" + invoice, boss)).path("currency").asText();
        String stripeCurrency = currency.toLowerCase(java.util.Locale.ROOT);
        assertEquals(1, count("SELECT COUNT(*) FROM dotmac_pay_link WHERE invoice_id = '" + invoice
                + "'"));
        JsonNode link = read(get("/api/v1/payments/invoices/" + invoice + "/link", boss));
        String token = link.path("token").asText();
        assertEquals("/pay/" + token, link.path("path").asText());
        String number = read(get("/api/v1/invoices/" + invoice, boss)).path("number").asText();

        // the page: no login, the invoice and what is owed, the form posting to the gateway's checkout only
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/pay/" + token)).GET());
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains(number) && page.body().contains("49.90") && page.body().contains("Ada Payer"),
                page.body());
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("form-action 'self' https://checkout.stripe.test"), csp);
        assertFalse(csp.contains("script-src"), csp);
        assertEquals(404, send(HttpRequest.newBuilder(uri("/pay/" + "x".repeat(43))).GET()).statusCode());

        // ---- checkout: the customer made at Stripe once, the session for the balance, the card kept for autopay
        stripe.customer("cus_1");
        stripe.checkoutSession("cs_test_1", stripeCurrency, 4990);
        HttpResponse<String> pay = send(HttpRequest.newBuilder(uri("/pay/" + token))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("autopay=on")));
        assertEquals(303, pay.statusCode(), pay.body());
        assertEquals("https://checkout.stripe.test/c/pay/cs_test_1", pay.headers().firstValue("Location")
                .orElseThrow());
        LoggedRequest created = stripe.requests("POST", "/v1/checkout/sessions").get(0);
        Map<String, String> form = StripeFake.form(created);
        assertEquals("Bearer " + SECRET_KEY, created.getHeader("Authorization"));
        assertTrue(created.getHeader("Idempotency-Key").startsWith("checkout:" + tenantId + ":" + invoice + ":4990:"),
                created.getHeader("Idempotency-Key"));
        assertEquals("4990", form.get("line_items[0][price_data][unit_amount]"), form.toString());
        assertEquals(stripeCurrency, form.get("line_items[0][price_data][currency]"));
        assertEquals("off_session", form.get("payment_intent_data[setup_future_usage]"));
        assertEquals(invoice, form.get("payment_intent_data[metadata][dotmac_invoice]"));
        assertEquals("cus_1", form.get("customer"));
        assertTrue(form.get("success_url").endsWith("/pay/" + token + "?session_id={CHECKOUT_SESSION_ID}"),
                form.get("success_url"));
        assertTrue(stripe.requests("POST", "/v1/customers").get(0).getHeader("Idempotency-Key")
                .equals("customer:" + tenantId + ":" + customer));

        // ---- paid: the webhook first, then again, then a second event of the same payment, then the payer's return
        Map<String, String> meta = Map.of("dotmac_tenant", tenantId, "dotmac_invoice", invoice, "dotmac_customer",
                customer, "dotmac_autopay", "true");
        String intent = StripeEvents.paymentIntent("pi_1", stripeCurrency, 4990, "ch_1", meta);
        stripe.paidSession("cs_test_1", stripeCurrency, 4990, intent);
        stripe.paymentMethod("pm_1", "visa", "4242");
        String completed = StripeEvents.event("evt_1", "checkout.session.completed", StripeFake.session("cs_test_1",
                stripeCurrency, 4990, "paid", "\"pi_1\""));
        HttpResponse<String> forged = webhook(tenantId, completed, "t=1,v1=00");
        assertEquals(400, forged.statusCode(), forged.body());
        assertTrue(forged.body().contains("Stripe-Signature"), forged.body());
        assertEquals("ISSUED", read(get("/api/v1/invoices/" + invoice, boss)).path("status").asText());
        assertEquals(200, webhook(tenantId, completed, StripeEvents.signature(completed, WEBHOOK_SECRET)).statusCode());
        assertEquals(200, webhook(tenantId, completed, StripeEvents.signature(completed, WEBHOOK_SECRET)).statusCode());
        String succeeded = StripeEvents.event("evt_2", "payment_intent.succeeded", intent);
        assertEquals(200, webhook(tenantId, succeeded, StripeEvents.signature(succeeded, WEBHOOK_SECRET)).statusCode());
        HttpResponse<String> back = send(HttpRequest.newBuilder(uri("/pay/" + token + "?session_id=cs_test_1"))
                .GET());
        assertEquals(200, back.statusCode());
        assertTrue(back.body().contains("This invoice is paid"), back.body());
        JsonNode paid = read(get("/api/v1/invoices/" + invoice, boss));
        assertEquals("PAID", paid.path("status").asText());
        JsonNode payments = read(get("/api/v1/invoices/" + invoice + "/payments", boss));
        assertEquals(1, payments.size(), payments.toString());
        assertEquals("CARD", payments.get(0).path("method").asText());
        assertEquals("stripe pi_1", payments.get(0).path("reference").asText());
        JsonNode ledger = read(get("/api/v1/payments?invoiceId=" + invoice, boss)).path("items");
        assertEquals(1, ledger.size(), ledger.toString());
        String paymentRow = ledger.get(0).path("id").asText();
        assertEquals("ch_1", ledger.get(0).path("chargeRef").asText());
        assertEquals("WEBHOOK", ledger.get(0).path("via").asText());

        // the card is kept: autopay is on for Ada
        JsonNode autopay = read(get("/api/v1/payments/customers/" + customer + "/autopay", boss));
        assertTrue(autopay.path("enabled").asBoolean(), autopay.toString());
        assertEquals("visa •••• 4242", autopay.path("method").asText());

        // ---- autopay: declined on the due date and three days later, paid on the seventh; each step once
        LocalDate due = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        String second = issuedInvoice(boss, customer, "19.00", due);
        String key = "autopay:" + tenantId + ":" + second + ":";
        Map<String, String> echoed = Map.of("dotmac_tenant", tenantId, "dotmac_invoice", second, "dotmac_customer",
                customer);
        stripe.paymentIntentByKey(key + "1", "pi_fail_1", stripeCurrency, 1900, false, echoed);
        stripe.paymentIntentByKey(key + "2", "pi_fail_2", stripeCurrency, 1900, false, echoed);
        stripe.paymentIntentByKey(key + "3", "pi_3", stripeCurrency, 1900, true, echoed);
        assertEquals(0, read(post("/api/v1/payments/autopay/run?date=" + due.minusDays(1), "", boss)).size());
        JsonNode first = read(post("/api/v1/payments/autopay/run?date=" + due, "", boss));
        assertEquals(1, first.size(), first.toString());
        assertEquals("FAILED", first.get(0).path("status").asText());
        assertTrue(first.get(0).path("failure").asText().startsWith("insufficient_funds"), first.toString());
        assertEquals(0, read(post("/api/v1/payments/autopay/run?date=" + due, "", boss)).size());
        assertEquals(0, read(post("/api/v1/payments/autopay/run?date=" + due.plusDays(2), "", boss)).size());
        JsonNode retry = read(post("/api/v1/payments/autopay/run?date=" + due.plusDays(3), "", boss));
        assertEquals(2, retry.get(0).path("step").asInt(), retry.toString());
        assertEquals("FAILED", retry.get(0).path("status").asText());
        assertEquals("ISSUED", read(get("/api/v1/invoices/" + second, boss)).path("status").asText());
        JsonNode last = read(post("/api/v1/payments/autopay/run?date=" + due.plusDays(7), "", boss));
        assertEquals("SUCCEEDED", last.get(0).path("status").asText(), last.toString());
        assertEquals("pi_3", last.get(0).path("gatewayRef").asText());
        assertEquals("PAID", read(get("/api/v1/invoices/" + second, boss)).path("status").asText());
        assertEquals(0, read(post("/api/v1/payments/autopay/run?date=" + due.plusDays(8), "", boss)).size());
        assertEquals(3, read(get("/api/v1/payments/autopay/attempts?invoiceId=" + second, boss)).size());
        List<LoggedRequest> charges = stripe.requests("POST", "/v1/payment_intents");
        assertEquals(3, charges.size());
        Set<String> keys = new HashSet<>();
        for (LoggedRequest r : charges) {
            keys.add(r.getHeader("Idempotency-Key"));
            Map<String, String> p = StripeFake.form(r);
            assertEquals("true", p.get("off_session"), p.toString());
            assertEquals("true", p.get("confirm"));
            assertEquals("pm_1", p.get("payment_method"));
            assertEquals("cus_1", p.get("customer"));
            assertEquals("1900", p.get("amount"));
        }
        assertEquals(Set.of(key + "1", key + "2", key + "3"), keys);

        // ---- refunds: partial with a key (sent twice: one refund), over what is left named, then the rest
        stripe.refund("re_1", "pi_1", stripeCurrency, 1000);
        HttpResponse<String> over = post("/api/v1/payments/" + paymentRow + "/refunds",
                "{\"amount\":\"50.00\",\"reason\":\"too much\"}", boss);
        assertEquals(422, over.statusCode(), over.body());
        assertTrue(over.body().contains("\"amount\""), over.body());
        HttpResponse<String> refunded = send(request("/api/v1/payments/" + paymentRow + "/refunds", boss)
                .header("Content-Type", "application/json").header("Idempotency-Key", "goodwill-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":\"10.00\",\"reason\":\"goodwill\"}")));
        assertEquals(201, refunded.statusCode(), refunded.body());
        assertEquals("-10.00", read(refunded).path("amount").asText());
        assertEquals("refund:" + tenantId + ":" + paymentRow + ":goodwill-1", stripe.requests("POST", "/v1/refunds")
                .get(0).getHeader("Idempotency-Key"));
        JsonNode reopened = read(get("/api/v1/invoices/" + invoice, boss));
        assertEquals("ISSUED", reopened.path("status").asText());
        assertEquals("10.00", reopened.path("balance").asText());
        // Stripe's own event of that refund changes nothing more
        String refundEvent = StripeEvents.event("evt_3", "refund.created", StripeFake.refundJson("re_1", "pi_1",
                stripeCurrency, 1000));
        assertEquals(200, webhook(tenantId, refundEvent, StripeEvents.signature(refundEvent, WEBHOOK_SECRET))
                .statusCode());
        assertEquals("10.00", read(get("/api/v1/invoices/" + invoice, boss)).path("balance").asText());
        stripe.refund("re_2", "pi_1", stripeCurrency, 3990);
        HttpResponse<String> rest = post("/api/v1/payments/" + paymentRow + "/refunds", "{}", boss);
        assertEquals(201, rest.statusCode(), rest.body());
        assertEquals("-39.90", read(rest).path("amount").asText());
        assertEquals("49.90", read(get("/api/v1/invoices/" + invoice, boss)).path("balance").asText());
        assertEquals(409, post("/api/v1/payments/" + paymentRow + "/refunds", "{}", boss).statusCode());
        assertEquals(3, read(get("/api/v1/payments?invoiceId=" + invoice, boss)).path("items").size());

        // ---- reconciliation: this month's payout carries ch_1, ch_3 (autopay), re_1 and a charge DotMac never saw
        long arrival = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond()
                + 3600;
        stripe.payouts("{\"id\":\"po_1\",\"object\":\"payout\",\"amount\":6740,\"arrival_date\":" + arrival
                + ",\"currency\":\"" + stripeCurrency + "\",\"status\":\"paid\"}", Map.of("po_1",
                        line("txn_1", "charge", "ch_1", 4990, 175) + "," + line("txn_2", "charge", "ch_3", 1900, 85)
                                + "," + line("txn_3", "refund", "re_1", -1000, 0) + ","
                                + line("txn_4", "charge", "ch_elsewhere", 2500, 100) + ","
                                + line("txn_5", "payout", "po_1", -6740, 0)));
        JsonNode report = read(get("/api/v1/payments/reconciliation?month=" + java.time.YearMonth.now(
                ZoneOffset.UTC), boss));
        assertEquals(3, report.path("matched").asInt(), report.toString());
        assertEquals(1, report.path("gatewayOnly").size());
        assertEquals("ch_elsewhere", report.path("gatewayOnly").get(0).path("sourceRef").asText());
        assertEquals(1, report.path("notPaidOut").size(), report.toString()); // re_2, recorded after the payout
        assertEquals("re_2", report.path("notPaidOut").get(0).path("gatewayRef").asText());
        assertEquals("67.40", report.path("payouts").get(0).path("amount").asText());
        assertEquals("3.60", report.path("payouts").get(0).path("fees").asText());
        assertEquals(422, get("/api/v1/payments/reconciliation?month=2026-13", boss).statusCode());

        // ---- another tenant reaches nothing of it
        assertEquals(404, get("/api/v1/payments/" + paymentRow, other).statusCode());
        assertEquals(0, read(get("/api/v1/payments", other)).path("items").size());
        assertEquals(404, post("/api/v1/payments/" + paymentRow + "/refunds", "{}", other).statusCode());
        assertEquals(404, get("/api/v1/payments/invoices/" + invoice + "/link", other).statusCode());
        assertEquals(404, get("/api/v1/payments/customers/" + customer + "/autopay", other).statusCode());
        assertEquals(404, put("/api/v1/payments/customers/" + customer + "/autopay", "{\"enabled\":false}", other)
                .statusCode());
        assertEquals(0, read(get("/api/v1/payments/autopay/attempts?invoiceId=" + second, other)).size());
        assertEquals(409, get("/api/v1/payments/reconciliation", other).statusCode()); // no gateway of its own
        // an event for A posted to B's webhook, signed with A's secret: B takes no payments
        assertEquals(404, webhook(otherId, completed, StripeEvents.signature(completed, WEBHOOK_SECRET)).statusCode());
        assertEquals(4, count("SELECT COUNT(*) FROM dotmac_online_payment")); // pi_1, re_1, re_2, pi_3

        // ---- the tenant loses the plugin: no pay page, no webhook
        assertEquals(200, KarafProcess.put(http, karaf.port(), "/api/v1/tenants/" + tenantId + "/tier",
                "{\"tier\":\"FREE\"}", operator).statusCode());
        assertEquals(404, send(HttpRequest.newBuilder(uri("/pay/" + token)).GET()).statusCode());
        assertEquals(404, webhook(tenantId, succeeded, StripeEvents.signature(succeeded, WEBHOOK_SECRET)).statusCode());
    }

    @Test
    void autopayNeedsAKeptCardAndBadInputIsNamed() throws Exception {
        String operator = login(null, "admin", ADMIN_PASSWORD);
        tenant(operator, "Input ISP", "input-isp", "BASIC");
        String boss = login("input-isp", "boss", ADMIN_PASSWORD);
        String customer = id(post("/api/v1/customers", "{\"name\":\"Bo\",\"email\":\"bo@input-isp.test\"}", boss));
        assertEquals(409, put("/api/v1/payments/customers/" + customer + "/autopay", "{\"enabled\":true}", boss)
                .statusCode());
        HttpResponse<String> missing = put("/api/v1/payments/customers/" + customer + "/autopay", "{}", boss);
        assertEquals(422, missing.statusCode());
        assertTrue(missing.body().contains("\"enabled\""), missing.body());
        assertEquals(422, post("/api/v1/payments/autopay/run?date=tomorrow", "", boss).statusCode());
        // no gateway set up: the pay page shows the invoice and no form
        String invoice = issuedInvoice(boss, customer, "5.00", null);
        String token = read(get("/api/v1/payments/invoices/" + invoice + "/link", boss)).path("token").asText();
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/pay/" + token)).GET());
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains("<form"), page.body());
        assertEquals(409, send(HttpRequest.newBuilder(uri("/pay/" + token)).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(""))).statusCode());
        // a draft has no pay link
        String draft = id(post("/api/v1/invoices", "{\"customerId\":\"" + customer + "\",\"lines\":[{\"description\":"
                + "\"x\",\"quantity\":\"1\",\"unitPrice\":\"1.00\",\"taxRate\":\"0\"}]}", boss));
        assertEquals(409, get("/api/v1/payments/invoices/" + draft + "/link", boss).statusCode());
        // a refund of nothing known
        assertEquals(404, post("/api/v1/payments/01ARZ3NDEKTSV4RRFFQ69G5FAV/refunds", "{}", boss).statusCode());
    }

    // ---- helpers

    /** A count on the suite's database, as the system role (every tenant's rows). */
    private int count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresDatabase.urlOf(pg[0]), pg[3], "system");
                Statement s = c.createStatement()) {
            s.execute("SET dotmac.system = 'on'");
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String line(String id, String type, String source, long amount, long fee) {
        return "{\"id\":\"" + id + "\",\"object\":\"balance_transaction\",\"amount\":" + amount + ",\"fee\":" + fee
                + ",\"net\":" + (amount - fee) + ",\"currency\":\"usd\",\"type\":\"" + type + "\",\"source\":\""
                + source + "\",\"status\":\"available\"}";
    }

    private String issuedInvoice(String token, String customer, String amount, LocalDate due) throws Exception {
        String id = id(post("/api/v1/invoices", "{\"customerId\":\"" + customer + "\"" + (due == null ? ""
                : ",\"dueDate\":\"" + due + "\"") + ",\"lines\":[{\"description\":\"Internet\",\"quantity\":\"1\","
                + "\"unitPrice\":\"" + amount + "\",\"taxRate\":\"0\"}]}", token));
        HttpResponse<String> issued = post("/api/v1/invoices/" + id + "/issue", "", token);
        assertEquals(200, issued.statusCode(), issued.body());
        return id;
    }

    private String tenant(String operator, String name, String slug, String tier) throws Exception {
        HttpResponse<String> made = KarafProcess.post(http, karaf.port(), "/api/v1/tenants", "{\"name\":\"" + name
                + "\",\"slug\":\"" + slug + "\",\"tier\":\"" + tier + "\",\"admin\":{\"username\":\"boss\","
                + "\"email\":\"boss@" + slug + ".example.com\",\"password\":\"" + ADMIN_PASSWORD + "\"}}",
                operator);
        assertEquals(201, made.statusCode(), made.body());
        return read(made).path("id").asText();
    }

    private String login(String tenant, String username, String password) throws Exception {
        HttpResponse<String> r = KarafProcess.post(http, karaf.port(), "/api/v1/auth/token", "{" + (tenant == null
                ? "" : "\"tenant\":\"" + tenant + "\",") + "\"username\":\"" + username + "\",\"password\":\""
                + password + "\"}", null);
        assertEquals(200, r.statusCode(), r.body());
        return read(r).path("access_token").asText();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + karaf.port() + path);
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).header("Authorization",
                "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(request(path, token).GET());
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> put(String path, String body, String token) throws Exception {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> webhook(String tenantId, String payload, String signature) throws Exception {
        return send(HttpRequest.newBuilder(uri("/pay/webhooks/stripe/" + tenantId)).header("Content-Type",
                "application/json").header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(payload)));
    }

    private static String id(HttpResponse<String> created) throws Exception {
        assertEquals(201, created.statusCode(), created.body());
        String id = read(created).path("id").asText();
        assertNotNull(id);
        return id;
    }

    private static JsonNode read(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }
}
