package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The FREE plugins customer_management and basic_billing (plans and subscriptions) through HTTP: CRUD, search, validation
 * (nothing written on bad input), the tier's customer limit under concurrency, and that another tenant can neither
 * see nor touch a customer or a plan.
 */
public abstract class CustomersSuite extends TenancySuite {

    private static String customer(String name, String email) {
        return "{\"name\":\"" + name + "\",\"email\":\"" + email + "\",\"phone\":\"+1 555 0100\","
                + "\"serviceAddress\":\"1 Fibre Street\"}";
    }

    protected HttpResponse<String> createCustomer(String token, String name, String email) throws Exception {
        return send("POST", "/api/v1/customers", customer(name, email), "Authorization", token);
    }

    private int count(String token) throws Exception {
        int n = 0;
        String cursor = null;
        do {
            JsonNode page = json(get("/api/v1/customers?limit=200" + (cursor == null ? "" : "&cursor=" + cursor),
                    "Authorization", token));
            n += page.path("items").size();
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        return n;
    }

    protected void checkCustomersAreCreatedReadSearchedChangedAndClosed() throws Exception {
        assumeDatabase();
        String slug = unique("cust");
        createTenant(slug, "FREE");
        String t = bearer(token(slug, "boss"));
        HttpResponse<String> created = createCustomer(t, "Ada Lovelace", "ada@example.org");
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode ada = json(created);
        String id = ada.path("id").asText();
        assertEquals("ACTIVE", ada.path("status").asText());
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/v1/customers/" + id));
        createCustomer(t, "Charles Babbage", "charles@example.org");
        assertEquals("Ada Lovelace", json(get("/api/v1/customers/" + id, "Authorization", t)).path("name").asText());

        JsonNode found = json(get("/api/v1/customers?q=LOVE", "Authorization", t));
        assertEquals(1, found.path("items").size());
        assertEquals(id, found.path("items").get(0).path("id").asText());
        assertEquals(1, json(get("/api/v1/customers?q=charles%40", "Authorization", t)).path("items").size());
        assertEquals(0, json(get("/api/v1/customers?q=%25", "Authorization", t)).path("items").size());
        assertEquals(2, json(get("/api/v1/customers?status=ACTIVE", "Authorization", t)).path("items").size());

        HttpResponse<String> patched = send("PATCH", "/api/v1/customers/" + id,
                "{\"phone\":\"+44 20 7946 0000\",\"status\":\"SUSPENDED\"}", "Authorization", t);
        assertEquals(patched.body(), 200, patched.statusCode());
        assertEquals("SUSPENDED", json(patched).path("status").asText());
        assertEquals("Ada Lovelace", json(patched).path("name").asText());

        assertProblem(createCustomer(t, "Ada Again", "ADA@example.org"), 409);
        HttpResponse<String> closed = send("DELETE", "/api/v1/customers/" + id, null, "Authorization", t);
        assertEquals("CLOSED", json(closed).path("status").asText());
        assertEquals(1, json(get("/api/v1/customers?status=CLOSED", "Authorization", t)).path("items").size());
        assertProblem(send("PATCH", "/api/v1/customers/" + id, "{\"name\":\"X\"}", "Authorization", t), 409);
        assertEquals(1, json(get("/api/v1/tenant/license", "Authorization", t)).path("customerCount").asLong());
    }

    protected void checkBadCustomerInputIsNamedAndWritesNothing() throws Exception {
        assumeDatabase();
        String slug = unique("bad");
        createTenant(slug, "FREE");
        String t = bearer(token(slug, "boss"));
        HttpResponse<String> invalid = send("POST", "/api/v1/customers",
                "{\"name\":\"\",\"email\":\"not-an-email\",\"phone\":\"call me\",\"serviceAddress\":\"" + "x".repeat(501)
                        + "\",\"status\":\"ACTIVE\"}", "Authorization", t);
        assertProblem(invalid, 422);
        Set<String> fields = new HashSet<>();
        json(invalid).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertEquals(Set.of("name", "email", "phone", "serviceAddress", "status"), fields);
        assertProblem(send("POST", "/api/v1/customers", "{}", "Authorization", t), 422);
        // a NUL character (PostgreSQL cannot store one: it was a 500) is the client's mistake, named
        HttpResponse<String> nul = send("POST", "/api/v1/customers", "{\"name\":\"Ada\\u0000\",\"email\":"
                + "\"ada@example.test\"}", "Authorization", t);
        assertProblem(nul, 422);
        assertEquals("name", json(nul).path("errors").get(0).path("field").asText());
        assertProblem(send("POST", "/api/v1/customers", "{\"name\":\"x\",\"email\":\"a@b.test\",\"shoeSize\":9}",
                "Authorization", t), 400);
        assertProblem(send("POST", "/api/v1/customers", "{\"name\":[1],\"email\":\"a@b.test\"}", "Authorization", t),
                400);
        assertProblem(send("POST", "/api/v1/customers", "{\"name\":", "Authorization", t), 400);
        assertProblem(send("POST", "/api/v1/customers", null, "Authorization", t), 415);
        assertProblem(send("POST", "/api/v1/customers", "", "Authorization", t), 400);
        assertProblem(get("/api/v1/customers?status=GONE", "Authorization", t), 422);
        assertProblem(get("/api/v1/customers?limit=500", "Authorization", t), 422);
        assertProblem(get("/api/v1/customers/no-such-id", "Authorization", t), 404);
        assertEquals(0, count(t));
        assertEquals(0, json(get("/api/v1/tenant/license", "Authorization", t)).path("customerCount").asLong());
    }

    protected void checkAnotherTenantCanNeitherSeeNorTouchACustomer() throws Exception {
        assumeDatabase();
        String a = unique("bola-a");
        String b = unique("bola-b");
        createTenant(a, "FREE");
        createTenant(b, "FREE");
        String tokenA = bearer(token(a, "boss"));
        String tokenB = bearer(token(b, "boss"));
        String id = json(createCustomer(tokenA, "Grace Hopper", "grace@example.org")).path("id").asText();
        String before = get("/api/v1/customers/" + id, "Authorization", tokenA).body();

        assertProblem(get("/api/v1/customers/" + id, "Authorization", tokenB), 404);
        assertProblem(send("PATCH", "/api/v1/customers/" + id, "{\"name\":\"Mallory\"}", "Authorization", tokenB), 404);
        assertProblem(send("DELETE", "/api/v1/customers/" + id, null, "Authorization", tokenB), 404);
        assertEquals(0, json(get("/api/v1/customers?q=grace", "Authorization", tokenB)).path("items").size());
        // B may even use the same e-mail: uniqueness is per tenant
        assertEquals(201, createCustomer(tokenB, "Grace Hopper", "grace@example.org").statusCode());
        // and naming A in the header does not help
        assertProblem(get("/api/v1/customers/" + id, "Authorization", tokenB, "X-Tenant-ID", a), 403);

        assertEquals(before, get("/api/v1/customers/" + id, "Authorization", tokenA).body());
    }

    protected void checkCustomerLimitHoldsUnderParallelCreates() throws Exception {
        assumeDatabase();
        String slug = unique("cap");
        createTenant(slug, "FREE");
        String t = bearer(token(slug, "boss"));
        for (int i = 0; i < 99; i++) {
            assertEquals(201, createCustomer(t, "Customer " + i, "c" + i + "@cap.test").statusCode());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            answers.add(pool.submit(() -> {
                go.await();
                return createCustomer(t, "Racer " + n, "racer" + n + "@cap.test");
            }));
        }
        go.countDown();
        int created = 0;
        for (Future<HttpResponse<String>> f : answers) {
            HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
            if (r.statusCode() == 201) {
                created++;
            } else {
                assertProblem(r, 403);
                JsonNode p = json(r);
                assertEquals("customers", p.path("limit").asText());
                assertEquals("FREE", p.path("currentTier").asText());
                assertEquals("BASIC", p.path("requiredTier").asText());
            }
        }
        pool.shutdown();
        assertEquals("exactly one of 50 parallel creates takes the last slot", 1, created);
        assertEquals(100, count(t));
        // closing a customer frees its slot
        String first = json(get("/api/v1/customers?limit=1", "Authorization", t)).path("items").get(0).path("id")
                .asText();
        send("DELETE", "/api/v1/customers/" + first, null, "Authorization", t);
        assertEquals(201, createCustomer(t, "Late", "late@cap.test").statusCode());
        assertProblem(createCustomer(t, "Too late", "too-late@cap.test"), 403);
    }

    protected void checkReadonlyUsersAndSwitchedOffPluginAreRefused() throws Exception {
        assumeDatabase();
        String slug = unique("ro");
        String id = createTenant(slug, "FREE").path("id").asText();
        addUser(id, "reader", "ISP_READONLY");
        String reader = bearer(token(slug, "reader"));
        String boss = bearer(token(slug, "boss"));
        assertProblem(createCustomer(reader, "Nope", "nope@ro.test"), 403);
        assertEquals(200, get("/api/v1/customers", "Authorization", reader).statusCode());
        // the ISP switches the plugin off: its endpoints answer 403 saying so
        assertEquals(200, send("PUT", "/api/v1/tenant/plugins/customer_management", "{\"enabled\":false}",
                "Authorization", boss).statusCode());
        HttpResponse<String> off = get("/api/v1/customers", "Authorization", boss);
        assertProblem(off, 403);
        assertTrue(json(off).path("title").asText().contains("disabled"));
        send("PUT", "/api/v1/tenant/plugins/customer_management", "{\"enabled\":true}", "Authorization", boss);
        assertEquals(200, get("/api/v1/customers", "Authorization", boss).statusCode());
        // the catalogue lists it as a FREE plugin
        assertTrue(get("/api/v1/plugins", "Authorization", boss).body().contains("\"customer_management\""));
        assertFalse(shell("dotmac:customer-list " + slug).contains("ERROR"));
    }

    protected void checkCustomerListCommandShowsTheTenantsCustomers() throws Exception {
        assumeDatabase();
        String slug = unique("shc");
        createTenant(slug, "FREE");
        String t = bearer(token(slug, "boss"));
        createCustomer(t, "Alan Turing", "alan@example.org");
        String out = shell("dotmac:customer-list " + slug);
        assertContains(out, "Alan Turing");
        assertContains(out, "alan@example.org");
        assertFalse(shell("dotmac:customer-list --status CLOSED " + slug).contains("Alan Turing"));
    }

    private static final String PLAN = "{\"name\":\"Fibre 100\",\"price\":\"49.90\",\"currency\":\"USD\","
            + "\"billingPeriod\":\"MONTHLY\",\"downloadMbps\":100,\"uploadMbps\":20}";

    protected void checkPlansKeepExactPricesAndStayInTheirTenant() throws Exception {
        assumeDatabase();
        String a = unique("plan-a");
        String b = unique("plan-b");
        createTenant(a, "FREE");
        createTenant(b, "FREE");
        String tokenA = bearer(token(a, "boss"));
        String tokenB = bearer(token(b, "boss"));
        HttpResponse<String> created = send("POST", "/api/v1/plans", PLAN, "Authorization", tokenA);
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode plan = json(created);
        String id = plan.path("id").asText();
        assertEquals("49.90", plan.path("price").asText());
        assertTrue("the price is a string, never a float", plan.path("price").isTextual());
        assertEquals("USD", plan.path("currency").asText());
        assertTrue(plan.path("active").asBoolean());
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/v1/plans/" + id));
        // a plan is in the tenant's currency (USD here): another would fail every billing run; none given takes it
        HttpResponse<String> yen = send("POST", "/api/v1/plans", "{\"name\":\"Yen\",\"price\":\"5000\","
                + "\"currency\":\"JPY\",\"billingPeriod\":\"YEARLY\",\"downloadMbps\":1000,\"uploadMbps\":1000}",
                "Authorization", tokenA);
        assertProblem(yen, 422);
        assertEquals("currency", json(yen).path("errors").get(0).path("field").asText());
        JsonNode big = json(send("POST", "/api/v1/plans", "{\"name\":\"Big\",\"price\":\"5000\","
                + "\"billingPeriod\":\"YEARLY\",\"downloadMbps\":1000,\"uploadMbps\":1000,\"dataCapGb\":500}",
                "Authorization", tokenA));
        assertEquals("5000.00", big.path("price").asText());
        assertEquals("USD", big.path("currency").asText());
        assertEquals(500, big.path("dataCapGb").asInt());

        HttpResponse<String> patched = send("PATCH", "/api/v1/plans/" + id, "{\"price\":\"54.9\",\"active\":false}",
                "Authorization", tokenA);
        assertEquals(patched.body(), 200, patched.statusCode());
        assertEquals("54.90", json(patched).path("price").asText());
        assertEquals(1, json(get("/api/v1/plans?active=false", "Authorization", tokenA)).path("items").size());
        assertEquals(1, json(get("/api/v1/plans?active=true", "Authorization", tokenA)).path("items").size());
        assertProblem(send("PATCH", "/api/v1/plans/" + id, "{\"currency\":\"EUR\"}", "Authorization", tokenA), 422);

        String before = get("/api/v1/plans/" + id, "Authorization", tokenA).body();
        assertProblem(get("/api/v1/plans/" + id, "Authorization", tokenB), 404);
        assertProblem(send("PATCH", "/api/v1/plans/" + id, "{\"price\":\"0.01\"}", "Authorization", tokenB), 404);
        assertEquals(0, json(get("/api/v1/plans", "Authorization", tokenB)).path("items").size());
        assertEquals(before, get("/api/v1/plans/" + id, "Authorization", tokenA).body());
    }

    protected void checkRequestBodiesAreLimited() throws Exception {
        assumeDatabase();
        String slug = unique("body");
        createTenant(slug, "FREE");
        String t = bearer(token(slug, "boss"));
        int before = json(get("/api/v1/customers", "Authorization", t)).path("items").size();
        // 2 MiB of JSON: refused by its Content-Length, before anything reads it
        String big = "{\"name\":\"" + "x".repeat(2 << 20) + "\",\"email\":\"big@example.test\"}";
        HttpResponse<String> declared = send("POST", "/api/v1/customers", big, "Authorization", t);
        assertProblem(declared, 413);
        assertEquals(1_048_576, json(declared).path("maxBytes").asLong());
        // the same body without a Content-Length (chunked): refused once the limit is passed while reading
        HttpResponse<String> chunked = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(base() + "/api/v1/customers")).header("Authorization", t)
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers
                        .ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes(
                                java.nio.charset.StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(chunked, 413);
        assertEquals("nothing written", before, json(get("/api/v1/customers", "Authorization", t)).path("items")
                .size());
    }

    protected void checkBadPlanInputIsNamedAndWritesNothing() throws Exception {
        assumeDatabase();
        String slug = unique("badplan");
        createTenant(slug, "FREE");
        String t = bearer(token(slug, "boss"));
        HttpResponse<String> invalid = send("POST", "/api/v1/plans", "{\"name\":\"x\",\"price\":\"-1\",\"currency\":"
                + "\"XYZ\",\"billingPeriod\":\"WEEKLY\",\"downloadMbps\":0,\"uploadMbps\":100001,\"dataCapGb\":-1}",
                "Authorization", t);
        assertProblem(invalid, 422);
        Set<String> fields = new HashSet<>();
        json(invalid).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertEquals(Set.of("currency", "billingPeriod", "downloadMbps", "uploadMbps", "dataCapGb"), fields);
        HttpResponse<String> tooPrecise = send("POST", "/api/v1/plans", PLAN.replace("49.90", "49.999"),
                "Authorization", t);
        assertProblem(tooPrecise, 422);
        assertEquals("price", json(tooPrecise).path("errors").get(0).path("field").asText());
        assertProblem(send("POST", "/api/v1/plans", PLAN.replace("49.90", "-5"), "Authorization", t), 422);
        // a bad number in the query names the parameter (JAX-RS alone answers a bare 404)
        HttpResponse<String> limit = get("/api/v1/customers?limit=abc", "Authorization", t);
        assertProblem(limit, 422);
        assertEquals("limit", json(limit).path("errors").get(0).path("field").asText());
        assertProblem(get("/api/v1/customers?limit=" + "9".repeat(400), "Authorization", t), 422);
        // a price of 200,000 digits is refused by its length, before anything parses it
        HttpResponse<String> huge = send("POST", "/api/v1/plans", PLAN.replace("49.90", "9".repeat(200_000)),
                "Authorization", t);
        assertProblem(huge, 422);
        assertEquals("price", json(huge).path("errors").get(0).path("field").asText());
        assertContains(json(huge).path("errors").get(0).path("message").asText(), "at most 40 characters");
        assertProblem(send("POST", "/api/v1/plans", PLAN.replace("100", "\"fast\""), "Authorization", t), 400);
        assertProblem(send("POST", "/api/v1/plans", "{}", "Authorization", t), 422);
        assertProblem(get("/api/v1/plans?active=maybe", "Authorization", t), 422);
        assertEquals(0, json(get("/api/v1/plans", "Authorization", t)).path("items").size());
    }

    protected void checkSubscriptionsTieACustomerToAPlanAndCancel() throws Exception {
        assumeDatabase();
        String a = unique("sub-a");
        String b = unique("sub-b");
        createTenant(a, "FREE");
        createTenant(b, "FREE");
        String t = bearer(token(a, "boss"));
        String tokenB = bearer(token(b, "boss"));
        String customer = json(createCustomer(t, "Edsger Dijkstra", "edsger@example.org")).path("id").asText();
        String plan = json(send("POST", "/api/v1/plans", PLAN, "Authorization", t)).path("id").asText();
        String old = json(send("POST", "/api/v1/plans", PLAN.replace("Fibre 100", "Old"), "Authorization", t))
                .path("id").asText();
        send("PATCH", "/api/v1/plans/" + old, "{\"active\":false}", "Authorization", t);
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String body = "{\"customerId\":\"" + customer + "\",\"planId\":\"" + plan + "\",\"startDate\":\"" + today + "\"}";

        HttpResponse<String> created = send("POST", "/api/v1/subscriptions", body, "Authorization", t);
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode sub = json(created);
        String id = sub.path("id").asText();
        assertEquals("ACTIVE", sub.path("status").asText());
        assertEquals(today, sub.path("startDate").asText());
        assertEquals(today, sub.path("nextBillingDate").asText());
        assertEquals(1, json(get("/api/v1/subscriptions?customerId=" + customer, "Authorization", t)).path("items")
                .size());

        assertEquals("SUSPENDED", json(send("PATCH", "/api/v1/subscriptions/" + id, "{\"status\":\"SUSPENDED\"}",
                "Authorization", t)).path("status").asText());
        HttpResponse<String> inactive = send("PATCH", "/api/v1/subscriptions/" + id, "{\"planId\":\"" + old + "\"}",
                "Authorization", t);
        assertProblem(inactive, 422);
        assertEquals("planId", json(inactive).path("errors").get(0).path("field").asText());

        // another tenant can neither see, change nor cancel it, nor subscribe A's customer
        assertProblem(get("/api/v1/subscriptions/" + id, "Authorization", tokenB), 404);
        assertProblem(send("PATCH", "/api/v1/subscriptions/" + id, "{\"status\":\"ACTIVE\"}", "Authorization", tokenB),
                404);
        assertProblem(send("POST", "/api/v1/subscriptions/" + id + "/cancel?at=NOW", null, "Authorization",
                tokenB), 404);
        HttpResponse<String> foreign = send("POST", "/api/v1/subscriptions", body, "Authorization", tokenB);
        assertProblem(foreign, 422);
        Set<String> fields = new HashSet<>();
        json(foreign).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertEquals(Set.of("customerId", "planId"), fields);

        // a customer whose subscription is not cancelled is not closed: 409 naming it, nothing changes
        HttpResponse<String> closing = send("DELETE", "/api/v1/customers/" + customer, null, "Authorization", t);
        assertProblem(closing, 409);
        assertContains(closing.body(), id);
        assertEquals("ACTIVE", json(get("/api/v1/customers/" + customer, "Authorization", t)).path("status")
                .asText());

        JsonNode atEnd = json(send("POST", "/api/v1/subscriptions/" + id + "/cancel", null, "Authorization", t));
        assertEquals("SUSPENDED", atEnd.path("status").asText());
        assertEquals(today, atEnd.path("cancelAt").asText());
        JsonNode now = json(send("POST", "/api/v1/subscriptions/" + id + "/cancel?at=NOW", null,
                "Authorization", t));
        assertEquals("CANCELLED", now.path("status").asText());
        assertProblem(send("PATCH", "/api/v1/subscriptions/" + id, "{\"status\":\"ACTIVE\"}", "Authorization", t), 409);
        assertProblem(send("POST", "/api/v1/subscriptions/" + id + "/cancel?at=LATER", null, "Authorization", t),
                422);
        // cancelled: the customer may be closed now
        assertEquals("CLOSED", json(send("DELETE", "/api/v1/customers/" + customer, null, "Authorization", t))
                .path("status").asText());
    }

    protected void checkBadSubscriptionInputIsNamedAndWritesNothing() throws Exception {
        assumeDatabase();
        String slug = unique("badsub");
        createTenant(slug, "FREE");
        String t = bearer(token(slug, "boss"));
        String customer = json(createCustomer(t, "Closed Soon", "closed@example.org")).path("id").asText();
        send("DELETE", "/api/v1/customers/" + customer, null, "Authorization", t);
        HttpResponse<String> missing = send("POST", "/api/v1/subscriptions", "{}", "Authorization", t);
        assertProblem(missing, 422);
        Set<String> fields = new HashSet<>();
        json(missing).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertEquals(Set.of("customerId", "planId", "startDate"), fields);
        HttpResponse<String> bad = send("POST", "/api/v1/subscriptions", "{\"customerId\":\"" + customer
                + "\",\"planId\":\"nope\",\"startDate\":\"2026-13-45\"}", "Authorization", t);
        assertProblem(bad, 422);
        assertContains(bad.body(), "is closed");
        assertContains(bad.body(), "startDate");
        assertProblem(get("/api/v1/subscriptions?status=PAUSED", "Authorization", t), 422);
        assertEquals(0, json(get("/api/v1/subscriptions", "Authorization", t)).path("items").size());
    }
}
