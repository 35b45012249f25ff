package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * online_payments on a booted distribution (composed into the BASIC plugins' suite on H2; the whole flow against a fake
 * of Stripe runs in {@link OnlinePaymentsIT} on PostgreSQL): a pay link for each issued invoice, its public page, the
 * gateway's signed event recorded once however often it comes, forged ones refused, and another tenant reaching none
 * of it. Nothing here calls the gateway: an event that carries the payment needs no call back.
 */
final class PaymentsChecks {

    private static final String WEBHOOK_SECRET = "whsec_ChecksSigningSecret42";

    private final AutomatedBillingSuite suite;

    PaymentsChecks(AutomatedBillingSuite suite) {
        this.suite = suite;
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        return suite.send(method, path, body, "Authorization", token);
    }

    private JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(r.body(), status, r.statusCode());
        return DotMacTestSupport.json(r);
    }

    void eventsAreRecordedOnceAndIsolated() throws Exception {
        String a = TenancySuite.unique("opa");
        String b = TenancySuite.unique("opb");
        String tenantA = suite.createTenant(a, "BASIC").path("id").asText();
        suite.createTenant(b, "BASIC");
        String bossA = TenancySuite.bearer(suite.token(a, "boss"));
        String bossB = TenancySuite.bearer(suite.token(b, "boss"));
        ok(send("PUT", "/api/v1/payments/settings", "{\"gateway\":\"stripe\",\"secretKey\":\"sk_test_ChecksKey1234\","
                + "\"webhookSecret\":\"" + WEBHOOK_SECRET + "\"}", bossA), 200);

        String customer = suite.customer(bossA);
        String invoice = ok(send("POST", "/api/v1/invoices", "{\"customerId\":\"" + customer + "\",\"lines\":[{"
                + "\"description\":\"Fibre\",\"quantity\":\"1\",\"unitPrice\":\"25.00\",\"taxRate\":\"0\"}]}", bossA),
                201).path("id").asText();
        JsonNode issued = ok(send("POST", "/api/v1/invoices/" + invoice + "/issue", null, bossA), 200);
        String currency = issued.path("currency").asText().toLowerCase(java.util.Locale.ROOT);
        String token = ok(suite.get("/api/v1/payments/invoices/" + invoice + "/link", "Authorization", bossA), 200)
                .path("token").asText();
        HttpResponse<String> page = suite.get("/pay/" + token);
        assertEquals(page.body(), 200, page.statusCode());
        assertTrue(page.body(), page.body().contains(issued.path("number").asText()) && page.body().contains("25.00"));

        String event = StripeEvents.event("evt_h2_1", "payment_intent.succeeded", StripeEvents.paymentIntent(
                "pi_h2_1", currency, 2500, "ch_h2_1", Map.of("dotmac_tenant", tenantA, "dotmac_invoice", invoice)));
        String webhook = "/pay/webhooks/stripe/" + tenantA;
        HttpResponse<String> forged = suite.send("POST", webhook, event, "Stripe-Signature",
                StripeEvents.signature(event, "whsec_SomebodyElse000"));
        TenancySuite.assertProblem(forged, 400);
        TenancySuite.assertContains(forged.body(), "Stripe-Signature");
        assertEquals("ISSUED", ok(suite.get("/api/v1/invoices/" + invoice, "Authorization", bossA), 200)
                .path("status").asText());
        for (int i = 0; i < 2; i++) { // delivered twice
            ok(suite.send("POST", webhook, event, "Stripe-Signature", StripeEvents.signature(event, WEBHOOK_SECRET)),
                    200);
        }
        String again = StripeEvents.event("evt_h2_2", "payment_intent.succeeded", StripeEvents.paymentIntent(
                "pi_h2_1", currency, 2500, "ch_h2_1", Map.of("dotmac_tenant", tenantA, "dotmac_invoice", invoice)));
        ok(suite.send("POST", webhook, again, "Stripe-Signature", StripeEvents.signature(again, WEBHOOK_SECRET)), 200);
        assertEquals("PAID", ok(suite.get("/api/v1/invoices/" + invoice, "Authorization", bossA), 200)
                .path("status").asText());
        assertEquals(1, ok(suite.get("/api/v1/invoices/" + invoice + "/payments", "Authorization", bossA), 200)
                .size());
        JsonNode ledger = ok(suite.get("/api/v1/payments?invoiceId=" + invoice, "Authorization", bossA), 200)
                .path("items");
        assertEquals(ledger.toString(), 1, ledger.size());
        String row = ledger.get(0).path("id").asText();

        // tenant B: none of A's rows, links or webhook; its own settings untouched
        assertEquals(404, suite.get("/api/v1/payments/" + row, "Authorization", bossB).statusCode());
        assertEquals(0, ok(suite.get("/api/v1/payments", "Authorization", bossB), 200).path("items").size());
        assertEquals(404, suite.get("/api/v1/payments/invoices/" + invoice + "/link", "Authorization", bossB)
                .statusCode());
        assertEquals(404, send("POST", "/api/v1/payments/" + row + "/refunds", "{}", bossB).statusCode());
        assertFalse(ok(suite.get("/api/v1/payments/settings", "Authorization", bossB), 200).path("secretKeySet")
                .asBoolean());
        // an event naming A's invoice posted to A's webhook but signed for a tenant B set up changes nothing either
        ok(send("PUT", "/api/v1/payments/settings", "{\"secretKey\":\"sk_test_OtherKey5678\",\"webhookSecret\":"
                + "\"whsec_OtherTenantSecret9\"}", bossB), 200);
        TenancySuite.assertProblem(suite.send("POST", webhook, event, "Stripe-Signature", StripeEvents.signature(
                event, "whsec_OtherTenantSecret9")), 400);
    }
}
