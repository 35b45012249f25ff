package io.dotmac.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;

/**
 * Demo ISPs on a booted distribution with the management platform installed (used by ManagementIT, which has the
 * boot): a SMALL demo's sample data, its login and isolation, the one extension, and the lifecycle run with the clock
 * given to {@code dotmac:demo-lifecycle --at}: the day-5 reminder of an unused demo, then its expiry e-mail and its
 * tenant gone; on PostgreSQL, no row of a destroyed demo left in any table that has {@code tenant_id}.
 */
final class DemosChecks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final int port;
    private final String admin;
    private final Path home;

    DemosChecks(HttpClient http, int port, String admin, Path home) {
        this.http = http;
        this.port = port;
        this.admin = admin;
        this.home = home;
    }

    private JsonNode read(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> request(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A SMALL demo for {@code email}: 201, with its counts checked; the answer. */
    JsonNode small(String email, String company) throws Exception {
        HttpResponse<String> made = request("POST", "/api/v1/demos", "{\"email\":\"" + email + "\",\"company\":\""
                + company + "\",\"scenario\":\"SMALL\"}", null);
        assertEquals(201, made.statusCode(), made.body());
        JsonNode demo = read(made);
        assertTrue(made.headers().firstValue("Location").orElse("").endsWith("/api/v1/demos/"
                + demo.path("id").asText()));
        JsonNode data = demo.path("sampleData");
        assertEquals(50, data.path("customers").asInt(), demo.toString());
        assertEquals(3, data.path("plans").asInt());
        assertEquals(50, data.path("subscriptions").asInt());
        assertEquals(5, data.path("tickets").asInt());
        assertEquals(10, data.path("devices").asInt(), demo.toString());
        // each subscription billed for every month since it started (at most three months back): 50 to 200
        int invoices = data.path("invoices").asInt();
        assertTrue(invoices >= 50 && invoices <= 200, demo.toString());
        assertEquals("ACTIVE", demo.path("status").asText());
        assertTrue(demo.path("tenant").asText().startsWith("demo-"), demo.toString());
        assertEquals(20, demo.path("password").asText().length(), "the password, in this answer only");
        return demo;
    }

    private String login(JsonNode demo) throws Exception {
        HttpResponse<String> token = request("POST", "/api/v1/auth/token", "{\"tenant\":\"" + demo.path("tenant")
                .asText() + "\",\"username\":\"admin\",\"password\":\"" + demo.path("password").asText() + "\"}", null);
        assertEquals(200, token.statusCode(), token.body());
        return read(token).path("access_token").asText();
    }

    /** The H2 run: sample data through the demo's own API, the extension, the reminder and the expiry. */
    void sampleDataExtensionReminderAndExpiry(GreenMail smtp) throws Exception {
        // bad input: every field named, nothing made
        HttpResponse<String> bad = request("POST", "/api/v1/demos", "{\"email\":\"nope\",\"company\":\"X\","
                + "\"scenario\":\"HUGE\"}", null);
        assertEquals(422, bad.statusCode(), bad.body());
        List<String> fields = new ArrayList<>();
        read(bad).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertEquals(List.of("email", "company", "scenario"), fields);

        JsonNode used = small("grace@hopper.example.com", "Hopper Fibre");
        JsonNode unused = small("alan@turing.example.com", "Turing Wireless");
        assertFalse(used.path("tenant").asText().equals(unused.path("tenant").asText()));

        // the demo's administrator sees its sample data through the API
        String token = login(used);
        JsonNode customers = read(request("GET", "/api/v1/customers?limit=200", null, token)).path("items");
        assertEquals(50, customers.size());
        JsonNode tickets = read(request("GET", "/api/v1/tickets?limit=100", null, token)).path("items");
        java.util.Set<String> statuses = new java.util.TreeSet<>();
        tickets.forEach(t -> statuses.add(t.path("status").asText()));
        assertEquals(java.util.Set.of("OPEN", "IN_PROGRESS", "RESOLVED", "CLOSED"), statuses, tickets.toString());
        assertEquals(3, read(request("GET", "/api/v1/plans", null, token)).path("items").size());
        // its devices answer through the simulated agents: polled now, up, with their interfaces' counters
        JsonNode devices = read(request("GET", "/api/v1/network/devices?limit=100", null, token)).path("items");
        assertEquals(10, devices.size(), devices.toString());
        HttpResponse<String> polled = request("POST", "/api/v1/network/devices/" + devices.get(0).path("id").asText()
                + "/poll", null, token);
        assertEquals(200, polled.statusCode(), polled.body());
        JsonNode status = read(polled);
        assertEquals("UP", status.path("status").asText(), status.toString());
        assertEquals(4, status.path("interfaces").size(), status.toString());

        // extended once by its own administrator
        JsonNode extended = read(request("POST", "/api/v1/demos/" + used.path("id").asText() + "/extend", null,
                token));
        assertTrue(extended.path("extended").asBoolean(), extended.toString());
        assertEquals(Instant.parse(used.path("expiresAt").asText()).plus(Duration.ofDays(7)),
                Instant.parse(extended.path("expiresAt").asText()));
        assertEquals(409, request("POST", "/api/v1/demos/" + used.path("id").asText() + "/extend", null, token)
                .statusCode(), "once only");

        // the listing, over REST and in the shell
        assertEquals(401, request("GET", "/api/v1/demos", null, null).statusCode());
        assertEquals(403, request("GET", "/api/v1/demos", null, token).statusCode());
        String list = KarafProcess.shell(home, "dotmac:demo-list");
        assertTrue(list.contains(used.path("tenant").asText()) && list.contains("SMALL"), list);

        // day 5: the unused one is reminded (what the other's administrator did is metered), the used one is not
        assertEquals(204, request("POST", "/api/v1/platform/usage/flush", "", admin).statusCode());
        Instant created = Instant.parse(unused.path("createdAt").asText());
        String day5 = KarafProcess.shell(home, "dotmac:demo-lifecycle --at " + created.plus(Duration.ofDays(5))
                .plusSeconds(60));
        assertTrue(day5.contains(unused.path("tenant").asText() + "): unused, reminded"), day5);
        assertFalse(day5.contains(used.path("tenant").asText()), day5);
        awaitMail(smtp, "Your DotMac demo for Turing Wireless ends on " + unused.path("expiresAt").asText(),
                "alan@turing.example.com");
        // another demo's administrator does not see this one
        String other = login(unused);
        assertEquals(404, request("POST", "/api/v1/demos/" + used.path("id").asText() + "/extend", null, other)
                .statusCode());

        // day 7: the unused one ends (its tenant and data go), the extended one goes on
        String day7 = KarafProcess.shell(home, "dotmac:demo-lifecycle --at " + Instant.parse(unused.path("expiresAt")
                .asText()).plusSeconds(60));
        assertTrue(day7.contains(unused.path("tenant").asText() + "): expired, destroyed"), day7);
        awaitMail(smtp, "Your DotMac demo for Turing Wireless has ended", "alan@turing.example.com");
        assertEquals(404, request("GET", "/api/v1/tenants/" + unused.path("tenant").asText(), null, admin)
                .statusCode());
        int gone = request("GET", "/api/v1/customers", null, other).statusCode();
        assertTrue(gone == 401 || gone == 404, "a token of a deleted tenant: " + gone);
        assertEquals("EXPIRED", read(request("GET", "/api/v1/demos/" + unused.path("id").asText(), null, admin))
                .path("status").asText());
        assertEquals("ACTIVE", read(request("GET", "/api/v1/demos/" + used.path("id").asText(), null, admin))
                .path("status").asText());
        assertEquals(50, read(request("GET", "/api/v1/customers?limit=200", null, token)).path("items").size());

        convertedKeepingTheIspsOwnRows(used, token);
        enterprise(token);
    }

    /**
     * An ENTERPRISE demo: 2,000 customers (about a third tagged with one of three resellers), 50 devices, every
     * plugin of the tier on, four automation rules and a webhook delivering the tenant's events, signed, to the demo's
     * inbox: a customer made through the API shows there.
     */
    private void enterprise(String otherTenant) throws Exception {
        HttpResponse<String> made = request("POST", "/api/v1/demos", "{\"email\":\"barbara@liskov.example.com\","
                + "\"company\":\"Liskov Metro Fibre\",\"scenario\":\"ENTERPRISE\"}", null);
        assertEquals(201, made.statusCode(), made.body());
        JsonNode demo = read(made);
        JsonNode data = demo.path("sampleData");
        assertEquals(2000, data.path("customers").asInt(), demo.toString());
        assertEquals(8, data.path("plans").asInt(), demo.toString());
        assertEquals(100, data.path("tickets").asInt(), demo.toString());
        assertEquals(50, data.path("devices").asInt(), demo.toString());
        assertEquals(3, data.path("resellers").asInt(), demo.toString());
        int resold = data.path("resoldCustomers").asInt();
        assertTrue(resold > 400 && resold < 800, demo.toString());
        assertEquals(4, data.path("automationRules").asInt(), demo.toString());
        assertEquals(1, data.path("webhooks").asInt(), demo.toString());
        String token = login(demo);
        List<String> off = new ArrayList<>();
        read(request("GET", "/api/v1/tenant/plugins", null, token)).forEach(p -> {
            if (p.path("entitled").asBoolean() && !p.path("enabled").asBoolean()) {
                off.add(p.path("id").asText());
            }
        });
        assertEquals(List.of(), off, "every plugin of the tier is on");
        int tagged = 0;
        for (String reseller : List.of("reseller-northwind", "reseller-bluebird", "reseller-cityline")) {
            for (String cursor = null;;) {
                JsonNode page = read(request("GET", "/api/v1/customers?limit=200&tag=" + reseller
                        + (cursor == null ? "" : "&cursor=" + cursor), null, token));
                tagged += page.path("items").size();
                cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
                if (cursor == null) {
                    break;
                }
            }
        }
        assertEquals(resold, tagged, "the resellers' customers are found by their tags");
        JsonNode rules = read(request("GET", "/api/v1/automation/rules", null, token)).path("items");
        assertEquals(4, rules.size(), rules.toString());

        String customer = id(request("POST", "/api/v1/customers", "{\"name\":\"Inbox Check\",\"email\":"
                + "\"inbox@liskov.example.com\"}", token));
        String inbox = "/api/v1/demos/" + demo.path("id").asText() + "/inbox";
        JsonNode entry = null;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); entry == null
                && System.nanoTime() < deadline;) {
            for (JsonNode e : read(request("GET", inbox, null, token))) {
                if (e.path("body").asText().contains(customer)) {
                    entry = e;
                }
            }
            Thread.sleep(200);
        }
        assertTrue(entry != null, "the webhook delivered the new customer to the demo's inbox");
        assertEquals("io/dotmac/customers/CUSTOMER_CREATED", entry.path("topic").asText(), entry.toString());
        assertTrue(entry.path("verified").asBoolean(), entry.toString());
        // a delivery not signed with the webhook's secret is refused
        HttpResponse<String> forged = request("POST", inbox, "{}", null);
        assertEquals(401, forged.statusCode(), forged.body());
        assertEquals(401, request("GET", inbox, null, null).statusCode(), "the inbox is read with a token");
        // another tenant's administrator neither reads this demo's inbox nor converts it: unknown to it
        assertEquals(404, request("GET", inbox, null, otherTenant).statusCode());
        assertEquals(404, request("POST", "/api/v1/demos/" + demo.path("id").asText() + "/convert", conversion(
                "Not Theirs", "not-theirs.example.com", "BASIC", null), otherTenant).statusCode());
        assertEquals("ACTIVE", read(request("GET", "/api/v1/demos/" + demo.path("id").asText(), null, admin))
                .path("status").asText());
    }

    /** The conversion's body: the registration's details without the deployment, and whether to keep the sample. */
    static String conversion(String company, String domain, String tier, Boolean keepSampleData) {
        return "{\"business\":{\"companyName\":\"" + company + "\",\"registrationNumber\":\"HRB 777\",\"taxId\":"
                + "\"DE987654321\",\"country\":\"DE\",\"primaryContact\":{\"name\":\"Grace Hopper\",\"email\":"
                + "\"grace@" + domain + "\",\"phone\":\"+49 30 7654321\"},\"serviceArea\":\"Hamburg\","
                + "\"customerBaseSize\":300},\"technical\":{\"domain\":\"" + domain + "\"},\"commercial\":{\"tier\":\""
                + tier + "\",\"billingCycle\":\"MONTHLY\",\"supportLevel\":\"STANDARD\",\"training\":false}"
                + (keepSampleData == null ? "" : ",\"keepSampleData\":" + keepSampleData) + "}";
    }

    private String id(HttpResponse<String> created) throws Exception {
        assertEquals(201, created.statusCode(), created.body());
        return read(created).path("id").asText();
    }

    /** Waits for the conversion's deployment to be READY (the shared provider takes the demo's tenant over). */
    private JsonNode awaitReady(String deployment) throws Exception {
        JsonNode job = null;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < deadline;) {
            job = read(request("GET", "/api/v1/deployments/" + deployment, null, admin));
            if (job.path("status").asText().equals("READY") || job.path("status").asText().equals("FAILED")) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals("READY", job.path("status").asText(), String.valueOf(job));
        return job;
    }

    /**
     * The used demo becomes a paying PREMIUM ISP. Before, its administrator added a plan, a customer, a sample
     * customer's subscription to that plan and a ticket for another sample customer: those stay, with the two
     * sample customers they name; the rest of the sample goes, invoice numbers start again at 1, the customer limit
     * counts what is left, and the tenant (renamed, at its new tier) keeps its users and tokens.
     */
    private void convertedKeepingTheIspsOwnRows(JsonNode demo, String token) throws Exception {
        String id = demo.path("id").asText();
        String tenant = demo.path("tenant").asText();
        JsonNode sampleCustomers = read(request("GET", "/api/v1/customers?limit=2", null, token)).path("items");
        String subscribed = sampleCustomers.get(0).path("id").asText();
        String ticketed = sampleCustomers.get(1).path("id").asText();
        String plan = id(request("POST", "/api/v1/plans", "{\"name\":\"Own Fibre 1000\",\"price\":\"99.00\","
                + "\"billingPeriod\":\"MONTHLY\",\"downloadMbps\":1000,\"uploadMbps\":500}", token));
        String own = id(request("POST", "/api/v1/customers", "{\"name\":\"A real subscriber\",\"email\":"
                + "\"first@hopper-fibre.example.com\"}", token));
        id(request("POST", "/api/v1/subscriptions", "{\"customerId\":\"" + subscribed + "\",\"planId\":\"" + plan
                + "\",\"startDate\":\"" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "\"}", token));
        String ticket = id(request("POST", "/api/v1/tickets", "{\"customerId\":\"" + ticketed + "\",\"subject\":"
                + "\"Real ticket\",\"description\":\"kept\",\"priority\":\"HIGH\"}", token));

        // bad details: every field named, nothing changes
        HttpResponse<String> bad = request("POST", "/api/v1/demos/" + id + "/convert", "{\"business\":"
                + "{\"companyName\":\"\"},\"technical\":{},\"commercial\":{\"tier\":\"GOLD\"}}", token);
        assertEquals(422, bad.statusCode(), bad.body());
        List<String> fields = new ArrayList<>();
        read(bad).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertTrue(fields.containsAll(List.of("business.companyName", "business.taxId", "technical.domain",
                "commercial.tier")), fields.toString());
        assertEquals(51, read(request("GET", "/api/v1/customers?limit=200", null, token)).path("items").size());
        assertEquals(401, request("POST", "/api/v1/demos/" + id + "/convert", conversion("Hopper Fibre Ltd",
                "hopper-fibre.example.com", "PREMIUM", null), null).statusCode());

        HttpResponse<String> answer = request("POST", "/api/v1/demos/" + id + "/convert", conversion(
                "Hopper Fibre Ltd", "hopper-fibre.example.com", "PREMIUM", null), token);
        assertEquals(202, answer.statusCode(), answer.body());
        JsonNode converted = read(answer);
        assertEquals(tenant, converted.path("tenant").asText());
        JsonNode dropped = converted.path("sampleDropped");
        JsonNode kept = converted.path("sampleKept");
        assertEquals(48, dropped.path("dotmac_customer").asInt(), converted.toString());
        assertEquals(2, kept.path("dotmac_customer").asInt(), converted.toString());
        assertEquals(3, dropped.path("dotmac_plan").asInt(), converted.toString());
        assertEquals(5, dropped.path("dotmac_ticket").asInt(), converted.toString());
        assertEquals(10, dropped.path("dotmac_network_device").asInt(), converted.toString());
        assertTrue(dropped.path("dotmac_network_interface").asInt() >= 4, "the polled device's interfaces go with it: "
                + converted);
        assertEquals(50, dropped.path("dotmac_subscription").asInt(), converted.toString());
        assertEquals(demo.path("sampleData").path("invoices").asInt(), dropped.path("dotmac_invoice").asInt(),
                converted.toString());
        awaitReady(converted.path("deploymentId").asText());

        // what is left: the ISP's own rows and the two sample customers they name; the old token still works
        java.util.Set<String> customers = new java.util.TreeSet<>();
        read(request("GET", "/api/v1/customers?limit=200", null, token)).path("items").forEach(
                c -> customers.add(c.path("id").asText()));
        assertEquals(new java.util.TreeSet<>(List.of(own, subscribed, ticketed)), customers);
        JsonNode plans = read(request("GET", "/api/v1/plans", null, token)).path("items");
        assertEquals(1, plans.size(), plans.toString());
        assertEquals(plan, plans.get(0).path("id").asText());
        JsonNode tickets = read(request("GET", "/api/v1/tickets?limit=100", null, token)).path("items");
        assertEquals(1, tickets.size(), tickets.toString());
        assertEquals(ticket, tickets.get(0).path("id").asText());
        assertEquals(0, read(request("GET", "/api/v1/invoices", null, token)).path("items").size());
        assertEquals(0, read(request("GET", "/api/v1/network/devices", null, token)).path("items").size(),
                "the sample devices (and what their polls stored) are gone");
        assertEquals(3, read(request("GET", "/api/v1/tenant/license", null, token)).path("customerCount").asInt(),
                "the dropped customers' units of the limit are given back");
        // the ISP's first real invoice is number 1
        HttpResponse<String> draft = request("POST", "/api/v1/invoices", "{\"customerId\":\"" + own + "\",\"lines\":"
                + "[{\"description\":\"Installation\",\"quantity\":\"1\",\"unitPrice\":\"80.00\",\"taxRate\":\"19\"}]}",
                token);
        String invoice = id(draft);
        HttpResponse<String> issued = request("POST", "/api/v1/invoices/" + invoice + "/issue", null, token);
        assertEquals(200, issued.statusCode(), issued.body());
        assertTrue(read(issued).path("number").asText().endsWith("-000001"), issued.body());

        // a paying ISP now: renamed, at its tier, billed by the platform; the demo's lifecycle has ended
        JsonNode t = read(request("GET", "/api/v1/tenants/" + tenant, null, admin));
        assertEquals("Hopper Fibre Ltd", t.path("name").asText(), t.toString());
        assertEquals("PREMIUM", t.path("tier").asText(), t.toString());
        assertEquals(200, request("POST", "/api/v1/platform/isps/reconcile", "", admin).statusCode());
        JsonNode account = read(request("GET", "/api/v1/platform/isps/" + converted.path("ispId").asText(), null,
                admin));
        assertEquals("PREMIUM", account.path("tier").asText(), account.toString());
        assertEquals("ACTIVE", account.path("status").asText(), account.toString());
        assertEquals(tenant, account.path("tenant").asText(), account.toString());
        assertEquals("CONVERTED", read(request("GET", "/api/v1/demos/" + id, null, admin)).path("status").asText());
        assertEquals(409, request("POST", "/api/v1/demos/" + id + "/convert", conversion("Hopper Fibre Ltd",
                "hopper-fibre-2.example.com", "PREMIUM", null), token).statusCode(), "converted once");
        assertEquals(409, request("POST", "/api/v1/demos/" + id + "/extend", null, token).statusCode());
        String later = KarafProcess.shell(home, "dotmac:demo-lifecycle --at " + Instant.parse(demo.path("expiresAt")
                .asText()).plus(Duration.ofDays(30)));
        assertFalse(later.contains(tenant), later);
        assertEquals(200, request("GET", "/api/v1/tenants/" + tenant, null, admin).statusCode());
    }

    /**
     * PostgreSQL: a converted demo whose sample was dropped keeps only the ISP's own rows in the tenant tables; one
     * converted with its sample kept keeps all of it.
     */
    void conversionsOnPostgres(String database) throws Exception {
        JsonNode demo = small("niklaus@wirth.example.com", "Wirth Telecom");
        String token = login(demo);
        String tenantId = read(request("GET", "/api/v1/tenants/" + demo.path("tenant").asText(), null, admin))
                .path("id").asText();
        String own = id(request("POST", "/api/v1/customers", "{\"name\":\"A real subscriber\",\"email\":"
                + "\"first@wirth-telecom.example.com\"}", token));
        HttpResponse<String> answer = request("POST", "/api/v1/demos/" + demo.path("id").asText() + "/convert",
                conversion("Wirth Telecom AG", "wirth-telecom.example.com", "ENTERPRISE", false), token);
        assertEquals(202, answer.statusCode(), answer.body());
        assertEquals(0, read(answer).path("sampleKept").size(), answer.body());
        awaitReady(read(answer).path("deploymentId").asText());
        Map<String, Integer> left = rowsOf(database, tenantId);
        assertEquals(1, left.get("dotmac_customer"), left.toString());
        for (String table : List.of("dotmac_plan", "dotmac_subscription", "dotmac_invoice", "dotmac_invoice_line",
                "dotmac_invoice_number", "dotmac_ticket", "dotmac_billing_run", "dotmac_network_device",
                "dotmac_network_interface", "dotmac_network_sample")) {
            assertEquals(0, left.get(table), table + ": " + left);
        }
        assertEquals(List.of(own), List.of(read(request("GET", "/api/v1/customers", null, token)).path("items").get(0)
                .path("id").asText()));
        assertEquals("ENTERPRISE", read(request("GET", "/api/v1/tenants/" + tenantId, null, admin)).path("tier")
                .asText());

        JsonNode keeping = small("ken@thompson.example.com", "Thompson Cable");
        HttpResponse<String> kept = request("POST", "/api/v1/demos/" + keeping.path("id").asText() + "/convert",
                conversion("Thompson Cable Inc", "thompson-cable.example.com", "PREMIUM", true), admin);
        assertEquals(202, kept.statusCode(), kept.body());
        assertEquals(0, read(kept).path("sampleDropped").size(), kept.body());
        awaitReady(read(kept).path("deploymentId").asText());
        String keeper = login(keeping);
        assertEquals(50, read(request("GET", "/api/v1/customers?limit=200", null, keeper)).path("items").size());
        // kept, its devices go on answering
        JsonNode devices = read(request("GET", "/api/v1/network/devices", null, keeper)).path("items");
        assertEquals(10, devices.size(), devices.toString());
        assertEquals("UP", read(request("POST", "/api/v1/network/devices/" + devices.get(0).path("id").asText()
                + "/poll", null, keeper)).path("status").asText());
    }

    /** PostgreSQL: a demo ended by an operator leaves no row in any table with {@code tenant_id}. */
    void destroyedDemoLeavesNothing(String database) throws Exception {
        JsonNode demo = small("edsger@dijkstra.example.com", "Dijkstra Networks");
        String tenantId = read(request("GET", "/api/v1/tenants/" + demo.path("tenant").asText(), null, admin))
                .path("id").asText();
        assertTrue(rowsOf(database, tenantId).values().stream().mapToInt(Integer::intValue).sum() > 200,
                "the sample data is there before");
        // the usage metering's daily storage measure (a scan of every tenant table) on PostgreSQL
        assertEquals(204, request("POST", "/api/v1/platform/usage/flush", "", admin).statusCode());
        JsonNode hours = read(request("GET", "/api/v1/platform/usage/" + demo.path("tenant").asText(), null, admin))
                .path("items");
        assertTrue(hours.size() >= 1 && hours.get(hours.size() - 1).path("storageBytes").asLong() > 10_000,
                "the demo's sample data takes room: " + hours);
        JsonNode ended = read(request("DELETE", "/api/v1/demos/" + demo.path("id").asText(), null, admin));
        assertEquals("EXPIRED", ended.path("status").asText(), ended.toString());
        Map<String, Integer> left = rowsOf(database, tenantId);
        assertTrue(left.size() > 30, "tables with tenant_id: " + left.keySet());
        assertEquals(0, left.values().stream().mapToInt(Integer::intValue).sum(), "rows left: " + left);
        try (Connection c = DriverManager.getConnection(PostgresDatabase.urlOf(database), PostgresDatabase.ADMIN_USER,
                PostgresDatabase.ADMIN_PASSWORD); PreparedStatement s = c.prepareStatement(
                        "SELECT COUNT(*) FROM dotmac_tenant WHERE id = ?")) {
            s.setString(1, tenantId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertEquals(0, r.getInt(1));
            }
        }
    }

    /** Rows of the tenant in every table of the database that has a {@code tenant_id} column (as the superuser). */
    private static Map<String, Integer> rowsOf(String database, String tenantId) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(PostgresDatabase.urlOf(database), PostgresDatabase.ADMIN_USER,
                PostgresDatabase.ADMIN_PASSWORD)) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT c.table_name FROM information_schema.columns c JOIN "
                    + "information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                    + "WHERE c.column_name = 'tenant_id' AND c.table_schema = 'public' AND t.table_type = 'BASE TABLE'");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            for (String t : tables) {
                try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + t + " WHERE tenant_id = ?")) {
                    s.setString(1, tenantId);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        out.put(t, r.getInt(1));
                    }
                }
            }
        }
        return out;
    }

    private static MimeMessage awaitMail(GreenMail smtp, String subject, String recipient) throws Exception {
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < deadline;) {
            for (MimeMessage m : smtp.getReceivedMessages()) {
                if (subject.equals(m.getSubject()) && recipient.equals(m.getAllRecipients()[0].toString())) {
                    return m;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no e-mail '" + subject + "' to " + recipient + " in 30 s");
    }
}
