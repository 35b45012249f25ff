package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The customer self-service portal's API ({@code /api/v1/customer}) on a booted distribution (composed into the core
 * suites, H2 and PostgreSQL; the e-mailed sign-in into the BASIC plugins' suites): a sign-in link works once, a session
 * sees only its own customer's rows (another customer of the same tenant, and another tenant, are 404), an ISP user's
 * token means nothing there, bad input is named, and asking for links is limited.
 */
final class CustomerPortalChecks {

    private static final Pattern LINK = Pattern.compile("/customer/\\?tenant=([a-z0-9-]+)#signin=([A-Za-z0-9_-]{43})");

    private final CustomersSuite suite;

    CustomerPortalChecks(CustomersSuite suite) {
        this.suite = suite;
    }

    private HttpResponse<String> as(String method, String path, String body, String session) throws Exception {
        return session == null ? suite.send(method, path, body) : suite.send(method, path, body, "Authorization",
                "Bearer " + session);
    }

    private static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(r.body(), status, r.statusCode());
        return DotMacTestSupport.json(r);
    }

    /** A session for a staff-made link of {@code customer}; the link works once. */
    private String signIn(String staff, String tenant, String customer) throws Exception {
        String url = ok(suite.send("POST", "/api/v1/customer/links", "{\"customerId\":\"" + customer + "\"}",
                "Authorization", staff), 201).path("url").asText();
        Matcher m = LINK.matcher(url);
        assertTrue(url, m.find());
        assertEquals(tenant, m.group(1));
        String body = "{\"tenant\":\"" + tenant + "\",\"token\":\"" + m.group(2) + "\"}";
        String session = ok(as("POST", "/api/v1/customer/sessions", body, null), 201).path("token").asText();
        TenancySuite.assertProblem(as("POST", "/api/v1/customer/sessions", body, null), 401); // once only
        return session;
    }

    private String issuedInvoice(String staff, String customer, String amount) throws Exception {
        String id = ok(suite.send("POST", "/api/v1/invoices", "{\"customerId\":\"" + customer + "\",\"lines\":[{"
                + "\"description\":\"Fibre\",\"quantity\":\"1\",\"unitPrice\":\"" + amount + "\",\"taxRate\":\"0\"}]}",
                "Authorization", staff), 201).path("id").asText();
        ok(suite.send("POST", "/api/v1/invoices/" + id + "/issue", null, "Authorization", staff), 200);
        return id;
    }

    void subscribersSeeOnlyTheirOwnRows() throws Exception {
        String a = TenancySuite.unique("cpa");
        String b = TenancySuite.unique("cpb");
        suite.createTenant(a, "FREE");
        suite.createTenant(b, "FREE");
        String staffA = DotMacTestSupport.bearer(suite.token(a, "boss"));
        String staffB = DotMacTestSupport.bearer(suite.token(b, "boss"));
        String ada = DotMacTestSupport.json(suite.createCustomer(staffA, "Ada", "ada@" + a + ".test")).path("id")
                .asText();
        String bob = DotMacTestSupport.json(suite.createCustomer(staffA, "Bob", "bob@" + a + ".test")).path("id")
                .asText();
        String invoice = issuedInvoice(staffA, ada, "30.00");
        String bobsInvoice = issuedInvoice(staffA, bob, "45.00");
        String draft = ok(suite.send("POST", "/api/v1/invoices", "{\"customerId\":\"" + ada + "\",\"lines\":[{"
                + "\"description\":\"Later\",\"quantity\":\"1\",\"unitPrice\":\"1.00\",\"taxRate\":\"0\"}]}",
                "Authorization", staffA), 201).path("id").asText();
        ok(suite.send("POST", "/api/v1/invoices/" + invoice + "/payments", "{\"amount\":\"10.00\",\"method\":"
                + "\"CASH\"}", "Authorization", staffA), 201);
        String bobsTicket = ok(suite.send("POST", "/api/v1/tickets", "{\"subject\":\"Bob's\",\"description\":\"d\","
                + "\"customerId\":\"" + bob + "\"}", "Authorization", staffA), 201).path("id").asText();

        // staff of another tenant cannot make a link for A's customer; a FREE tenant's staff can (every tier)
        TenancySuite.assertProblem(suite.send("POST", "/api/v1/customer/links", "{\"customerId\":\"" + ada + "\"}",
                "Authorization", staffB), 422);
        TenancySuite.assertProblem(suite.send("POST", "/api/v1/customer/links", "{\"customerId\":\"" + ada + "\"}"),
                401);
        String session = signIn(staffA, a, ada);

        JsonNode me = ok(as("GET", "/api/v1/customer/me", null, session), 200);
        assertEquals(ada, me.path("id").asText());
        JsonNode invoices = ok(as("GET", "/api/v1/customer/invoices", null, session), 200);
        assertEquals(invoices.toString(), 1, invoices.size()); // not the draft, not Bob's
        assertEquals(invoice, invoices.get(0).path("id").asText());
        assertEquals("20.00", invoices.get(0).path("balance").asText());
        assertEquals(1, ok(as("GET", "/api/v1/customer/payments", null, session), 200).size());
        HttpResponse<String> pdf = as("GET", "/api/v1/customer/invoices/" + invoice + "/pdf", null, session);
        assertEquals(200, pdf.statusCode());
        assertTrue(pdf.body().startsWith("%PDF"));
        // Bob's invoice, Ada's draft: 404 on every path
        for (String path : new String[] {"/invoices/" + bobsInvoice, "/invoices/" + bobsInvoice + "/pdf",
            "/invoices/" + bobsInvoice + "/payments", "/invoices/" + bobsInvoice + "/pay-link", "/invoices/" + draft,
            "/tickets/" + bobsTicket, "/tickets/" + bobsTicket + "/comments"}) {
            assertEquals(path, 404, as("GET", "/api/v1/customer" + path, null, session).statusCode());
        }
        TenancySuite.assertProblem(as("POST", "/api/v1/customer/tickets/" + bobsTicket + "/comments",
                "{\"body\":\"mine now\"}", session), 404);
        // a FREE tenant takes no payments online: no pay link
        assertEquals(404, as("GET", "/api/v1/customer/invoices/" + invoice + "/pay-link", null, session)
                .statusCode());

        // tickets: bad input named, then opened and followed; the ISP sees it as Ada's
        HttpResponse<String> bad = as("POST", "/api/v1/customer/tickets", "{\"subject\":\"\"}", session);
        TenancySuite.assertProblem(bad, 422);
        TenancySuite.assertContains(bad.body(), "\"subject\"");
        String ticket = ok(as("POST", "/api/v1/customer/tickets", "{\"subject\":\"No sync\",\"description\":"
                + "\"Since 9am\"}", session), 201).path("id").asText();
        assertEquals(ada, ok(suite.get("/api/v1/tickets/" + ticket, "Authorization", staffA), 200).path("customerId")
                .asText());
        ok(suite.send("POST", "/api/v1/tickets/" + ticket + "/comments", "{\"body\":\"Looking into it\"}",
                "Authorization", staffA), 201);
        ok(as("POST", "/api/v1/customer/tickets/" + ticket + "/comments", "{\"body\":\"Thanks\"}", session), 201);
        JsonNode thread = ok(as("GET", "/api/v1/customer/tickets/" + ticket + "/comments", null, session), 200);
        assertEquals(2, thread.size());
        assertFalse(thread.get(0).path("mine").asBoolean());
        assertTrue(thread.get(1).path("mine").asBoolean());
        assertEquals(1, ok(as("GET", "/api/v1/customer/tickets", null, session), 200).size());

        // contact details: bad e-mail named and nothing changed; a phone number saved
        String phone = me.path("phone").asText(null);
        HttpResponse<String> badMe = as("PATCH", "/api/v1/customer/me", "{\"email\":\"nope\",\"phone\":\"+1 555\"}",
                session);
        TenancySuite.assertProblem(badMe, 422);
        TenancySuite.assertContains(badMe.body(), "\"email\"");
        assertEquals(phone, ok(as("GET", "/api/v1/customer/me", null, session), 200).path("phone").asText(null));
        assertEquals("+44 20 7946 0000", ok(as("PATCH", "/api/v1/customer/me", "{\"phone\":\"+44 20 7946 0000\"}",
                session), 200).path("phone").asText());
        assertEquals("Bob", ok(suite.get("/api/v1/customers/" + bob, "Authorization", staffA), 200).path("name")
                .asText());

        // an ISP user's token, a forged session, none: 401; after signing out, the session is gone
        TenancySuite.assertProblem(suite.send("GET", "/api/v1/customer/me", null, "Authorization", staffA), 401);
        TenancySuite.assertProblem(as("GET", "/api/v1/customer/me", null, session.substring(0, 27)
                + "x".repeat(43)), 401);
        TenancySuite.assertProblem(suite.get("/api/v1/customer/invoices"), 401);
        assertEquals(204, as("DELETE", "/api/v1/customer/sessions/current", null, session).statusCode());
        TenancySuite.assertProblem(as("GET", "/api/v1/customer/me", null, session), 401);

        // asking for links: named input, the same answer for anyone, then limited
        TenancySuite.assertProblem(as("POST", "/api/v1/customer/sign-in-links", "{\"tenant\":\"" + a
                + "\",\"email\":\"x\"}", null), 422);
        TenancySuite.assertProblem(as("POST", "/api/v1/customer/sign-in-links", "{\"tenant\":\"no-such-isp-" + a
                + "\",\"email\":\"x@y.test\"}", null), 404);
        String someone = "{\"tenant\":\"" + a + "\",\"email\":\"nobody@" + a + ".test\"}";
        String known = ok(as("POST", "/api/v1/customer/sign-in-links", someone, null), 202).path("message").asText();
        assertEquals(known, ok(as("POST", "/api/v1/customer/sign-in-links", "{\"tenant\":\"" + a
                + "\",\"email\":\"ada@" + a + ".test\"}", null), 202).path("message").asText());
        ok(as("POST", "/api/v1/customer/sign-in-links", someone, null), 202);
        ok(as("POST", "/api/v1/customer/sign-in-links", someone, null), 202);
        TenancySuite.assertProblem(as("POST", "/api/v1/customer/sign-in-links", someone, null), 429);

        // the brand, before signing in
        assertEquals(a, ok(as("GET", "/api/v1/customer/brand?tenant=" + a, null, null), 200).path("tenant").asText());
    }

    /** A customer asks for a link by e-mail and signs in with the link that arrives (email_notifications). */
    void theEmailedLinkSignsIn(EmailNotificationsSuite mail) throws Exception {
        String a = TenancySuite.unique("cpm");
        suite.createTenant(a, "BASIC");
        String staff = DotMacTestSupport.bearer(suite.token(a, "boss"));
        String address = "ada@" + a + ".test";
        suite.createCustomer(staff, "Ada", address);
        EmailNotificationsSuite.smtp();
        ok(as("POST", "/api/v1/customer/sign-in-links", "{\"tenant\":\"" + a + "\",\"email\":\"ADA@" + a
                + ".test\"}", null), 202);
        String text = null;
        for (int i = 0; i < 150 && text == null; i++) {
            for (javax.mail.internet.MimeMessage m : EmailNotificationsSuite.mailTo(address)) {
                Object content = EmailNotificationsSuite.content(m);
                text = content instanceof String s ? s : String.valueOf(content);
            }
            if (text == null) {
                Thread.sleep(100);
            }
        }
        assertTrue("no sign-in e-mail to " + address, text != null);
        Matcher m = LINK.matcher(text);
        assertTrue(text, m.find());
        String session = ok(as("POST", "/api/v1/customer/sessions", "{\"tenant\":\"" + a + "\",\"token\":\""
                + m.group(2) + "\"}", null), 201).path("token").asText();
        assertEquals(address, ok(as("GET", "/api/v1/customer/me", null, session), 200).path("email").asText());
    }
}
