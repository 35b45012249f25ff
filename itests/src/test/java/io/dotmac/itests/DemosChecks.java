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
