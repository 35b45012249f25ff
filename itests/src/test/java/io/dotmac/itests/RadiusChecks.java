package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * radius_aaa on a booted distribution (composed into the BASIC plugins' suites): the API's rules and tenant isolation
 * on every database and, on PostgreSQL, a real FreeRADIUS authenticating from DotMac's views as a NAS would ask it
 * (radclient), a test NAS receiving the Disconnect and CoA requests, and accounting turned into usage.
 */
final class RadiusChecks {

    private static final String NAS_SECRET = "nas-secret-42";

    private final AutomatedBillingSuite suite;

    RadiusChecks(AutomatedBillingSuite suite) {
        this.suite = suite;
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        return suite.send(method, path, body, "Authorization", token);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return suite.get(path, "Authorization", token);
    }

    private JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(r.body(), status, r.statusCode());
        return DotMacTestSupport.json(r);
    }

    /** A customer portal session for {@code customer}, through a link made by the tenant's staff. */
    private String customerSession(String staff, String slug, String customer) throws Exception {
        String url = ok(send("POST", "/api/v1/customer/links", "{\"customerId\":\"" + customer + "\"}", staff), 201)
                .path("url").asText();
        String token = url.substring(url.indexOf("#signin=") + "#signin=".length());
        return ok(suite.send("POST", "/api/v1/customer/sessions", "{\"tenant\":\"" + slug + "\",\"token\":\""
                + token + "\"}"), 201).path("token").asText();
    }

    /**
     * Bad input is named and changes nothing; another tenant can neither see nor change an account, a NAS, its
     * settings, sessions or requests; a FREE tenant meets the plugin's 403.
     */
    void accountsAreValidatedAndIsolated() throws Exception {
        String a = TenancySuite.unique("rda");
        String b = TenancySuite.unique("rdb");
        suite.createTenant(a, "BASIC");
        suite.createTenant(b, "BASIC");
        String bossA = TenancySuite.bearer(suite.token(a, "boss"));
        String bossB = TenancySuite.bearer(suite.token(b, "boss"));
        String sub = suite.subscription(bossA, suite.customer(bossA), suite.plan(bossA, "Fibre", "30.00", "0"),
                AutomatedBillingSuite.today());

        HttpResponse<String> bad = send("POST", "/api/v1/radius/accounts", "{\"subscriptionId\":\"" + sub
                + "\",\"kind\":\"PPPOE\",\"username\":\"Not Valid\",\"password\":\"short\",\"vlan\":5000}", bossA);
        TenancySuite.assertProblem(bad, 422);
        for (String field : new String[] {"username", "password", "vlan"}) {
            TenancySuite.assertContains(bad.body(), "\"" + field + "\"");
        }
        TenancySuite.assertProblem(send("POST", "/api/v1/radius/accounts",
                "{\"subscriptionId\":\"nope\",\"username\":\"x1\"}", bossA), 422);
        TenancySuite.assertProblem(send("POST", "/api/v1/radius/accounts",
                "{\"subscriptionId\":\"" + sub + "\",\"kind\":\"MAC\",\"macAddress\":\"zz:00\"}", bossA), 422);
        assertEquals(0, ok(get("/api/v1/radius/accounts", bossA), 200).path("items").size());

        JsonNode account = ok(send("POST", "/api/v1/radius/accounts", "{\"subscriptionId\":\"" + sub
                + "\",\"kind\":\"MAC\",\"macAddress\":\"AA-BB-CC-00-11-22\",\"vlan\":120}", bossA), 201);
        assertEquals("aa:bb:cc:00:11:22", account.path("login").asText());
        assertEquals(120, account.path("vlan").asInt());
        assertEquals(100, account.path("downloadMbps").asInt());
        String id = account.path("id").asText();
        TenancySuite.assertProblem(send("POST", "/api/v1/radius/accounts",
                "{\"subscriptionId\":\"" + sub + "\",\"username\":\"again\"}", bossA), 409);
        JsonNode nas = ok(send("POST", "/api/v1/radius/nas", "{\"name\":\"bng-a\",\"address\":\"10.250.0.1\","
                + "\"secret\":\"" + NAS_SECRET + "\"}", bossA), 201);
        assertTrue("the secret is write-only: " + nas, !nas.has("secret"));
        TenancySuite.assertProblem(send("POST", "/api/v1/radius/nas", "{\"name\":\"bad name\",\"address\":\"10.1\","
                + "\"secret\":\"x\",\"coaPort\":70000}", bossA), 422);
        TenancySuite.assertProblem(send("PUT", "/api/v1/radius/settings",
                "{\"suspendedAction\":\"WALLED_GARDEN\"}", bossA), 422);

        // tenant B sees none of it and changes none of it
        assertEquals(0, ok(get("/api/v1/radius/accounts", bossB), 200).path("items").size());
        assertEquals(0, ok(get("/api/v1/radius/nas", bossB), 200).path("items").size());
        for (String path : new String[] {"/api/v1/radius/accounts/" + id, "/api/v1/radius/accounts/" + id
                + "/usage", "/api/v1/radius/accounts/" + id + "/sessions", "/api/v1/radius/nas/"
                + nas.path("id").asText()}) {
            TenancySuite.assertProblem(get(path, bossB), 404);
        }
        TenancySuite.assertProblem(send("PATCH", "/api/v1/radius/accounts/" + id, "{\"password\":\"takeover99\"}",
                bossB), 404);
        TenancySuite.assertProblem(send("DELETE", "/api/v1/radius/accounts/" + id, null, bossB), 404);
        TenancySuite.assertProblem(send("DELETE", "/api/v1/radius/nas/" + nas.path("id").asText(), null, bossB), 404);
        TenancySuite.assertProblem(send("POST", "/api/v1/radius/accounts", "{\"subscriptionId\":\"" + sub
                + "\",\"username\":\"steal\"}", bossB), 422);
        assertEquals("REJECT", ok(get("/api/v1/radius/settings", bossB), 200).path("suspendedAction").asText());
        assertEquals(id, ok(get("/api/v1/radius/accounts/" + id, bossA), 200).path("id").asText());
        assertEquals(120, ok(get("/api/v1/radius/accounts/" + id, bossA), 200).path("vlan").asInt());

        String free = TenancySuite.unique("rdf");
        suite.createTenant(free, "FREE");
        HttpResponse<String> refused = get("/api/v1/radius/accounts", TenancySuite.bearer(suite.token(free, "boss")));
        TenancySuite.assertProblem(refused, 403);
        TenancySuite.assertContains(refused.body(), "radius_aaa");
    }

    /**
     * PostgreSQL: a stock FreeRADIUS answers from DotMac: accept with the plan's rate, reject a wrong password; a
     * suspension through the API rejects the next attempt and sends a Disconnect-Request to the session's NAS; the
     * walled garden accepts into its pool; resuming accepts again; a plan's new speeds reach the open session as a
     * CoA-Request; accounting becomes usage; cancelling rejects.
     */
    void freeRadiusAuthenticatesFromDotMacAndEnforcesSuspension() throws Exception {
        String slug = TenancySuite.unique("rad");
        suite.createTenant(slug, "BASIC");
        String boss = TenancySuite.bearer(suite.token(slug, "boss"));
        String plan = suite.plan(boss, "Fibre 100", "40.00", "0");
        String customer = suite.customer(boss);
        String sub = suite.subscription(boss, customer, plan, AutomatedBillingSuite.today());
        Path dir = Files.createTempDirectory("freeradius");
        try (TestNas nas = new TestNas(NAS_SECRET)) {
            ok(send("POST", "/api/v1/radius/nas", "{\"name\":\"bng-1\",\"address\":\"127.0.0.1\",\"secret\":\""
                    + NAS_SECRET + "\",\"type\":\"mikrotik\",\"coaPort\":" + nas.port() + "}", boss), 201);
            JsonNode account = ok(send("POST", "/api/v1/radius/accounts", "{\"subscriptionId\":\"" + sub
                    + "\",\"username\":\"alice\"}", boss), 201);
            String login = account.path("login").asText();
            String password = account.path("password").asText();
            assertEquals("alice@" + slug, login);
            assertEquals(16, password.length());
            String accountPath = "/api/v1/radius/accounts/" + account.path("id").asText();

            try (FreeRadius radius = FreeRadius.start(dir, System.getProperty(PostgresDatabase.DATABASE),
                    System.getProperty(PostgresDatabase.RADIUS),
                    System.getProperty(PostgresDatabase.RADIUS_PASSWORD))) {
                String accepted = radius.authenticate(NAS_SECRET, login, password);
                TenancySuite.assertContains(accepted, "Received Access-Accept");
                TenancySuite.assertContains(accepted, "Mikrotik-Rate-Limit = \"20M/100M\"");
                TenancySuite.assertContains(accepted, "WISPr-Bandwidth-Max-Down = 100000000");
                TenancySuite.assertContains(accepted, "WISPr-Bandwidth-Max-Up = 20000000");
                TenancySuite.assertContains(radius.authenticate(NAS_SECRET, login, "wrong-password"),
                        "Received Access-Reject");

                // the NAS opens a session
                TenancySuite.assertContains(radius.radclient("acct", NAS_SECRET, "Acct-Status-Type = Start",
                        "User-Name = \"" + login + "\"", "Acct-Session-Id = \"sess-1\"", "NAS-IP-Address = 127.0.0.1",
                        "NAS-Port = 1", "Framed-IP-Address = 100.64.0.10"), "Received Accounting-Response");
                JsonNode open = ok(get(accountPath + "/sessions", boss), 200);
                assertEquals(open.toString(), 1, open.size());
                assertEquals("sess-1", open.get(0).path("sessionId").asText());
                assertEquals("100.64.0.10", open.get(0).path("framedAddress").asText());

                // suspended through the API: a Disconnect-Request reaches the NAS, the next attempt is refused
                long suspendedAt = System.currentTimeMillis();
                ok(send("PATCH", "/api/v1/subscriptions/" + sub, "{\"status\":\"SUSPENDED\"}", boss), 200);
                TestNas.Request disconnect = nas.next(10);
                assertNotNull("a Disconnect-Request within 10 s; FreeRADIUS said:\n" + radius.log(), disconnect);
                long latency = disconnect.receivedAtMillis() - suspendedAt;
                System.out.println("RADIUS: suspension to Disconnect-Request " + latency + " ms");
                assertEquals(40, disconnect.code());
                assertEquals(login, disconnect.text(1));
                assertEquals("sess-1", disconnect.text(44));
                assertTrue(nas.refused().toString(), nas.refused().isEmpty());
                TenancySuite.assertContains(radius.authenticate(NAS_SECRET, login, password),
                        "Received Access-Reject");
                DotMacTestSupport.await("the request recorded", java.time.Duration.ofSeconds(10), () -> {
                    JsonNode items = ok(get("/api/v1/radius/requests?subscriptionId=" + sub, boss), 200)
                            .path("items");
                    return items.size() == 1 && items.get(0).path("result").asText().equals("ACK")
                            && items.get(0).path("kind").asText().equals("DISCONNECT")
                            && items.get(0).path("reason").asText().equals("SUSPENDED");
                });

                // the NAS closes the session with its counters: usage per day
                TenancySuite.assertContains(radius.radclient("acct", NAS_SECRET, "Acct-Status-Type = Stop",
                        "User-Name = \"" + login + "\"", "Acct-Session-Id = \"sess-1\"", "NAS-IP-Address = 127.0.0.1",
                        "NAS-Port = 1", "Acct-Session-Time = 3600", "Acct-Input-Octets = 1500000",
                        "Acct-Output-Octets = 2000000", "Acct-Output-Gigawords = 1",
                        "Acct-Terminate-Cause = Admin-Reset"), "Received Accounting-Response");
                JsonNode usage = ok(get(accountPath + "/usage", boss), 200);
                assertEquals(usage.toString(), 1, usage.size());
                assertEquals(1, usage.get(0).path("sessions").asInt());
                assertEquals(3600, usage.get(0).path("seconds").asLong());
                assertEquals(1_500_000L, usage.get(0).path("inputOctets").asLong());
                assertEquals(2_000_000L + (1L << 32), usage.get(0).path("outputOctets").asLong());
                // the subscriber sees it in the customer portal, as downloaded (to them) and uploaded
                String session = customerSession(boss, slug, customer);
                JsonNode mine = ok(suite.send("GET", "/api/v1/customer/subscriptions/" + sub + "/usage", null,
                        "Authorization", "Bearer " + session), 200);
                assertEquals(mine.toString(), 2_000_000L + (1L << 32), mine.get(0).path("downloadedOctets").asLong());
                assertEquals(1_500_000L, mine.get(0).path("uploadedOctets").asLong());

                // the walled garden: accepted into its pool, without the plan's rate
                ok(send("PUT", "/api/v1/radius/settings", "{\"suspendedAction\":\"WALLED_GARDEN\","
                        + "\"walledGardenPool\":\"unpaid\"}", boss), 200);
                String garden = radius.authenticate(NAS_SECRET, login, password);
                TenancySuite.assertContains(garden, "Received Access-Accept");
                TenancySuite.assertContains(garden, "Framed-Pool = \"unpaid\"");
                assertTrue(garden, !garden.contains("Mikrotik-Rate-Limit"));

                // resumed: the plan's rate again
                ok(send("PATCH", "/api/v1/subscriptions/" + sub, "{\"status\":\"ACTIVE\"}", boss), 200);
                TenancySuite.assertContains(radius.authenticate(NAS_SECRET, login, password),
                        "Mikrotik-Rate-Limit = \"20M/100M\"");

                // the plan gets faster: its open session gets a CoA-Request with the new rate
                TenancySuite.assertContains(radius.radclient("acct", NAS_SECRET, "Acct-Status-Type = Start",
                        "User-Name = \"" + login + "\"", "Acct-Session-Id = \"sess-2\"", "NAS-IP-Address = 127.0.0.1",
                        "NAS-Port = 2"), "Received Accounting-Response");
                ok(send("PATCH", "/api/v1/plans/" + plan, "{\"downloadMbps\":300,\"uploadMbps\":50}", boss), 200);
                TestNas.Request coa = nas.next(10);
                assertNotNull("a CoA-Request within 10 s", coa);
                assertEquals(43, coa.code());
                assertEquals("sess-2", coa.text(44));
                assertEquals("50M/300M", new String(coa.vendor(14988, 8), StandardCharsets.UTF_8));
                assertEquals(300_000_000, java.nio.ByteBuffer.wrap(coa.vendor(14122, 8)).getInt());
                TenancySuite.assertContains(radius.authenticate(NAS_SECRET, login, password),
                        "Mikrotik-Rate-Limit = \"50M/300M\"");

                // cancelled at once: disconnected and refused
                ok(send("POST", "/api/v1/subscriptions/" + sub + "/cancel?at=NOW", null, boss), 200);
                TestNas.Request cancelled = nas.next(10);
                assertNotNull("a Disconnect-Request for the cancellation", cancelled);
                assertEquals(40, cancelled.code());
                TenancySuite.assertContains(radius.authenticate(NAS_SECRET, login, password),
                        "Received Access-Reject");

                // the account deleted while a session is still open: that session is disconnected too
                TenancySuite.assertContains(radius.radclient("acct", NAS_SECRET, "Acct-Status-Type = Start",
                        "User-Name = \"" + login + "\"", "Acct-Session-Id = \"sess-3\"", "NAS-IP-Address = 127.0.0.1",
                        "NAS-Port = 3"), "Received Accounting-Response");
                assertEquals(204, send("DELETE", accountPath, null, boss).statusCode());
                TestNas.Request deleted = nas.next(10);
                assertNotNull("a Disconnect-Request for the deleted account", deleted);
                assertEquals("sess-3", deleted.text(44));
                TenancySuite.assertProblem(get(accountPath, boss), 404);
                DotMacTestSupport.await("the deletion's request recorded", java.time.Duration.ofSeconds(10),
                        () -> ok(get("/api/v1/radius/requests?subscriptionId=" + sub, boss), 200).path("items")
                                .findValuesAsText("reason").contains("DELETED"));
                assertTrue(nas.refused().toString(), nas.refused().isEmpty());
            }
        }
    }
}
