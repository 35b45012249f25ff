package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The plugins of the tier table's last rows over HTTP, in the tenancy suites' containers. white_label: a tenant's
 * brand is its own, changed by isp_admin, bad fields 422, the logo sanitised. api_access: tenant API keys ({@code Bearer dmk_...}) act for their tenant with only their
 * scopes, are created and seen by {@code isp_admin} only (the key once), stay inside their tenant, are rate limited
 * by tier (BASIC: the limited variant, read scopes and 60 a minute), stop at once when revoked or when the tenant
 * loses the plugin, and count their use per day. Documents carry the brand with white_label and DotMac's mark
 * without it; an approved custom domain names its tenant while the tenant has white_label.
 */
public abstract class TierPluginsSuite extends InvoicesSuite {

    private String createKey(String boss, String body) throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/api-keys", body, "Authorization", boss);
        assertEquals(created.body(), 201, created.statusCode());
        return json(created).path("key").asText();
    }

    protected void checkApiKeysActForTheirTenantWithTheirScopesOnly() throws Exception {
        assumeDatabase();
        JsonNode a = createTenant(unique("keys"), "PREMIUM");
        JsonNode b = createTenant(unique("other"), "PREMIUM");
        String bossA = bearer(token(a.path("slug").asText(), "boss"));
        String bossB = bearer(token(b.path("slug").asText(), "boss"));
        assertEquals(201, send("POST", "/api/v1/customers", "{\"name\":\"Ada\",\"email\":\"ada@keys.test\"}",
                "Authorization", bossA).statusCode());

        HttpResponse<String> created = send("POST", "/api/v1/api-keys", "{\"name\":\"erp\",\"scopes\":"
                + "[\"customers:read\",\"tickets:write\"],\"expiresAt\":\"" + java.time.Instant.now().plus(java.time.Duration
                .ofDays(30)) + "\"}", "Authorization",
                bossA);
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode key = json(created);
        String secret = key.path("key").asText();
        String id = key.path("id").asText();
        assertTrue(secret, secret.startsWith("dmk_" + id + "_") && secret.length() > 60);
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/v1/api-keys/" + id));
        // the key is shown once: never in a list or a read
        HttpResponse<String> list = get("/api/v1/api-keys", "Authorization", bossA);
        assertEquals(200, list.statusCode());
        assertFalse(list.body(), list.body().contains(secret.substring(31)));
        assertEquals("erp", json(list).path("items").get(0).path("name").asText());
        assertFalse(get("/api/v1/api-keys/" + id, "Authorization", bossA).body().contains("\"key\""));

        // the key reads what its scopes allow, as its tenant, with the rate-limit headers
        String withKey = "Bearer " + secret;
        HttpResponse<String> customers = get("/api/v1/customers", "Authorization", withKey);
        assertEquals(customers.body(), 200, customers.statusCode());
        assertEquals("Ada", json(customers).path("items").get(0).path("name").asText());
        assertEquals("1200", customers.headers().firstValue("RateLimit-Limit").orElse(null));
        assertNotNull(customers.headers().firstValue("RateLimit-Remaining").orElse(null));
        assertEquals("1200;w=60", customers.headers().firstValue("RateLimit-Policy").orElse(null));
        // a write outside its scopes: 403 naming the scope; administration is never a key's
        HttpResponse<String> write = send("POST", "/api/v1/customers", "{\"name\":\"Bob\",\"email\":\"b@keys.test\"}",
                "Authorization", withKey);
        assertEquals(write.body(), 403, write.statusCode());
        assertTrue(write.body(), write.body().contains("customers:write"));
        assertEquals(403, get("/api/v1/invoices", "Authorization", withKey).statusCode());
        assertEquals(403, get("/api/v1/api-keys", "Authorization", withKey).statusCode());
        assertEquals(403, get("/api/v1/users", "Authorization", withKey).statusCode());
        // another tenant named, or a wrong secret
        assertEquals(403, get("/api/v1/customers", "Authorization", withKey, "X-Tenant-ID", b.path("slug").asText())
                .statusCode());
        String wrong = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");
        HttpResponse<String> bad = get("/api/v1/customers", "Authorization", "Bearer " + wrong);
        assertEquals(bad.body(), 401, bad.statusCode());
        assertEquals(401, get("/api/v1/customers", "Authorization", "Bearer dmk_nope").statusCode());

        // bad input changes nothing
        HttpResponse<String> empty = send("POST", "/api/v1/api-keys", "{}", "Authorization", bossA);
        assertEquals(empty.body(), 422, empty.statusCode());
        assertTrue(empty.body(), empty.body().contains("\"name\"") && empty.body().contains("\"scopes\""));
        HttpResponse<String> unknown = send("POST", "/api/v1/api-keys", "{\"name\":\"x\",\"scopes\":[\"root:write\"]}",
                "Authorization", bossA);
        assertEquals(unknown.body(), 422, unknown.statusCode());
        assertTrue(unknown.body(), unknown.body().contains("root:write"));
        HttpResponse<String> past = send("POST", "/api/v1/api-keys", "{\"name\":\"x\",\"scopes\":[\"customers:read\"],"
                + "\"expiresAt\":\"2001-01-01T00:00:00Z\"}", "Authorization", bossA);
        assertEquals(past.body(), 422, past.statusCode());
        assertTrue(past.body(), past.body().contains("expiresAt"));
        assertEquals(1, json(get("/api/v1/api-keys", "Authorization", bossA)).path("items").size());

        // tenant B reaches none of A's keys
        assertEquals(404, get("/api/v1/api-keys/" + id, "Authorization", bossB).statusCode());
        assertEquals(404, get("/api/v1/api-keys/" + id + "/usage", "Authorization", bossB).statusCode());
        assertEquals(404, send("DELETE", "/api/v1/api-keys/" + id, null, "Authorization", bossB).statusCode());
        assertEquals(0, json(get("/api/v1/api-keys", "Authorization", bossB)).path("items").size());
        assertEquals(200, get("/api/v1/customers", "Authorization", withKey).statusCode());

        // usage per day: every request made with the key (its 401 with a wrong secret is not its use)
        HttpResponse<String> usage = get("/api/v1/api-keys/" + id + "/usage", "Authorization", bossA);
        assertEquals(usage.body(), 200, usage.statusCode());
        JsonNode days = json(usage).path("days");
        assertEquals(usage.body(), LocalDate.now(ZoneOffset.UTC).toString(), days.get(days.size() - 1).path("day")
                .asText());
        assertTrue(usage.body(), days.get(days.size() - 1).path("requests").asLong() >= 6);
        assertFalse(json(usage).path("lastUsedAt").isMissingNode());

        // revoked: 401 at once, and listed as revoked
        assertEquals(204, send("DELETE", "/api/v1/api-keys/" + id, null, "Authorization", bossA).statusCode());
        HttpResponse<String> revoked = get("/api/v1/customers", "Authorization", withKey);
        assertEquals(revoked.body(), 401, revoked.statusCode());
        assertTrue(revoked.body(), revoked.body().contains("revoked"));
        assertFalse(json(get("/api/v1/api-keys/" + id, "Authorization", bossA)).path("revokedAt").isMissingNode());
    }

    protected void checkBasicTenantsGetTheLimitedVariantAndTheRateLimitHolds() throws Exception {
        assumeDatabase();
        JsonNode basic = createTenant(unique("basic"), "BASIC");
        String boss = bearer(token(basic.path("slug").asText(), "boss"));
        HttpResponse<String> writes = send("POST", "/api/v1/api-keys", "{\"name\":\"w\",\"scopes\":"
                + "[\"customers:write\"]}", "Authorization", boss);
        assertEquals(writes.body(), 422, writes.statusCode());
        assertTrue(writes.body(), writes.body().contains("read scopes only"));
        String key = "Bearer " + createKey(boss, "{\"name\":\"reader\",\"scopes\":[\"customers:read\"]}");
        HttpResponse<String> first = get("/api/v1/customers", "Authorization", key);
        assertEquals(first.body(), 200, first.statusCode());
        assertEquals("60", first.headers().firstValue("RateLimit-Limit").orElse(null));
        // 60 a minute in fixed windows: within two windows' worth of requests one is refused
        HttpResponse<String> limited = null;
        for (int i = 0; i < 130 && limited == null; i++) {
            HttpResponse<String> r = get("/api/v1/customers", "Authorization", key);
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertEquals(r.body(), 200, r.statusCode());
            }
        }
        assertNotNull("no 429 in 130 requests of a key limited to 60 a minute", limited);
        assertTrue(limited.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        long retry = Long.parseLong(limited.headers().firstValue("Retry-After").orElse("0"));
        assertTrue("Retry-After " + retry, retry >= 1 && retry <= 60);
        assertEquals("0", limited.headers().firstValue("RateLimit-Remaining").orElse(null));
        assertEquals("60", limited.headers().firstValue("RateLimit-Limit").orElse(null));

        // FREE has no API access: the dispatcher's 403 naming the plugin
        JsonNode free = createTenant(unique("freekeys"), "FREE");
        HttpResponse<String> refused = send("POST", "/api/v1/api-keys", "{\"name\":\"x\",\"scopes\":"
                + "[\"customers:read\"]}", "Authorization", bearer(token(free.path("slug").asText(), "boss")));
        assertEquals(refused.body(), 403, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("api_access"));
    }

    protected void checkAKeyStopsWhileItsTenantMayNotUseThePlugin() throws Exception {
        assumeDatabase();
        JsonNode tenant = createTenant(unique("loses"), "PREMIUM");
        String boss = bearer(token(tenant.path("slug").asText(), "boss"));
        String key = "Bearer " + createKey(boss, "{\"name\":\"sync\",\"scopes\":[\"customers:read\"]}");
        assertEquals(200, get("/api/v1/customers", "Authorization", key).statusCode());
        assertEquals(200, send("PUT", "/api/v1/tenant/plugins/api_access", "{\"enabled\":false}", "Authorization",
                boss).statusCode());
        HttpResponse<String> off = get("/api/v1/customers", "Authorization", key);
        assertEquals(off.body(), 401, off.statusCode());
        assertTrue(off.body(), off.body().contains("api_access"));
        assertEquals(200, send("PUT", "/api/v1/tenant/plugins/api_access", "{\"enabled\":true}", "Authorization",
                boss).statusCode());
        assertEquals(200, get("/api/v1/customers", "Authorization", key).statusCode());
        // a tier without the plugin: the same, and back with the tier
        assertEquals(200, setTier(tenant.path("id").asText(), "FREE").statusCode());
        assertEquals(401, get("/api/v1/customers", "Authorization", key).statusCode());
        assertEquals(200, setTier(tenant.path("id").asText(), "PREMIUM").statusCode());
        assertEquals(200, get("/api/v1/customers", "Authorization", key).statusCode());
    }

    protected void checkWhiteLabelBrandIsTheTenantsOwnAndItsLogoIsSanitised() throws Exception {
        assumeDatabase();
        JsonNode a = createTenant(unique("brand"), "ENTERPRISE");
        JsonNode b = createTenant(unique("plain"), "ENTERPRISE");
        JsonNode premium = createTenant(unique("prem"), "PREMIUM");
        String bossA = bearer(token(a.path("slug").asText(), "boss"));
        String bossB = bearer(token(b.path("slug").asText(), "boss"));
        HttpResponse<String> refused = get("/api/v1/branding", "Authorization",
                bearer(token(premium.path("slug").asText(), "boss")));
        assertEquals(refused.body(), 403, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("white_label"));

        HttpResponse<String> put = send("PUT", "/api/v1/branding", "{\"legalName\":\"Acme Fibre Ltd\",\"primaryColour\":"
                + "\"#12ABEF\",\"emailFromName\":\"Acme Fibre\",\"emailFromAddress\":\"billing@acme.example\","
                + "\"invoiceFooter\":\"Thank you\",\"paymentDetails\":\"IBAN DE00 0000\"}", "Authorization", bossA);
        assertEquals(put.body(), 200, put.statusCode());
        JsonNode brand = json(get("/api/v1/branding", "Authorization", bossA));
        assertEquals("Acme Fibre Ltd", brand.path("legalName").asText());
        assertEquals("#12abef", brand.path("primaryColour").asText());
        HttpResponse<String> bad = send("PUT", "/api/v1/branding", "{\"primaryColour\":\"red\",\"emailFromAddress\":"
                + "\"nope\"}", "Authorization", bossA);
        assertEquals(bad.body(), 422, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("primaryColour") && bad.body().contains("emailFromAddress"));
        assertEquals("Acme Fibre Ltd", json(get("/api/v1/branding", "Authorization", bossA)).path("legalName").asText());

        // the logo: sanitised SVG, served so that it can do nothing; other types and DTDs refused
        HttpResponse<String> logo = send("PUT", "/api/v1/branding/logo", null, "Authorization", bossA);
        assertTrue(String.valueOf(logo.statusCode()), logo.statusCode() >= 400 && logo.statusCode() < 500);
        HttpResponse<String> svg = sendTyped("PUT", "/api/v1/branding/logo", "image/svg+xml",
                "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><script>alert(2)</script>"
                        + "<rect width='4' height='4' fill='#12abef'/></svg>", bossA);
        assertEquals(svg.body(), 200, svg.statusCode());
        assertEquals("image/svg+xml", json(svg).path("logoType").asText());
        HttpResponse<String> served = get("/api/v1/branding/logo", "Authorization", bossA);
        assertEquals(200, served.statusCode());
        assertTrue(served.body(), served.body().contains("<rect") && !served.body().contains("script")
                && !served.body().contains("onload"));
        assertTrue(served.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        HttpResponse<String> dtd = sendTyped("PUT", "/api/v1/branding/logo", "image/svg+xml",
                "<!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><svg xmlns='http://www.w3.org/2000/svg'>&x;</svg>",
                bossA);
        assertEquals(dtd.body(), 422, dtd.statusCode());
        assertTrue(dtd.body(), dtd.body().contains("\"logo\""));

        // a tenant's first brand saved eight times at once: every save answers 200, one row stays
        String bossC = bearer(token(createTenant(unique("race"), "ENTERPRISE").path("slug").asText(), "boss"));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> saves = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "Racer " + i;
                saves.add(pool.submit(() -> send("PUT", "/api/v1/branding", "{\"legalName\":\"" + name + "\"}",
                        "Authorization", bossC).statusCode()));
            }
            for (java.util.concurrent.Future<Integer> save : saves) {
                assertEquals(200, (int) save.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(json(get("/api/v1/branding", "Authorization", bossC)).path("legalName").asText()
                .startsWith("Racer "));

        // tenant B has its own (empty) brand and no logo
        JsonNode other = json(get("/api/v1/branding", "Authorization", bossB));
        assertTrue(other.toString(), other.path("legalName").isMissingNode());
        assertEquals(404, get("/api/v1/branding/logo", "Authorization", bossB).statusCode());
        assertEquals(204, send("DELETE", "/api/v1/branding/logo", null, "Authorization", bossA).statusCode());
        assertEquals(404, get("/api/v1/branding/logo", "Authorization", bossA).statusCode());
    }

    private HttpResponse<String> sendTyped(String method, String path, String type, String body, String auth)
            throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + path))
                .timeout(java.time.Duration.ofSeconds(20)).header("Content-Type", type).header("Authorization", auth)
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** An issued invoice's PDF, as text, for a new customer of the tenant {@code boss} administers. */
    private String issuedInvoicePdf(String boss) throws Exception {
        String customer = json(createCustomer(boss, "Ada " + unique("c"), unique("ada") + "@example.org")).path("id")
                .asText();
        String id = draft(boss, customer);
        HttpResponse<String> issued = send("POST", "/api/v1/invoices/" + id + "/issue", null, "Authorization", boss);
        assertEquals(issued.body(), 200, issued.statusCode());
        HttpResponse<byte[]> pdf = getBytes("/api/v1/invoices/" + id, "Authorization", boss, "Accept",
                "application/pdf");
        assertEquals(200, pdf.statusCode());
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
        }
    }

    protected void checkDocumentsCarryTheBrandWithWhiteLabelAndDotMacsMarkWithout() throws Exception {
        assumeDatabase();
        JsonNode a = createTenant(unique("docs"), "ENTERPRISE");
        JsonNode premium = createTenant(unique("docp"), "PREMIUM");
        String bossA = bearer(token(a.path("slug").asText(), "boss"));
        String bossP = bearer(token(premium.path("slug").asText(), "boss"));
        assertEquals(200, send("PUT", "/api/v1/branding", "{\"legalName\":\"Acme Fibre Ltd\",\"primaryColour\":"
                + "\"#1565c0\",\"invoiceFooter\":\"Acme Fibre Ltd, company no. 01234567\",\"paymentDetails\":"
                + "\"IBAN GB33 BUKB 2020 1555 5555 55\"}", "Authorization", bossA).statusCode());

        String branded = issuedInvoicePdf(bossA);
        for (String expected : new String[] { "Acme Fibre Ltd", "company no. 01234567", "Payment details",
            "IBAN GB33 BUKB 2020 1555 5555 55" }) {
            assertTrue(branded, branded.contains(expected));
        }
        assertFalse(branded, branded.contains("DotMac"));
        String plain = issuedInvoicePdf(bossP);
        assertTrue(plain, plain.contains("Invoicing by DotMac") && plain.contains(premium.path("name").asText()));
        assertFalse(plain, plain.contains("Payment details"));

        // a tenant that loses white_label gets DotMac's documents again (its brand kept), and its own back after
        assertEquals(200, setTier(a.path("id").asText(), "PREMIUM").statusCode());
        String lost = issuedInvoicePdf(bossA);
        assertTrue(lost, lost.contains("Invoicing by DotMac") && !lost.contains("Acme Fibre Ltd"));
        assertEquals(200, setTier(a.path("id").asText(), "ENTERPRISE").statusCode());
        assertFalse(issuedInvoicePdf(bossA).contains("DotMac"));
    }

    /** A GET with the Host header {@code host} (which Java's HTTP client will not set), as status and raw answer. */
    private String[] getWithHost(String host, String path, String auth) throws Exception {
        URI uri = URI.create(base());
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", uri.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: "
                    + auth + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new String[] { answer.substring(9, 12), answer };
        }
    }

    protected void checkAnApprovedCustomDomainNamesItsTenantWhileItHasWhiteLabel() throws Exception {
        assumeDatabase();
        JsonNode a = createTenant(unique("dom"), "ENTERPRISE");
        JsonNode b = createTenant(unique("domb"), "ENTERPRISE");
        JsonNode premium = createTenant(unique("domp"), "PREMIUM");
        String bossA = bearer(token(a.path("slug").asText(), "boss"));
        String bossB = bearer(token(b.path("slug").asText(), "boss"));
        String operator = bearer(adminToken());
        String domain = "portal." + a.path("slug").asText() + ".example";
        String customer = "Domain customer " + unique("x");
        assertEquals(201, createCustomer(bossA, customer, unique("d") + "@example.org").statusCode());

        HttpResponse<String> refused = send("PUT", "/api/v1/branding/domain", "{\"domain\":\"p.premium.example\"}",
                "Authorization", bearer(token(premium.path("slug").asText(), "boss")));
        assertEquals(refused.body(), 403, refused.statusCode());
        HttpResponse<String> bad = send("PUT", "/api/v1/branding/domain", "{\"domain\":\"localhost\"}",
                "Authorization", bossA);
        assertProblem(bad, 422);
        assertTrue(bad.body(), bad.body().contains("\"domain\""));
        assertEquals(404, get("/api/v1/branding/domain", "Authorization", bossA).statusCode());
        HttpResponse<String> asked = send("PUT", "/api/v1/branding/domain", "{\"domain\":\"" + domain.toUpperCase()
                + "\"}", "Authorization", bossA);
        assertEquals(asked.body(), 202, asked.statusCode());
        assertEquals("PENDING", json(asked).path("status").asText());
        assertEquals(domain, json(get("/api/v1/branding/domain", "Authorization", bossA)).path("domain").asText());
        HttpResponse<String> taken = send("PUT", "/api/v1/branding/domain", "{\"domain\":\"" + domain + "\"}",
                "Authorization", bossB);
        assertEquals(taken.body(), 409, taken.statusCode());
        assertEquals(404, get("/api/v1/branding/domain", "Authorization", bossB).statusCode());

        // pending: the domain names no tenant; the operator sees it waiting, approves it
        assertFalse(getWithHost(domain, "/api/v1/customers", operator)[1].contains(customer));
        assertTrue(get("/api/v1/tenants/domains?status=PENDING", "Authorization", operator).body().contains(domain));
        assertEquals(403, get("/api/v1/tenants/domains", "Authorization", bossA).statusCode());
        assertProblem(get("/api/v1/tenants/domains?status=LOST", "Authorization", operator), 422);
        HttpResponse<String> approved = send("POST", "/api/v1/tenants/domains/" + domain + "/approve", null,
                "Authorization", operator);
        assertEquals(approved.body(), 200, approved.statusCode());
        assertEquals("APPROVED", json(approved).path("status").asText());
        String[] served = getWithHost(domain + ":8181", "/api/v1/customers", operator);
        assertEquals(served[1], "200", served[0]);
        assertTrue(served[1], served[1].contains(customer));
        // tenant B's token cannot act for A at A's domain
        String[] foreign = getWithHost(domain, "/api/v1/customers", bossB);
        assertEquals(foreign[1], "403", foreign[0]);
        assertFalse(foreign[1].contains(customer));

        // without white_label the domain names no tenant; with it again, it does
        assertEquals(200, setTier(a.path("id").asText(), "PREMIUM").statusCode());
        assertFalse(getWithHost(domain, "/api/v1/customers", operator)[1].contains(customer));
        assertEquals("200", getWithHost(domain, "/api/v1/customers", bossB)[0]);
        assertEquals(200, setTier(a.path("id").asText(), "ENTERPRISE").statusCode());
        assertTrue(getWithHost(domain, "/api/v1/customers", operator)[1].contains(customer));

        // the operator takes it back
        assertEquals(200, send("DELETE", "/api/v1/tenants/domains/" + domain, null, "Authorization", operator)
                .statusCode());
        assertFalse(getWithHost(domain, "/api/v1/customers", operator)[1].contains(customer));
        assertEquals(404, get("/api/v1/branding/domain", "Authorization", bossA).statusCode());
        assertEquals(404, send("POST", "/api/v1/tenants/domains/" + domain + "/approve", null, "Authorization",
                operator).statusCode());
    }
}
