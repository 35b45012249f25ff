package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The FREE plugins ticketing and user_auth through HTTP, and the walk over every endpoint of the ISP core with
 * another tenant's token.
 */
public abstract class TicketsAndUsersSuite extends InvoicesSuite {

    protected HttpResponse<String> createUser(String adminToken, String username, String role) throws Exception {
        return send("POST", "/api/v1/users", "{\"username\":\"" + username + "\",\"email\":\"" + username
                + "@example.org\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}", "Authorization",
                adminToken);
    }

    private static Set<String> fields(HttpResponse<String> r) throws Exception {
        Set<String> fields = new HashSet<>();
        json(r).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    private int activeAdmins(String token) throws Exception {
        return json(get("/api/v1/users?role=isp_admin&active=true", "Authorization", token)).path("items").size();
    }

    protected void checkAdminsManageUsersAndTheLastAdminStays() throws Exception {
        assumeDatabase();
        String slug = unique("usr");
        createTenant(slug, "FREE");
        String boss = bearer(token(slug, "boss"));

        HttpResponse<String> created = createUser(boss, "sam", "isp_staff");
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode sam = json(created);
        String samId = sam.path("id").asText();
        assertEquals("isp_staff", sam.path("role").asText());
        assertTrue(sam.path("active").asBoolean());
        assertFalse(created.body().contains("password"));
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/v1/users/" + samId));
        assertProblem(createUser(boss, "sam", "isp_staff"), 409);
        assertEquals(2, json(get("/api/v1/users", "Authorization", boss)).path("items").size());
        assertEquals(1, json(get("/api/v1/users?role=isp_staff", "Authorization", boss)).path("items").size());
        assertEquals("sam", json(get("/api/v1/users/" + samId, "Authorization", boss)).path("username").asText());

        // only isp_admin manages users
        String samToken = bearer(token(slug, "sam"));
        assertProblem(get("/api/v1/users", "Authorization", samToken), 403);
        assertProblem(createUser(samToken, "eve", "isp_admin"), 403);

        // a role change ends the tokens issued before it
        assertEquals("isp_admin", json(send("PATCH", "/api/v1/users/" + samId, "{\"role\":\"isp_admin\"}",
                "Authorization", boss)).path("role").asText());
        assertProblem(get("/api/v1/customers", "Authorization", samToken), 401);
        samToken = bearer(token(slug, "sam"));
        assertEquals(200, get("/api/v1/users", "Authorization", samToken).statusCode());

        // sam demotes boss, whose token stops; sam is then the last admin and cannot leave
        String bossId = json(get("/api/v1/users?role=isp_admin", "Authorization", samToken)).path("items")
                .findValues("id").stream().map(JsonNode::asText).filter(id -> !id.equals(samId)).findFirst()
                .orElseThrow();
        assertEquals(200, send("PATCH", "/api/v1/users/" + bossId, "{\"role\":\"isp_staff\"}", "Authorization",
                samToken).statusCode());
        assertProblem(get("/api/v1/customers", "Authorization", boss), 401);
        HttpResponse<String> last = send("DELETE", "/api/v1/users/" + samId, null, "Authorization", samToken);
        assertProblem(last, 409);
        assertContains(last.body(), "last active isp_admin");
        assertProblem(send("PATCH", "/api/v1/users/" + samId, "{\"role\":\"isp_readonly\"}", "Authorization",
                samToken), 409);
        assertEquals(1, activeAdmins(samToken));

        // deactivating ends the user's tokens and logins
        String roId = json(createUser(samToken, "reader", "isp_readonly")).path("id").asText();
        String ro = bearer(token(slug, "reader"));
        assertEquals(200, get("/api/v1/customers", "Authorization", ro).statusCode());
        JsonNode gone = json(send("DELETE", "/api/v1/users/" + roId, null, "Authorization", samToken));
        assertFalse(gone.path("active").asBoolean());
        assertProblem(get("/api/v1/customers", "Authorization", ro), 401);
        assertEquals(401, login(slug, "reader", PASSWORD).statusCode());
        assertEquals(1, json(get("/api/v1/users?active=false", "Authorization", samToken)).path("items").size());
        // and reactivating lets them log in again, old tokens staying dead
        assertTrue(json(send("PATCH", "/api/v1/users/" + roId, "{\"active\":true}", "Authorization", samToken))
                .path("active").asBoolean());
        assertProblem(get("/api/v1/customers", "Authorization", ro), 401);
        assertEquals(200, get("/api/v1/customers", "Authorization", bearer(token(slug, "reader"))).statusCode());
    }

    protected void checkTwoAdminsDemotingEachOtherLeaveOne() throws Exception {
        assumeDatabase();
        for (int round = 0; round < 3; round++) {
            String slug = unique("duel");
            createTenant(slug, "FREE");
            String boss = bearer(token(slug, "boss"));
            String otherId = json(createUser(boss, "other", "isp_admin")).path("id").asText();
            String other = bearer(token(slug, "other"));
            String bossId = json(get("/api/v1/users?role=isp_admin", "Authorization", boss)).path("items")
                    .findValues("id").stream().map(JsonNode::asText).filter(id -> !id.equals(otherId)).findFirst()
                    .orElseThrow();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            try {
                Future<HttpResponse<String>> a = pool.submit(() -> {
                    start.await();
                    return send("DELETE", "/api/v1/users/" + otherId, null, "Authorization", boss);
                });
                Future<HttpResponse<String>> b = pool.submit(() -> {
                    start.await();
                    return send("DELETE", "/api/v1/users/" + bossId, null, "Authorization", other);
                });
                start.countDown();
                int ok = 0;
                for (Future<HttpResponse<String>> f : List.of(a, b)) {
                    int status = f.get(30, TimeUnit.SECONDS).statusCode();
                    assertTrue("status " + status, status == 200 || status == 409 || status == 401);
                    ok += status == 200 ? 1 : 0;
                }
                assertEquals(1, ok);
            } finally {
                pool.shutdownNow();
            }
            // exactly one of them can still log in, and is the tenant's only active admin
            HttpResponse<String> bossLogin = login(slug, "boss", PASSWORD);
            HttpResponse<String> otherLogin = login(slug, "other", PASSWORD);
            assertEquals(1, (bossLogin.statusCode() == 200 ? 1 : 0) + (otherLogin.statusCode() == 200 ? 1 : 0));
            HttpResponse<String> survivor = bossLogin.statusCode() == 200 ? bossLogin : otherLogin;
            assertEquals(1, activeAdmins(bearer(json(survivor).path("access_token").asText())));
        }
    }

    protected void checkBadUserInputIsNamedAndWritesNothing() throws Exception {
        assumeDatabase();
        String slug = unique("badusr");
        createTenant(slug, "FREE");
        String boss = bearer(token(slug, "boss"));
        HttpResponse<String> bad = send("POST", "/api/v1/users", "{\"username\":\"a\",\"email\":\"nope\","
                + "\"password\":\"short\",\"role\":\"platform_admin\"}", "Authorization", boss);
        assertProblem(bad, 422);
        assertEquals(Set.of("username", "email", "password", "role"), fields(bad));
        assertProblem(send("POST", "/api/v1/users", "{}", "Authorization", boss), 422);
        assertProblem(send("POST", "/api/v1/users", "{\"username\":[]}", "Authorization", boss), 400);
        assertProblem(send("POST", "/api/v1/users", "{\"username\":\"x\",\"admin\":true}", "Authorization", boss),
                400);
        String bossId = json(get("/api/v1/users", "Authorization", boss)).path("items").get(0).path("id").asText();
        HttpResponse<String> badPatch = send("PATCH", "/api/v1/users/" + bossId, "{\"role\":\"root\",\"email\":\"x\"}",
                "Authorization", boss);
        assertProblem(badPatch, 422);
        assertEquals(Set.of("role", "email"), fields(badPatch));
        assertProblem(send("PATCH", "/api/v1/users/" + bossId, "{\"active\":\"maybe\"}", "Authorization", boss), 400);
        assertProblem(get("/api/v1/users?role=god", "Authorization", boss), 422);
        assertProblem(get("/api/v1/users?active=perhaps", "Authorization", boss), 422);
        assertProblem(get("/api/v1/users/no-such-user", "Authorization", boss), 404);
        assertEquals(1, json(get("/api/v1/users", "Authorization", boss)).path("items").size());
        assertEquals("isp_admin", json(get("/api/v1/users/" + bossId, "Authorization", boss)).path("role").asText());
    }

    private HttpResponse<String> createTicket(String token, String customerId, String extra) throws Exception {
        return send("POST", "/api/v1/tickets", "{\"subject\":\"No signal\",\"description\":\"The ONT shows a red "
                + "LOS light since this morning.\",\"customerId\":\"" + customerId + "\"" + extra + "}",
                "Authorization", token);
    }

    private HttpResponse<String> status(String token, String ticket, String status) throws Exception {
        return send("PATCH", "/api/v1/tickets/" + ticket, "{\"status\":\"" + status + "\"}", "Authorization", token);
    }

    protected void checkTicketsMoveThroughTheirLifeWithCommentsAndAssignee() throws Exception {
        assumeDatabase();
        String slug = unique("tkt");
        createTenant(slug, "FREE");
        String boss = bearer(token(slug, "boss"));
        String staffId = json(createUser(boss, "tech", "isp_staff")).path("id").asText();
        String tech = bearer(token(slug, "tech"));
        String customer = json(createCustomer(boss, "Linus Torvalds", "linus@example.org")).path("id").asText();

        HttpResponse<String> created = createTicket(tech, customer, "");
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode ticket = json(created);
        String id = ticket.path("id").asText();
        assertEquals("OPEN", ticket.path("status").asText());
        assertEquals("NORMAL", ticket.path("priority").asText());
        assertEquals(staffId, ticket.path("createdBy").asText());

        JsonNode assigned = json(send("PATCH", "/api/v1/tickets/" + id, "{\"assigneeId\":\"" + staffId
                + "\",\"priority\":\"HIGH\"}", "Authorization", boss));
        assertEquals(staffId, assigned.path("assigneeId").asText());
        assertEquals("HIGH", assigned.path("priority").asText());
        assertEquals(1, json(get("/api/v1/tickets?assigneeId=" + staffId, "Authorization", tech)).path("items")
                .size());

        assertProblem(status(tech, id, "RESOLVED"), 409);
        assertProblem(status(tech, id, "CLOSED"), 409);
        assertEquals("IN_PROGRESS", json(status(tech, id, "IN_PROGRESS")).path("status").asText());
        HttpResponse<String> comment = send("POST", "/api/v1/tickets/" + id + "/comments", "{\"body\":\"Replaced "
                + "the patch cord.\"}", "Authorization", tech);
        assertEquals(comment.body(), 201, comment.statusCode());
        assertEquals("tech", json(comment).path("authorName").asText());
        assertEquals("RESOLVED", json(status(tech, id, "RESOLVED")).path("status").asText());
        assertEquals("OPEN", json(status(boss, id, "OPEN")).path("status").asText()); // reopened
        send("POST", "/api/v1/tickets/" + id + "/comments", "{\"body\":\"Still down at 18:00.\"}", "Authorization",
                boss);
        status(tech, id, "IN_PROGRESS");
        status(tech, id, "RESOLVED");
        assertEquals("CLOSED", json(status(boss, id, "CLOSED")).path("status").asText());
        assertProblem(status(boss, id, "OPEN"), 409);
        assertProblem(send("PATCH", "/api/v1/tickets/" + id, "{\"subject\":\"x\"}", "Authorization", boss), 409);
        assertProblem(send("POST", "/api/v1/tickets/" + id + "/comments", "{\"body\":\"late\"}", "Authorization",
                boss), 409);

        JsonNode comments = json(get("/api/v1/tickets/" + id + "/comments", "Authorization", boss));
        assertEquals(2, comments.size());
        assertEquals("Replaced the patch cord.", comments.get(0).path("body").asText());
        assertEquals("boss", comments.get(1).path("authorName").asText());
        JsonNode closed = json(get("/api/v1/tickets/" + id, "Authorization", boss));
        assertEquals(2, closed.path("commentCount").asInt());
        assertEquals(1, json(get("/api/v1/tickets?status=CLOSED&customerId=" + customer, "Authorization", boss))
                .path("items").size());
        assertEquals(0, json(get("/api/v1/tickets?status=OPEN", "Authorization", boss)).path("items").size());

        // unassigning, and assigning to a user who left
        String other = json(createTicket(boss, customer, ",\"priority\":\"LOW\",\"assigneeId\":\"" + staffId + "\""))
                .path("id").asText();
        assertTrue(json(send("PATCH", "/api/v1/tickets/" + other, "{\"assigneeId\":\"\"}", "Authorization", boss))
                .path("assigneeId").isMissingNode());
        send("DELETE", "/api/v1/users/" + staffId, null, "Authorization", boss);
        HttpResponse<String> gone = send("PATCH", "/api/v1/tickets/" + other, "{\"assigneeId\":\"" + staffId + "\"}",
                "Authorization", boss);
        assertProblem(gone, 422);
        assertEquals(Set.of("assigneeId"), fields(gone));
    }

    protected void checkBadTicketInputIsNamedAndWritesNothing() throws Exception {
        assumeDatabase();
        String slug = unique("badtkt");
        createTenant(slug, "FREE");
        String boss = bearer(token(slug, "boss"));
        String customer = json(createCustomer(boss, "Ken Thompson", "ken@example.org")).path("id").asText();
        HttpResponse<String> missing = send("POST", "/api/v1/tickets", "{}", "Authorization", boss);
        assertProblem(missing, 422);
        assertEquals(Set.of("subject", "description", "customerId"), fields(missing));
        HttpResponse<String> bad = send("POST", "/api/v1/tickets", "{\"subject\":\"" + "s".repeat(201)
                + "\",\"description\":\" \",\"customerId\":\"nobody\",\"priority\":\"ASAP\",\"status\":\"CLOSED\","
                + "\"assigneeId\":\"nobody\"}", "Authorization", boss);
        assertProblem(bad, 422);
        assertEquals(Set.of("subject", "description", "customerId", "priority", "status", "assigneeId"), fields(bad));
        assertProblem(send("POST", "/api/v1/tickets", "{\"subject\":{}}", "Authorization", boss), 400);
        assertProblem(send("POST", "/api/v1/tickets", "{\"subject\":", "Authorization", boss), 400);
        assertProblem(get("/api/v1/tickets?priority=ASAP", "Authorization", boss), 422);
        assertEquals(0, json(get("/api/v1/tickets", "Authorization", boss)).path("items").size());

        String id = json(createTicket(boss, customer, "")).path("id").asText();
        String before = get("/api/v1/tickets/" + id, "Authorization", boss).body();
        HttpResponse<String> badPatch = send("PATCH", "/api/v1/tickets/" + id, "{\"status\":\"DONE\",\"customerId\":"
                + "\"" + customer + "\",\"subject\":\"\"}", "Authorization", boss);
        assertProblem(badPatch, 422);
        assertEquals(Set.of("status", "customerId", "subject"), fields(badPatch));
        assertProblem(send("POST", "/api/v1/tickets/" + id + "/comments", "{\"body\":\"" + "b".repeat(10001) + "\"}",
                "Authorization", boss), 422);
        assertProblem(send("POST", "/api/v1/tickets/" + id + "/comments", "{}", "Authorization", boss), 422);
        assertEquals(before, get("/api/v1/tickets/" + id, "Authorization", boss).body());
        assertEquals(0, json(get("/api/v1/tickets/" + id + "/comments", "Authorization", boss)).size());
    }

    protected void checkTicketListCommandShowsTheTenantsTickets() throws Exception {
        assumeDatabase();
        String slug = unique("sht");
        createTenant(slug, "FREE");
        String boss = bearer(token(slug, "boss"));
        String customer = json(createCustomer(boss, "Dennis Ritchie", "dmr@example.org")).path("id").asText();
        String id = json(createTicket(boss, customer, ",\"priority\":\"URGENT\"")).path("id").asText();
        String out = shell("dotmac:ticket-list " + slug);
        assertContains(out, id);
        assertContains(out, "No signal");
        assertContains(out, "URGENT");
        assertFalse(shell("dotmac:ticket-list --status CLOSED " + slug).contains(id));
    }

    /**
     * Tenant A creates one of everything; tenant B's administrator then tries every endpoint of the ISP core on A's
     * ids. Every call is a 404, and every one of A's resources reads exactly as before.
     */
    protected void checkAnotherTenantReachesNoneOfTheCoreEndpoints() throws Exception {
        assumeDatabase();
        String a = unique("walk-a");
        String b = unique("walk-b");
        createTenant(a, "FREE");
        createTenant(b, "FREE");
        String ta = bearer(token(a, "boss"));
        String tb = bearer(token(b, "boss"));
        String customer = json(createCustomer(ta, "Alice", "alice@example.org")).path("id").asText();
        String plan = json(send("POST", "/api/v1/plans", "{\"name\":\"Fibre\",\"price\":\"10.00\",\"currency\":"
                + "\"USD\",\"billingPeriod\":\"MONTHLY\",\"downloadMbps\":100,\"uploadMbps\":10}", "Authorization", ta))
                .path("id").asText();
        String subscription = json(send("POST", "/api/v1/subscriptions", "{\"customerId\":\"" + customer
                + "\",\"planId\":\"" + plan + "\",\"startDate\":\"" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                + "\"}", "Authorization", ta)).path("id").asText();
        String invoice = draft(ta, customer);
        send("POST", "/api/v1/invoices/" + invoice + "/issue", null, "Authorization", ta);
        send("POST", "/api/v1/invoices/" + invoice + "/payments", "{\"amount\":\"1\",\"method\":\"CASH\"}",
                "Authorization", ta);
        String draft = draft(ta, customer);
        String ticket = json(createTicket(ta, customer, "")).path("id").asText();
        send("POST", "/api/v1/tickets/" + ticket + "/comments", "{\"body\":\"first\"}", "Authorization", ta);
        String user = json(createUser(ta, "staffer", "isp_staff")).path("id").asText();

        Map<String, String> reads = new LinkedHashMap<>();
        for (String path : List.of("/api/v1/customers/" + customer, "/api/v1/plans/" + plan,
                "/api/v1/subscriptions/" + subscription, "/api/v1/invoices/" + invoice, "/api/v1/invoices/" + draft,
                "/api/v1/invoices/" + invoice + "/payments", "/api/v1/tickets/" + ticket,
                "/api/v1/tickets/" + ticket + "/comments", "/api/v1/users/" + user)) {
            HttpResponse<String> r = get(path, "Authorization", ta);
            assertEquals(path, 200, r.statusCode());
            reads.put(path, r.body());
        }
        String[][] calls = {
            { "GET", "/api/v1/customers/" + customer, null },
            { "PATCH", "/api/v1/customers/" + customer, "{\"name\":\"Mallory\"}" },
            { "DELETE", "/api/v1/customers/" + customer, null },
            { "GET", "/api/v1/plans/" + plan, null },
            { "PATCH", "/api/v1/plans/" + plan, "{\"active\":false}" },
            { "GET", "/api/v1/subscriptions/" + subscription, null },
            { "PATCH", "/api/v1/subscriptions/" + subscription, "{\"status\":\"SUSPENDED\"}" },
            { "POST", "/api/v1/subscriptions/" + subscription + "/cancel?at=NOW", null },
            { "GET", "/api/v1/invoices/" + invoice, null },
            { "PATCH", "/api/v1/invoices/" + draft, "{\"notes\":\"Mallory\"}" },
            { "POST", "/api/v1/invoices/" + draft + "/issue", null },
            { "POST", "/api/v1/invoices/" + invoice + "/void", null },
            { "POST", "/api/v1/invoices/" + invoice + "/payments", "{\"amount\":\"1\",\"method\":\"CASH\"}" },
            { "GET", "/api/v1/invoices/" + invoice + "/payments", null },
            { "GET", "/api/v1/tickets/" + ticket, null },
            { "PATCH", "/api/v1/tickets/" + ticket, "{\"status\":\"IN_PROGRESS\"}" },
            { "POST", "/api/v1/tickets/" + ticket + "/comments", "{\"body\":\"Mallory was here\"}" },
            { "GET", "/api/v1/tickets/" + ticket + "/comments", null },
            { "GET", "/api/v1/users/" + user, null },
            { "PATCH", "/api/v1/users/" + user, "{\"role\":\"isp_admin\"}" },
            { "DELETE", "/api/v1/users/" + user, null },
        };
        List<String> leaks = new ArrayList<>();
        for (String[] call : calls) {
            HttpResponse<String> r = send(call[0], call[1], call[2], "Authorization", tb);
            if (r.statusCode() != 404) {
                leaks.add(call[0] + " " + call[1] + " -> " + r.statusCode() + " " + r.body());
            }
        }
        assertEquals(List.of(), leaks);
        // B's lists do not show A's rows, and B cannot point its own records at A's
        for (String list : List.of("/api/v1/customers", "/api/v1/plans", "/api/v1/subscriptions", "/api/v1/invoices",
                "/api/v1/tickets")) {
            assertEquals(list, 0, json(get(list, "Authorization", tb)).path("items").size());
        }
        assertEquals(1, json(get("/api/v1/users", "Authorization", tb)).path("items").size());
        assertProblem(createTicket(tb, customer, ""), 422);
        assertProblem(createInvoice(tb, customer, LINES), 422);
        for (Map.Entry<String, String> read : reads.entrySet()) {
            assertEquals(read.getKey(), read.getValue(), get(read.getKey(), "Authorization", ta).body());
        }
    }
}
