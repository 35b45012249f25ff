package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dotmac.platform.api.PluginDisabledException;
import io.dotmac.platform.api.PluginNotLicensedException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.Tier;

/**
 * Tenants, authentication and licensing through the real HTTP API: the platform operator's first password,
 * tenant management, token attacks, roles, tenant isolation, the live plugin catalogue, the licence filter
 * (layer 1), the tenant-scoped accessor (layer 2) and per-tenant activation. Checks live here, {@code @Test}
 * methods in each concrete class (see {@link HealthSuite}).
 */
public abstract class TenancySuite extends DotMacTestSupport {

    static final String PASSWORD = "correct-horse-battery";
    static final String BASE_DOMAIN = "isp.test";
    private static final ObjectMapper JSON = new ObjectMapper();


    /** The options these suites add: a base domain for Host subdomains. */
    protected static org.ops4j.pax.exam.Option tenancy() {
        return editConfigurationFilePut("etc/io.dotmac.tenant.cfg", "baseDomain", BASE_DOMAIN);
    }

    // ---- helpers ----

    protected String token(String tenant, String username) throws Exception {
        HttpResponse<String> r = login(tenant, username, PASSWORD);
        assertEquals(r.body(), 200, r.statusCode());
        return json(r).path("access_token").asText();
    }


    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected String tenantBody(String slug, String tier, String adminUser) {
        ObjectNode body = JSON.createObjectNode().put("name", "ISP " + slug).put("slug", slug).put("tier", tier);
        body.putObject("admin").put("username", adminUser).put("email", adminUser + "@" + slug + ".test")
                .put("password", PASSWORD);
        return body.toString();
    }

    /** Creates a tenant with first admin {@code boss}; returns its JSON. */
    protected JsonNode createTenant(String slug, String tier) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/tenants", tenantBody(slug, tier, "boss"),
                "Authorization", bearer(adminToken()));
        assertEquals(r.body(), 201, r.statusCode());
        return json(r);
    }

    protected HttpResponse<String> setTier(String tenantId, String tier) throws Exception {
        return send("PUT", "/api/v1/tenants/" + tenantId + "/tier", "{\"tier\":\"" + tier + "\"}",
                "Authorization", bearer(adminToken()));
    }

    /** Runs {@code call} in one transaction of the application's data source, bound to {@code tenantId}. */
    protected <T> T inTenantDb(String tenantId, SqlCall<T> call) throws Exception {
        DataSource ds = awaitService(DataSource.class, "(osgi.jndi.service.name=dotmac)");
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            bindTenant(c, tenantId);
            T result = call.run(c);
            c.commit();
            return result;
        }
    }

    @FunctionalInterface
    protected interface SqlCall<T> {
        T run(Connection c) throws Exception;
    }

    protected static long count(Connection c, String sql, Object... args) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** On PostgreSQL, binds the connection's current transaction to a tenant, as the application does. */
    protected static void bindTenant(Connection c, String tenantId) throws Exception {
        if ("PostgreSQL".equals(System.getProperty(DATABASE_PRODUCT))) {
            try (PreparedStatement s = c.prepareStatement("SELECT set_config('dotmac.tenant', ?, true)")) {
                s.setString(1, tenantId);
                s.execute();
            }
        }
    }

    /** Adds a user with {@code role} to a tenant, with the same password as its admin {@code boss}. */
    protected void addUser(String tenantId, String username, String role) throws Exception {
        DataSource ds = awaitService(DataSource.class, "(osgi.jndi.service.name=dotmac)");
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            bindTenant(c, tenantId);
            insertUser(c, tenantId, username, role);
            c.commit();
        }
    }

    private static void insertUser(Connection c, String tenantId, String username, String role) throws Exception {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO dotmac_user (id, tenant_id, username, email, password_hash, role, active, created_at, "
                        + "updated_at) SELECT ?, tenant_id, ?, email, password_hash, ?, TRUE, created_at, updated_at "
                        + "FROM dotmac_user WHERE tenant_id = ? AND username = 'boss'")) {
            s.setString(1, UUID.randomUUID().toString().replace("-", "").substring(0, 26));
            s.setString(2, username);
            s.setString(3, role);
            s.setString(4, tenantId);
            assertEquals(1, s.executeUpdate());
        }
    }

    /** Rows of a tenant-owned table an unscoped query sees on the application's connection, bound to {@code tenant}. */
    private static List<String> tenantIdsSeen(Connection c, String table, String tenant) throws Exception {
        c.setAutoCommit(false);
        try {
            if (tenant != null) {
                bindTenant(c, tenant);
            }
            List<String> seen = new java.util.ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT tenant_id FROM " + table);
                    java.sql.ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    seen.add(rs.getString(1));
                }
            }
            return seen;
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    protected void checkRowLevelSecurityShowsAnUnscopedQueryOnlyTheBoundTenantsRows() throws Exception {
        assumeDatabase();
        String slugA = unique("rls-a");
        String slugB = unique("rls-b");
        String a = createTenant(slugA, "FREE").path("id").asText();
        String b = createTenant(slugB, "FREE").path("id").asText();
        for (String slug : List.of(slugA, slugB)) {
            String t = bearer(token(slug, "boss"));
            HttpResponse<String> customer = send("POST", "/api/v1/customers", "{\"name\":\"Someone\",\"email\":"
                    + "\"someone@" + slug + ".test\"}", "Authorization", t);
            assertEquals(201, customer.statusCode());
            String customerId = json(customer).path("id").asText();
            HttpResponse<String> plan = send("POST", "/api/v1/plans", "{\"name\":\"Basic\",\"price\":\"9.99\","
                    + "\"currency\":\"USD\",\"billingPeriod\":\"MONTHLY\",\"downloadMbps\":50,\"uploadMbps\":10}",
                    "Authorization", t);
            assertEquals(201, plan.statusCode());
            assertEquals(201, send("POST", "/api/v1/subscriptions", "{\"customerId\":\"" + customerId + "\","
                    + "\"planId\":\"" + json(plan).path("id").asText() + "\",\"startDate\":\""
                    + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "\"}", "Authorization", t).statusCode());
            HttpResponse<String> invoice = send("POST", "/api/v1/invoices", "{\"customerId\":\"" + customerId
                    + "\",\"lines\":[{\"description\":\"Basic\",\"quantity\":\"1\",\"unitPrice\":\"9.99\","
                    + "\"taxRate\":\"0\"}]}", "Authorization", t);
            assertEquals(201, invoice.statusCode());
            String invoiceId = json(invoice).path("id").asText();
            assertEquals(200, send("POST", "/api/v1/invoices/" + invoiceId + "/issue", null, "Authorization", t)
                    .statusCode());
            assertEquals(201, send("POST", "/api/v1/invoices/" + invoiceId + "/payments", "{\"amount\":\"1\","
                    + "\"method\":\"CASH\"}", "Authorization", t).statusCode());
            HttpResponse<String> ticket = send("POST", "/api/v1/tickets", "{\"subject\":\"Down\",\"description\":"
                    + "\"No sync\",\"customerId\":\"" + customerId + "\"}", "Authorization", t);
            assertEquals(201, ticket.statusCode());
            assertEquals(201, send("POST", "/api/v1/tickets/" + json(ticket).path("id").asText() + "/comments",
                    "{\"body\":\"On it\"}", "Authorization", t).statusCode());
        }
        DataSource ds = awaitService(DataSource.class, "(osgi.jndi.service.name=dotmac)");
        // every table with a tenant_id, of every bundle booted, has row-level security enabled and forced
        for (String schema : List.of("tenant", "security", "licensing", "customers", "billing", "tickets",
                "automated_billing", "email_notifications", "network_monitoring", "advanced_reporting",
                "custom_integrations", "advanced_automation", "customer_portal", "online_payments", "radius_aaa")) {
            awaitService(io.dotmac.persistence.MigratedSchema.class, "(dotmac.schema=" + schema + ")");
        }
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("SELECT c.relname "
                + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a "
                + "ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped WHERE c.relkind = 'r' "
                + "AND n.nspname = current_schema() AND c.relname LIKE 'dotmac%' ORDER BY c.relname");
                ResultSet rs = s.executeQuery()) {
            List<String> tables = new java.util.ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
            assertTrue(tables.toString(), tables.containsAll(List.of("dotmac_report_schedule",
                    "dotmac_report_delivery", "dotmac_email_attachment", "dotmac_webhook_delivery",
                    "dotmac_customer", "dotmac_customer_session", "dotmac_online_payment", "dotmac_pay_link")));
            try (PreparedStatement unguarded = c.prepareStatement("SELECT c.relname FROM pg_class c JOIN "
                    + "pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid "
                    + "AND a.attname = 'tenant_id' AND NOT a.attisdropped WHERE c.relkind = 'r' "
                    + "AND n.nspname = current_schema() AND c.relname LIKE 'dotmac%' "
                    + "AND NOT (c.relrowsecurity AND c.relforcerowsecurity)"); ResultSet u = unguarded.executeQuery()) {
                List<String> open = new java.util.ArrayList<>();
                while (u.next()) {
                    open.add(u.getString(1));
                }
                assertEquals("tenant-owned tables without forced row-level security", List.of(), open);
            }
        }
        try (Connection c = ds.getConnection()) {
            for (String table : List.of("dotmac_user", "dotmac_limit_usage", "dotmac_customer", "dotmac_plan",
                    "dotmac_subscription", "dotmac_invoice", "dotmac_invoice_line", "dotmac_payment",
                    "dotmac_invoice_number", "dotmac_ticket", "dotmac_ticket_comment")) {
                List<String> seenByA = tenantIdsSeen(c, table, a);
                assertFalse(table, seenByA.isEmpty());
                assertEquals(table + " bound to A shows A's rows only", Set.of(a), new HashSet<>(seenByA));
                assertEquals(table + " bound to B", Set.of(b), new HashSet<>(tenantIdsSeen(c, table, b)));
                assertEquals(table + " bound to nobody shows nothing", List.of(), tenantIdsSeen(c, table, null));
            }
            // bound to A: B's rows can be neither changed nor written
            c.setAutoCommit(false);
            bindTenant(c, a);
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_user SET email = 'stolen@x.test' "
                    + "WHERE tenant_id = ?")) {
                s.setString(1, b);
                assertEquals(0, s.executeUpdate());
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_user (id, tenant_id, username, email, "
                    + "password_hash, role, active, created_at, updated_at) VALUES ('intruder00000000000000000', ?, "
                    + "'intruder', 'i@x.test', 'x', 'ISP_ADMIN', TRUE, now(), now())")) {
                s.setString(1, b);
                s.executeUpdate();
                fail("a row of tenant B was written while bound to tenant A");
            } catch (java.sql.SQLException expected) {
                assertContains(expected.getMessage(), "row-level security");
            }
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    protected static void assertProblem(HttpResponse<String> r, int status) throws Exception {
        assertEquals(r.body(), status, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertFalse("stack trace leaked: " + r.body(), r.body().contains("Exception") || r.body().contains("\tat "));
    }

    /** Installs and starts the test plugin (PREMIUM, one endpoint, one activation service). */
    protected Bundle installTestPlugin() throws Exception {
        Bundle plugin = bundleContext.installBundle(new File(System.getProperty("dotmac.testplugin")).toURI().toString());
        plugin.start();
        return plugin;
    }

    /** The test plugin's activation counts ({@code activate:<slug>} → calls). */
    @SuppressWarnings("unchecked")
    protected Map<String, Integer> activations() throws Exception {
        return ((Supplier<Map<String, Integer>>) awaitService(Supplier.class, "(dotmac.test=activations)")).get();
    }

    protected static String hs256(byte[] key, String header, String payload) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    // ---- checks ----

    protected void checkFirstOperatorHasAGeneratedOwnerOnlyPasswordAndNoDefault() throws Exception {
        assumeDatabase();
        awaitHealth(200, HealthSuite.BOOT);
        Path file = Path.of(System.getProperty("karaf.etc"), "admin.password");
        adminToken();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(adminPassword().length() >= 20);
        for (String guess : List.of("admin", "password", "karaf", "")) {
            HttpResponse<String> r = login(null, "admin", guess);
            assertTrue(r.body(), r.statusCode() == 401 || r.statusCode() == 422);
        }
        Path key = Path.of(System.getProperty("karaf.etc"), "dotmac-token.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }

    protected void checkPlatformOperatorManagesTenants() throws Exception {
        assumeDatabase();
        String admin = bearer(adminToken());
        String slug = unique("crud");
        HttpResponse<String> created = send("POST", "/api/v1/tenants", tenantBody(slug, "BASIC", "boss"),
                "Authorization", admin);
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode tenant = json(created);
        String id = tenant.path("id").asText();
        assertEquals(slug, tenant.path("slug").asText());
        assertEquals("BASIC", tenant.path("tier").asText());
        assertEquals("ACTIVE", tenant.path("status").asText());
        assertTrue(tenant.path("createdAt").isTextual());
        String location = created.headers().firstValue("Location").orElseThrow();
        assertTrue(location, location.endsWith("/api/v1/tenants/" + id));

        assertEquals(slug, json(get("/api/v1/tenants/" + id, "Authorization", admin)).path("slug").asText());
        assertEquals(id, json(get("/api/v1/tenants/" + slug, "Authorization", admin)).path("id").asText());

        HttpResponse<String> renamed = send("PATCH", "/api/v1/tenants/" + id, "{\"name\":\"Renamed ISP\"}",
                "Authorization", admin);
        assertEquals(renamed.body(), 200, renamed.statusCode());
        assertEquals("Renamed ISP", json(renamed).path("name").asText());

        HttpResponse<String> tier = setTier(id, "PREMIUM");
        assertEquals(tier.body(), 200, tier.statusCode());
        assertEquals("PREMIUM", json(tier).path("tier").asText());
        assertProblem(setTier(id, "GOLD"), 422);

        HttpResponse<String> duplicate = send("POST", "/api/v1/tenants", tenantBody(slug, "FREE", "other"),
                "Authorization", admin);
        assertProblem(duplicate, 409);

        HttpResponse<String> invalid = send("POST", "/api/v1/tenants",
                "{\"name\":\"\",\"slug\":\"No Spaces!\",\"tier\":\"GOLD\",\"admin\":{\"username\":\"x\","
                        + "\"email\":\"nope\",\"password\":\"short\"}}", "Authorization", admin);
        assertProblem(invalid, 422);
        Set<String> fields = new HashSet<>();
        json(invalid).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertEquals(Set.of("name", "slug", "tier", "admin.username", "admin.email", "admin.password"), fields);
        assertProblem(get("/api/v1/tenants/no-such-tenant", "Authorization", admin), 404);

        // pagination: pages of 2 walk every tenant exactly once, in a stable order
        createTenant(unique("page"), "FREE");
        createTenant(unique("page"), "FREE");
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(get("/api/v1/tenants?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    "Authorization", admin));
            assertTrue(page.path("items").size() <= 2);
            page.path("items").forEach(t -> assertTrue("listed twice", seen.add(t.path("id").asText())));
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
            pages++;
        } while (cursor != null && pages < 100);
        assertTrue(seen.contains(id));
        assertTrue(seen.size() >= 3);
        assertProblem(get("/api/v1/tenants?limit=0", "Authorization", admin), 422);
        assertProblem(get("/api/v1/tenants?cursor=bogus!", "Authorization", admin), 422);
    }

    protected void checkSuspendedTenantGets403AndHealthStaysOpen() throws Exception {
        assumeDatabase();
        String admin = bearer(adminToken());
        String slug = unique("susp");
        String id = createTenant(slug, "FREE").path("id").asText();
        String boss = bearer(token(slug, "boss"));
        assertEquals(200, get("/api/v1/tenant/license", "Authorization", boss).statusCode());

        HttpResponse<String> suspended = send("POST", "/api/v1/tenants/" + id + "/suspend", null,
                "Authorization", admin);
        assertEquals("SUSPENDED", json(suspended).path("status").asText());
        HttpResponse<String> refused = get("/api/v1/tenant/license", "Authorization", boss);
        assertProblem(refused, 403);
        assertContains(json(refused).path("detail").asText(), "suspended");
        assertProblem(login(slug, "boss", PASSWORD), 403);
        assertProblem(get("/api/v1/tenant/license", "Authorization", admin, "X-Tenant-ID", slug), 403);
        assertEquals(200, get("/api/v1/health").statusCode());

        send("POST", "/api/v1/tenants/" + id + "/resume", null, "Authorization", admin);
        assertEquals(200, get("/api/v1/tenant/license", "Authorization", boss).statusCode());
    }

    protected void checkTokenAttacksAreRefused() throws Exception {
        assumeDatabase();
        String slug = unique("tok");
        createTenant(slug, "FREE");
        String good = token(slug, "boss");
        String[] parts = good.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        byte[] key = Base64.getDecoder().decode(Files.readString(
                Path.of(System.getProperty("karaf.etc"), "dotmac-token.key")).trim());
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + parts[1] + ".";
        byte[] otherKey = new byte[32];
        new java.security.SecureRandom().nextBytes(otherKey);
        ObjectNode claims = (ObjectNode) JSON.readTree(payload);
        long now = System.currentTimeMillis() / 1000;
        claims.put("iat", now - 7200).put("exp", now - 3600);
        String expired = hs256(key, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims.toString());
        ObjectNode promoted = (ObjectNode) JSON.readTree(payload);
        promoted.put("role", "platform_admin");
        promoted.remove("tenant");
        String tampered = parts[0] + "." + b64.encodeToString(promoted.toString().getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        Map<String, String> attacks = Map.of(
                "no header", "",
                "garbage", "Bearer not-a-token",
                "basic scheme", "Basic YWRtaW46YWRtaW4=",
                "alg none", bearer(none),
                "alg none with the real signature", bearer(none + parts[2]),
                "wrong key", bearer(hs256(otherKey, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload)),
                "expired", bearer(expired),
                "tampered payload", bearer(tampered));
        for (Map.Entry<String, String> attack : attacks.entrySet()) {
            HttpResponse<String> r = attack.getValue().isEmpty() ? get("/api/v1/tenant/license")
                    : get("/api/v1/tenant/license", "Authorization", attack.getValue());
            assertEquals(attack.getKey() + ": " + r.body(), 401, r.statusCode());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
            assertTrue(attack.getKey(), r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        }
        assertEquals(200, get("/api/v1/tenant/license", "Authorization", bearer(good)).statusCode());
        // what a browser asks for: without a token still 401 problem+json (not 406)
        HttpResponse<String> browser = get("/api/v1/tenant/license", "Accept", "text/html,application/xhtml+xml");
        assertEquals(browser.body(), 401, browser.statusCode());
        assertEquals("application/problem+json", browser.headers().firstValue("Content-Type").orElse(""));
        assertProblem(login(slug, "boss", "wrong-password-123"), 401);
        assertProblem(login(slug, "nobody", PASSWORD), 401);
        assertProblem(login("no-such-tenant", "boss", PASSWORD), 401);
    }

    protected void checkFailedLoginsAreThrottled() throws Exception {
        assumeDatabase();
        String slug = unique("guess");
        createTenant(slug, "FREE");
        for (int i = 0; i < 5; i++) {
            assertProblem(login(slug, "boss", "wrong-password-" + i), 401);
        }
        // the sixth try waits, even with the right password: refused before any password is checked
        HttpResponse<String> throttled = login(slug, "boss", PASSWORD);
        assertProblem(throttled, 429);
        long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElse("0"));
        assertTrue(throttled.body(), retryAfter >= 1 && retryAfter <= 2);
        assertEquals(retryAfter, json(throttled).path("retryAfterSeconds").asLong());
        // another account from the same address is not held up by it
        assertEquals(200, login(null, "admin", adminPassword()).statusCode());
        // the wait is over: the owner logs in, and the count starts again
        Thread.sleep(retryAfter * 1000 + 200);
        assertEquals(200, login(slug, "boss", PASSWORD).statusCode());
        assertProblem(login(slug, "boss", "wrong-password-again"), 401);
    }

    protected void checkTenantUsersStayInsideTheirTenant() throws Exception {
        assumeDatabase();
        String a = unique("iso-a");
        String b = unique("iso-b");
        createTenant(a, "PREMIUM");
        String bId = createTenant(b, "PREMIUM").path("id").asText();
        String tokenA = bearer(token(a, "boss"));

        // another tenant's id or slug in X-Tenant-ID, or its subdomain in Host
        assertProblem(get("/api/v1/tenant/license", "Authorization", tokenA, "X-Tenant-ID", b), 403);
        assertProblem(get("/api/v1/tenant/license", "Authorization", tokenA, "X-Tenant-ID", bId), 403);
        assertProblem(get("/api/v1/tenant/plugins", "Authorization", tokenA, "X-Tenant-ID", b), 403);
        assertProblem(send("PUT", "/api/v1/tenant/plugins/test_plugin", "{\"enabled\":false}",
                "Authorization", tokenA, "X-Tenant-ID", b), 403);
        // its own slug in the header is fine
        assertEquals(200, get("/api/v1/tenant/license", "Authorization", tokenA, "X-Tenant-ID", a).statusCode());
        // platform endpoints are closed to tenant users
        assertProblem(get("/api/v1/tenants", "Authorization", tokenA), 403);
        assertProblem(get("/api/v1/tenants/" + bId, "Authorization", tokenA), 403);
        assertProblem(send("POST", "/api/v1/tenants/" + bId + "/suspend", null, "Authorization", tokenA), 403);
        assertProblem(setTierAs(tokenA, bId, "ENTERPRISE"), 403);
        // a platform operator acts for a tenant by header; an unknown one is a 404
        String admin = bearer(adminToken());
        assertEquals(200, get("/api/v1/tenant/license", "Authorization", admin, "X-Tenant-ID", b).statusCode());
        assertProblem(get("/api/v1/tenant/license", "Authorization", admin, "X-Tenant-ID", "no-such-isp"), 404);
        assertProblem(get("/api/v1/tenant/license", "Authorization", admin), 422);
    }

    private HttpResponse<String> setTierAs(String token, String id, String tier) throws Exception {
        return send("PUT", "/api/v1/tenants/" + id + "/tier", "{\"tier\":\"" + tier + "\"}", "Authorization", token);
    }

    protected void checkRolesLimitWhatTenantUsersMayDo() throws Exception {
        assumeDatabase();
        String slug = unique("roles");
        String id = createTenant(slug, "PREMIUM").path("id").asText();
        addUser(id, "reader", "ISP_READONLY");
        addUser(id, "staff", "ISP_STAFF");
        Bundle plugin = installTestPlugin();
        try {
            await("the plugin in the catalogue", Duration.ofSeconds(30), () -> get("/api/v1/tenant/plugins",
                    "Authorization", bearer(token(slug, "boss"))).body().contains("test_plugin"));
            for (String user : List.of("reader", "staff")) {
                String t = bearer(token(slug, user));
                assertEquals(user, 200, get("/api/v1/tenant/plugins", "Authorization", t).statusCode());
                HttpResponse<String> r = send("PUT", "/api/v1/tenant/plugins/test_plugin", "{\"enabled\":false}",
                        "Authorization", t);
                assertProblem(r, 403);
            }
            HttpResponse<String> boss = send("PUT", "/api/v1/tenant/plugins/test_plugin", "{\"enabled\":false}",
                    "Authorization", bearer(token(slug, "boss")));
            assertEquals(boss.body(), 200, boss.statusCode());
            assertFalse(json(boss).path("enabled").asBoolean());
        } finally {
            plugin.uninstall();
        }
    }

    protected void checkCatalogueFollowsThePluginAndTheFilterFollowsTheTier() throws Exception {
        assumeDatabase();
        String free = unique("free");
        String premium = unique("prem");
        String freeId = createTenant(free, "FREE").path("id").asText();
        createTenant(premium, "PREMIUM");
        String freeToken = bearer(token(free, "boss"));
        String premiumToken = bearer(token(premium, "boss"));
        String admin = bearer(adminToken());
        assertFalse(get("/api/v1/plugins", "Authorization", admin).body().contains("test_plugin"));

        Bundle plugin = installTestPlugin();
        try {
            await("the plugin in the catalogue", Duration.ofSeconds(30), () -> {
                for (JsonNode p : json(get("/api/v1/plugins", "Authorization", freeToken))) {
                    if (p.path("id").asText().equals("test_plugin")) {
                        return "PREMIUM".equals(p.path("tier").asText()) && "1.4.2".equals(p.path("version").asText())
                                && "Test plugin".equals(p.path("name").asText())
                                && "ACTIVE".equals(p.path("state").asText());
                    }
                }
                return false;
            });
            await("the plugin's endpoint", Duration.ofSeconds(30),
                    () -> get("/api/v1/test-plugin/hello", "Authorization", premiumToken).statusCode() == 200);
            assertEquals(premium, json(get("/api/v1/test-plugin/hello", "Authorization", premiumToken))
                    .path("tenant").asText());

            HttpResponse<String> refused = get("/api/v1/test-plugin/hello", "Authorization", freeToken);
            assertProblem(refused, 403);
            JsonNode problem = json(refused);
            assertEquals("Plugin 'test_plugin' requires PREMIUM tier or higher", problem.path("title").asText());
            assertEquals("test_plugin", problem.path("plugin").asText());
            assertEquals("PREMIUM", problem.path("requiredTier").asText());
            assertEquals("FREE", problem.path("currentTier").asText());

            JsonNode view = pluginView(freeToken);
            assertEquals("PREMIUM", view.path("requiredTier").asText());
            assertFalse(view.path("entitled").asBoolean());
            assertTrue(view.path("enabled").asBoolean());
            assertFalse(view.path("active").asBoolean());
            HttpResponse<String> enable = send("PUT", "/api/v1/tenant/plugins/test_plugin", "{\"enabled\":true}",
                    "Authorization", freeToken);
            assertProblem(enable, 403);
            assertEquals("Plugin 'test_plugin' requires PREMIUM tier or higher", json(enable).path("title").asText());
            assertProblem(send("PUT", "/api/v1/tenant/plugins/no_such_plugin", "{\"enabled\":true}",
                    "Authorization", freeToken), 404);
            assertProblem(send("PUT", "/api/v1/tenant/plugins/test_plugin", "{}", "Authorization", freeToken), 422);

            // tier up: allowed at once, activated exactly once; tier down: refused at once, deactivated once
            await("the premium tenant activated", Duration.ofSeconds(20),
                    () -> activations().getOrDefault("activate:" + premium, 0) == 1);
            assertEquals(0, (int) activations().getOrDefault("activate:" + free, 0));
            assertEquals(200, setTier(freeId, "PREMIUM").statusCode());
            assertEquals(200, get("/api/v1/test-plugin/hello", "Authorization", freeToken).statusCode());
            await("activate called for the upgraded tenant", Duration.ofSeconds(20),
                    () -> activations().getOrDefault("activate:" + free, 0) == 1);
            assertTrue(pluginView(freeToken).path("active").asBoolean());
            assertEquals(200, setTier(freeId, "FREE").statusCode());
            assertProblem(get("/api/v1/test-plugin/hello", "Authorization", freeToken), 403);
            await("deactivate called for the downgraded tenant", Duration.ofSeconds(20),
                    () -> activations().getOrDefault("deactivate:" + free, 0) == 1);
            assertEquals(1, (int) activations().getOrDefault("activate:" + free, 0));

            // switched off by the ISP: 403 saying so, and deactivated; on again: back
            HttpResponse<String> off = send("PUT", "/api/v1/tenant/plugins/test_plugin", "{\"enabled\":false}",
                    "Authorization", premiumToken);
            assertEquals(off.body(), 200, off.statusCode());
            HttpResponse<String> disabled = get("/api/v1/test-plugin/hello", "Authorization", premiumToken);
            assertProblem(disabled, 403);
            assertContains(json(disabled).path("title").asText(), "disabled");
            await("deactivate called for the tenant that switched it off", Duration.ofSeconds(20),
                    () -> activations().getOrDefault("deactivate:" + premium, 0) == 1);
            send("PUT", "/api/v1/tenant/plugins/test_plugin", "{\"enabled\":true}", "Authorization", premiumToken);
            assertEquals(200, get("/api/v1/test-plugin/hello", "Authorization", premiumToken).statusCode());
        } finally {
            plugin.uninstall();
        }
        await("the plugin to leave the catalogue", Duration.ofSeconds(30),
                () -> !get("/api/v1/plugins", "Authorization", admin).body().contains("test_plugin"));
        await("its endpoint to go", Duration.ofSeconds(30),
                () -> get("/api/v1/test-plugin/hello", "Authorization", premiumToken).statusCode() == 404);
    }

    private JsonNode pluginView(String token) throws Exception {
        for (JsonNode p : json(get("/api/v1/tenant/plugins", "Authorization", token))) {
            if ("test_plugin".equals(p.path("id").asText())) {
                return p;
            }
        }
        fail("test_plugin is not in the tenant's plugin list");
        return null;
    }

    protected void checkServiceAccessorRefusesPluginsTheTenantMayNotUse() throws Exception {
        assumeDatabase();
        String free = unique("acc-free");
        String premium = unique("acc-prem");
        JsonNode f = createTenant(free, "FREE");
        JsonNode p = createTenant(premium, "PREMIUM");
        TenantServices services = awaitService(TenantServices.class, null);
        TenantRef freeRef = new TenantRef(f.path("id").asText(), free, Tier.FREE);
        TenantRef premiumRef = new TenantRef(p.path("id").asText(), premium, Tier.PREMIUM);
        Bundle plugin = installTestPlugin();
        try {
            await("the test plugin's service", Duration.ofSeconds(30),
                    () -> services.service(premiumRef, "test_plugin", Supplier.class).isPresent());
            try {
                services.service(freeRef, "test_plugin", Supplier.class);
                fail("a FREE tenant reached a PREMIUM plugin's service");
            } catch (PluginNotLicensedException expected) {
                assertEquals(Tier.PREMIUM, expected.requiredTier());
                assertEquals(Tier.FREE, expected.currentTier());
            }
            send("PUT", "/api/v1/tenant/plugins/test_plugin", "{\"enabled\":false}",
                    "Authorization", bearer(token(premium, "boss")));
            try {
                services.check(premiumRef, "test_plugin");
                fail("a switched-off plugin was allowed");
            } catch (PluginDisabledException expected) {
                assertEquals("test_plugin", expected.plugin());
            }
        } finally {
            plugin.uninstall();
        }
    }

    protected void checkAnAddOnEntitlesAPluginAboveTheTierAtOnceUntilItEnds() throws Exception {
        assumeDatabase();
        String admin = bearer(adminToken());
        String slug = unique("addon");
        JsonNode t = createTenant(slug, "FREE");
        String boss = bearer(token(slug, "boss"));
        TenantServices services = awaitService(TenantServices.class, null);
        TenantRef ref = new TenantRef(t.path("id").asText(), slug, Tier.FREE);
        Bundle plugin = installTestPlugin();
        try {
            await("the test plugin in the catalogue", Duration.ofSeconds(30), () -> get("/api/v1/plugins",
                    "Authorization", admin).body().contains("test_plugin"));
            assertProblem(get("/api/v1/test-plugin/hello", "Authorization", boss), 403);
            // only the operator grants; a plugin or a tenant that is not there is named
            assertProblem(send("PUT", "/api/v1/plugins/test_plugin/addons/" + slug, null, "Authorization", boss), 403);
            assertProblem(send("PUT", "/api/v1/plugins/no_such/addons/" + slug, null, "Authorization", admin), 404);
            assertProblem(send("PUT", "/api/v1/plugins/test_plugin/addons/no-such-isp", null, "Authorization", admin),
                    404);

            // granted: the FREE tenant uses the PREMIUM plugin at once, in every layer, and it is activated for it
            HttpResponse<String> granted = send("PUT", "/api/v1/plugins/test_plugin/addons/" + slug, null,
                    "Authorization", admin);
            assertEquals(granted.body(), 200, granted.statusCode());
            assertEquals("operator", json(granted).path("source").asText());
            assertTrue(granted.body(), json(granted).path("endsAt").isMissingNode());
            assertEquals(200, get("/api/v1/test-plugin/hello", "Authorization", boss).statusCode());
            assertTrue(services.service(ref, "test_plugin", Supplier.class).isPresent());
            await("the plugin activated for the tenant", Duration.ofSeconds(10),
                    () -> activations().getOrDefault("activate:" + slug, 0) == 1);
            JsonNode mine = json(get("/api/v1/tenant/addons", "Authorization", boss));
            assertEquals(1, mine.size());
            assertEquals("test_plugin", mine.get(0).path("plugin").asText());
            assertContains(get("/api/v1/plugins/test_plugin/addons", "Authorization", admin).body(), ref.id());
            assertContains(shell("dotmac:addon-list test_plugin"), slug);

            // cancelled for the end of the month: it runs on until the first of next month (UTC)
            assertProblem(send("DELETE", "/api/v1/plugins/test_plugin/addons/" + slug + "?at=TOMORROW", null,
                    "Authorization", admin), 422);
            HttpResponse<String> ending = send("DELETE", "/api/v1/plugins/test_plugin/addons/" + slug, null,
                    "Authorization", admin);
            assertEquals(ending.body(), 200, ending.statusCode());
            java.time.Instant firstOfNextMonth = java.time.LocalDate.now(java.time.ZoneOffset.UTC).withDayOfMonth(1)
                    .plusMonths(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            assertEquals(firstOfNextMonth, java.time.Instant.parse(json(ending).path("endsAt").asText()));
            assertEquals(200, get("/api/v1/test-plugin/hello", "Authorization", boss).statusCode());

            // cancelled now (here through the shell): refused at once and deactivated
            assertContains(shell("dotmac:addon-cancel --now " + slug + " test_plugin"), "ended");
            assertProblem(get("/api/v1/test-plugin/hello", "Authorization", boss), 403);
            await("the plugin deactivated for the tenant", Duration.ofSeconds(10),
                    () -> activations().getOrDefault("deactivate:" + slug, 0) == 1);
            assertEquals(0, json(get("/api/v1/tenant/addons", "Authorization", boss)).size());
            assertProblem(send("DELETE", "/api/v1/plugins/test_plugin/addons/" + slug + "?at=NOW", null,
                    "Authorization", admin), 404);
            // and granted again from the shell
            assertContains(shell("dotmac:addon-grant " + slug + " test_plugin"), "has add-on test_plugin");
            assertEquals(200, get("/api/v1/test-plugin/hello", "Authorization", boss).statusCode());
        } finally {
            plugin.uninstall();
        }
    }

    protected void checkTenantLicenseShowsTierPriceAndLimit() throws Exception {
        assumeDatabase();
        String slug = unique("lic");
        String id = createTenant(slug, "BASIC").path("id").asText();
        String t = bearer(token(slug, "boss"));
        JsonNode license = json(get("/api/v1/tenant/license", "Authorization", t));
        assertEquals("BASIC", license.path("tier").asText());
        assertEquals("49.00", license.path("monthlyPrice").asText());
        assertEquals("USD", license.path("currency").asText());
        assertEquals(1000, license.path("customerLimit").asLong());
        assertEquals(0, license.path("customerCount").asLong());
        setTier(id, "ENTERPRISE");
        JsonNode enterprise = json(get("/api/v1/tenant/license", "Authorization", t));
        assertEquals("399.00", enterprise.path("monthlyPrice").asText());
        assertEquals("ENTERPRISE", enterprise.path("tier").asText());
        assertTrue("unlimited: no customerLimit", enterprise.path("customerLimit").isMissingNode());
    }

    /** GET with a Host header of our choosing (java.net.http refuses to set Host), over a plain socket. */
    protected int statusWithHost(String path, String host, String authorization) throws Exception {
        int port = Integer.parseInt(System.getProperty(HTTP_PORT));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + authorization
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    protected void checkHostSubdomainNamesTheTenant() throws Exception {
        assumeDatabase();
        String a = unique("host-a");
        String b = unique("host-b");
        createTenant(a, "FREE");
        createTenant(b, "FREE");
        String admin = bearer(adminToken());
        String tokenA = bearer(token(a, "boss"));
        // a platform operator acts for the tenant its Host names
        assertEquals(200, statusWithHost("/api/v1/tenant/license", b + "." + BASE_DOMAIN, admin));
        assertEquals(404, statusWithHost("/api/v1/tenant/license", "nobody-here." + BASE_DOMAIN, admin));
        // a Host outside the base domain names no tenant
        assertEquals(422, statusWithHost("/api/v1/tenant/license", "127.0.0.1", admin));
        // a tenant user on its own subdomain is fine, on another tenant's it is refused
        assertEquals(200, statusWithHost("/api/v1/tenant/license", a + "." + BASE_DOMAIN + ":8181", tokenA));
        assertEquals(403, statusWithHost("/api/v1/tenant/license", b + "." + BASE_DOMAIN, tokenA));
    }

    // ---- shell ----

    /** Runs a Karaf shell command in a fresh session; returns what it printed, and "ERROR: message" if it failed. */
    protected String shell(String command) throws Exception {
        org.apache.karaf.shell.api.console.SessionFactory factory =
                awaitService(org.apache.karaf.shell.api.console.SessionFactory.class, null);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
        org.apache.karaf.shell.api.console.Session session =
                factory.create(new java.io.ByteArrayInputStream(new byte[0]), out, out);
        try {
            session.execute(command);
        } catch (Exception e) {
            out.println("ERROR: " + e.getMessage());
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    protected void checkShellCommandsUseTheSameServicesAndMessages() throws Exception {
        assumeDatabase();
        adminToken();
        String slug = unique("sh");
        String created = shell("dotmac:tenant-create --tier BASIC --admin boss --email boss@" + slug + ".test --password "
                + PASSWORD + " " + slug + " 'Shell ISP'");
        assertContains(created, "Created tenant " + slug);
        assertContains(shell("dotmac:tenant-list"), slug);
        // the tenant made in the shell logs in through the API
        String boss = bearer(token(slug, "boss"));
        assertEquals("BASIC", json(get("/api/v1/tenant/license", "Authorization", boss)).path("tier").asText());

        assertContains(shell("dotmac:tenant-create --email x@y.test --password " + PASSWORD + " " + slug + " Again"),
                "A tenant with slug '" + slug + "' already exists");
        String invalid = shell("dotmac:tenant-create --tier GOLD --email nope --password short Bad_Slug x");
        assertContains(invalid, "'slug' must be 3 to 40 characters");
        assertContains(invalid, "'tier' must be one of FREE, BASIC, PREMIUM, ENTERPRISE");
        assertContains(invalid, "'admin.password' must be at least 10 characters");
        assertContains(shell("dotmac:tenant-tier " + slug + " GOLD"), "'tier' must be one of");
        assertContains(shell("dotmac:tenant-tier " + slug + " PREMIUM"), "is now at tier PREMIUM");
        assertEquals("PREMIUM", json(get("/api/v1/tenant/license", "Authorization", boss)).path("tier").asText());
        assertContains(shell("dotmac:tenant-tier no-such-isp PREMIUM"), "No tenant 'no-such-isp'");

        Bundle plugin = installTestPlugin();
        try {
            String catalogue = shell("dotmac:plugin-list");
            assertContains(catalogue, "test_plugin");
            assertContains(catalogue, "1.4.2");
            assertContains(shell("dotmac:plugin-list --tenant " + slug), "test_plugin");
            assertContains(shell("dotmac:plugin-disable " + slug + " test_plugin"), "is disabled");
            assertFalse(pluginView(boss).path("enabled").asBoolean());
            assertContains(shell("dotmac:plugin-enable " + slug + " test_plugin"), "is enabled");
            assertTrue(pluginView(boss).path("enabled").asBoolean());
            shell("dotmac:tenant-tier " + slug + " FREE");
            assertContains(shell("dotmac:plugin-enable " + slug + " test_plugin"),
                    "Plugin 'test_plugin' requires PREMIUM tier or higher");
            assertContains(shell("dotmac:plugin-enable " + slug + " no_such_plugin"), "No plugin 'no_such_plugin'");
        } finally {
            plugin.uninstall();
        }

        assertContains(shell("dotmac:license-show"), "Instance licence: ENTERPRISE");
        assertContains(shell("dotmac:license-set GOLD"), "'tier' must be one of");
        assertContains(shell("dotmac:tenant-suspend " + slug), "SUSPENDED");
        assertProblem(get("/api/v1/tenant/license", "Authorization", boss), 403);
        assertContains(shell("dotmac:tenant-resume " + slug), "ACTIVE");
        assertEquals(200, get("/api/v1/tenant/license", "Authorization", boss).statusCode());
    }

    // ---- instance licence (layer 3) ----

    /** Records bundle events of every bundle but {@code except}: core bundles must see none. */
    protected static final class CoreBundleWatch implements org.osgi.framework.SynchronousBundleListener {
        private final java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.Set<String> except;

        /** Records what happens to every bundle but {@code exceptSymbolicNames}. */
        CoreBundleWatch(String... exceptSymbolicNames) {
            this.except = java.util.Set.of(exceptSymbolicNames);
        }

        @Override
        public void bundleChanged(org.osgi.framework.BundleEvent event) {
            if (!except.contains(event.getBundle().getSymbolicName())) {
                events.add(event.getBundle().getSymbolicName() + " type " + event.getType());
            }
        }

        java.util.List<String> events() {
            return events;
        }
    }

    private Map<Long, String> bundleIds() {
        Map<Long, String> ids = new java.util.TreeMap<>();
        for (Bundle b : bundleContext.getBundles()) {
            if (!"io.dotmac.testplugin".equals(b.getSymbolicName()) && b.getBundleId() != bundleContext.getBundle().getBundleId()) {
                ids.put(b.getBundleId(), b.getSymbolicName() + " " + b.getState());
            }
        }
        return ids;
    }

    private HttpResponse<String> setInstanceLicense(String tier) throws Exception {
        return send("PUT", "/api/v1/instance/license", "{\"tier\":\"" + tier + "\"}", "Authorization",
                bearer(adminToken()));
    }

    protected void checkInstanceLicenseHidesPluginsAboveItWithoutRestartingAnythingElse() throws Exception {
        assumeDatabase();
        String admin = bearer(adminToken());
        String slug = unique("inst");
        JsonNode tenant = createTenant(slug, "ENTERPRISE");
        String boss = bearer(token(slug, "boss"));
        TenantRef ref = new TenantRef(tenant.path("id").asText(), slug, Tier.ENTERPRISE);
        TenantServices services = awaitService(TenantServices.class, null);
        assertEquals("ENTERPRISE", json(get("/api/v1/instance/license", "Authorization", admin)).path("tier").asText());
        assertProblem(get("/api/v1/instance/license", "Authorization", boss), 403);
        assertProblem(setInstanceLicense("GOLD"), 422);

        Bundle plugin = installTestPlugin();
        // the plugins above BASIC: the test plugin and our own PREMIUM ones, whose services layer 3 re-registers
        List<String> aboveBasic = List.of("io.dotmac.testplugin", "io.dotmac.snmp", "io.dotmac.network.monitoring",
                "io.dotmac.reporting.advanced", "io.dotmac.integrations", "io.dotmac.automation",
                "io.dotmac.white-label", "io.dotmac.sla-management");
        CoreBundleWatch watch = new CoreBundleWatch(aboveBasic.toArray(new String[0]));
        try {
            await("the plugin's endpoint", Duration.ofSeconds(30),
                    () -> get("/api/v1/test-plugin/hello", "Authorization", boss).statusCode() == 200);
            Map<Long, String> before = bundleIds();
        long builds = applicationBuilds();
            bundleContext.addBundleListener(watch);

            assertEquals(200, setInstanceLicense("BASIC").statusCode());
            assertEquals("BASIC", json(get("/api/v1/instance/license", "Authorization", admin)).path("tier").asText());
            await("the endpoint of a plugin above the licence to vanish", Duration.ofSeconds(30),
                    () -> get("/api/v1/test-plugin/hello", "Authorization", boss).statusCode() == 404);
            // installed but inert: in the catalogue, its services hidden from other bundles, nobody entitled
            assertContains(get("/api/v1/plugins", "Authorization", admin).body(), "test_plugin");
            assertFalse(pluginView(boss).path("entitled").asBoolean());
            await("its services to be hidden", Duration.ofSeconds(30), () -> bundleContext.getServiceReferences(
                    Supplier.class, "(dotmac.test=activations)").isEmpty());
            try {
                services.check(ref, "test_plugin");
                fail("a plugin above the instance licence was allowed");
            } catch (PluginNotLicensedException expected) {
                // the tenant's own tier, and the instance licence as what refuses: never the licence as its tier
                assertEquals(Tier.ENTERPRISE, expected.currentTier());
                assertEquals(Tier.BASIC, expected.instanceTier());
                assertContains(expected.getMessage(), "this instance is licensed up to BASIC");
            }
            assertContains(shell("dotmac:license-show"), "Instance licence: BASIC");

            assertContains(shell("dotmac:license-set ENTERPRISE"), "Instance licence: ENTERPRISE");
            await("the endpoint to come back", Duration.ofSeconds(30),
                    () -> get("/api/v1/test-plugin/hello", "Authorization", boss).statusCode() == 200);
            assertTrue(services.service(ref, "test_plugin", Supplier.class).isPresent());

            bundleContext.removeBundleListener(watch);
            assertEquals("no bundle but the plugins above the licence may stop, start or refresh", List.of(),
                    watch.events());
            await("every bundle as before", Duration.ofSeconds(30), () -> before.equals(bundleIds()));
        } finally {
            bundleContext.removeBundleListener(watch);
            setInstanceLicense("ENTERPRISE");
            plugin.uninstall();
        }
    }

    // ---- runtime install through the features service ----

    /** A features repository with the test plugin's feature {@code dotmac-test-plugin}. */
    protected java.net.URI testPluginRepository() throws Exception {
        Path file = Path.of(System.getProperty("karaf.data"), "dotmac-itest-features.xml");
        String jar = new File(System.getProperty("dotmac.testplugin")).toURI().toString();
        Files.writeString(file, "<features xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\" "
                + "name=\"dotmac-itest\">\n  <feature name=\"dotmac-test-plugin\" version=\"1.4.2\">\n"
                + "    <bundle>" + jar + "</bundle>\n  </feature>\n</features>\n", StandardCharsets.UTF_8);
        return file.toUri();
    }

    private static long heapAfterGc() {
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            memory.gc();
            min = Math.min(min, memory.getHeapMemoryUsage().getUsed());
        }
        return min;
    }

    /**
     * How many CXF servers were built so far, from the instance's log: CXF logs one line per server it publishes,
     * and the JAX-RS whiteboard builds a new server each time it rebuilds an application.
     */
    protected static long applicationBuilds() throws IOException {
        Path log = Path.of(System.getProperty("karaf.log"), "karaf.log");
        try (java.util.stream.Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("Setting the server's publish address to be")).count();
        }
    }

    protected void checkPluginInstallCyclesRefreshNothingAndDropNoRequest(int cycles) throws Exception {
        assumeDatabase();
        String core = unique("core");
        String premium = unique("cyc");
        createTenant(core, "FREE");
        createTenant(premium, "PREMIUM");
        String coreToken = bearer(token(core, "boss"));
        String premiumToken = bearer(token(premium, "boss"));
        org.apache.karaf.features.FeaturesService features =
                awaitService(org.apache.karaf.features.FeaturesService.class, null);
        features.addRepository(testPluginRepository());
        io.dotmac.licensing.PluginInstaller installer = awaitService(io.dotmac.licensing.PluginInstaller.class, null);
        io.dotmac.licensing.Licensing licensing = awaitService(io.dotmac.licensing.Licensing.class, null);

        // first cycle: the catalogue and the endpoint follow the feature
        installer.install("dotmac-test-plugin");
        assertTrue(licensing.plugin("test_plugin").isPresent());
        await("the plugin's endpoint", Duration.ofSeconds(30),
                () -> get("/api/v1/test-plugin/hello", "Authorization", premiumToken).statusCode() == 200);
        installer.uninstall("dotmac-test-plugin");
        assertFalse(licensing.plugin("test_plugin").isPresent());
        await("the endpoint to go", Duration.ofSeconds(30),
                () -> get("/api/v1/test-plugin/hello", "Authorization", premiumToken).statusCode() == 404);
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread client = new Thread(() -> {
            // a core resource and another plugin's endpoint (through the dispatcher), in turn
            String[] paths = {"/api/v1/tenant/license", "/api/v1/customers"};
            for (int n = 0; running.get(); n++) {
                try {
                    HttpResponse<String> r = get(paths[n % 2], "Authorization", coreToken);
                    if (r.statusCode() == 200) {
                        ok.incrementAndGet();
                    } else {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }, "core-tenant-client");
        Map<Long, String> before = bundleIds();
        long builds = applicationBuilds();
        CoreBundleWatch watch = new CoreBundleWatch("io.dotmac.testplugin");
        bundleContext.addBundleListener(watch);
        client.start();
        long heapBefore;
        long started;
        try {
            // warm-up under the same load, so caches and pools are full before the heap baseline
            for (int i = 0; i < 10; i++) {
                installer.install("dotmac-test-plugin");
                installer.uninstall("dotmac-test-plugin");
            }
            heapBefore = heapAfterGc();
            started = System.nanoTime();
            for (int i = 0; i < cycles; i++) {
                installer.install("dotmac-test-plugin");
                assertTrue(licensing.plugin("test_plugin").isPresent());
                installer.uninstall("dotmac-test-plugin");
                assertFalse(licensing.plugin("test_plugin").isPresent());
            }
        } finally {
            running.set(false);
            client.join(30_000);
            bundleContext.removeBundleListener(watch);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long heapAfter = heapAfterGc();
        System.out.printf("%d install/uninstall cycles in %d ms; %d core requests ok, %d failed; heap after GC "
                + "%d -> %d KB%n", cycles, millis, ok.get(), failures.size(), heapBefore / 1024, heapAfter / 1024);
        assertEquals("failed core requests: " + failures.stream().limit(5).toList(), 0, failures.size());
        assertTrue("the core tenant kept being served", ok.get() > cycles);
        assertEquals("no core bundle may stop, start or refresh", List.of(), watch.events());
        assertEquals("the REST application is never rebuilt", builds, applicationBuilds());
        assertEquals(before, bundleIds());
        assertTrue("heap after GC grew by " + (heapAfter - heapBefore) / 1024 + " KB over " + cycles + " cycles",
                heapAfter - heapBefore < 2L * 1024 * 1024);
    }

    // ---- limits and reconciliation ----

    protected void checkLimitReservationIsAtomicUnderConcurrency() throws Exception {
        assumeDatabase();
        String slug = unique("lim");
        JsonNode tenant = createTenant(slug, "FREE");
        TenantRef ref = new TenantRef(tenant.path("id").asText(), slug, Tier.FREE);
        io.dotmac.platform.api.LimitService limits = awaitService(io.dotmac.platform.api.LimitService.class, null);
        long max = limits.maximum(Tier.FREE, io.dotmac.platform.api.LimitService.CUSTOMERS);
        assertEquals(100, max);
        for (int i = 0; i < max - 1; i++) {
            limits.reserve(ref, io.dotmac.platform.api.LimitService.CUSTOMERS);
        }
        // one slot left, 50 parallel reservations: exactly one wins
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(() -> {
                go.await();
                try {
                    limits.reserve(ref, io.dotmac.platform.api.LimitService.CUSTOMERS);
                    return true;
                } catch (io.dotmac.platform.api.LimitExceededException refused) {
                    assertEquals(Tier.FREE, refused.currentTier());
                    assertEquals(Tier.BASIC, refused.liftingTier().orElseThrow());
                    return false;
                }
            }));
        }
        go.countDown();
        int won = 0;
        for (java.util.concurrent.Future<Boolean> r : results) {
            if (r.get(60, java.util.concurrent.TimeUnit.SECONDS)) {
                won++;
            }
        }
        pool.shutdown();
        assertEquals(1, won);
        String boss = bearer(token(slug, "boss"));
        assertEquals(100, json(get("/api/v1/tenant/license", "Authorization", boss)).path("customerCount").asLong());
        limits.release(ref, io.dotmac.platform.api.LimitService.CUSTOMERS);
        assertEquals(99, limits.used(ref, io.dotmac.platform.api.LimitService.CUSTOMERS));
        // another tenant's count is its own
        String other = unique("lim-b");
        createTenant(other, "FREE");
        assertEquals(0, json(get("/api/v1/tenant/license", "Authorization", bearer(token(other, "boss"))))
                .path("customerCount").asLong());
    }

    protected void checkActivationIsReconciledWhenThePluginComesBack() throws Exception {
        assumeDatabase();
        String slug = unique("rec");
        String id = createTenant(slug, "PREMIUM").path("id").asText();
        Bundle plugin = installTestPlugin();
        try {
            await("the tenant activated", Duration.ofSeconds(20),
                    () -> activations().getOrDefault("activate:" + slug, 0) == 1);
            // the plugin is down while the tenant loses it: nobody can be told, the record still says active
            plugin.stop();
            assertEquals(200, setTier(id, "FREE").statusCode());
            plugin.start();
            // on its return the tenant is deactivated (its record said active) and not activated again
            await("deactivate on reconciliation", Duration.ofSeconds(20),
                    () -> activations().getOrDefault("deactivate:" + slug, 0) == 1);
            assertEquals(0, (int) activations().getOrDefault("activate:" + slug, 0));
            // back to PREMIUM: activated once, as a live change
            assertEquals(200, setTier(id, "PREMIUM").statusCode());
            await("activate again", Duration.ofSeconds(20),
                    () -> activations().getOrDefault("activate:" + slug, 0) == 1);
        } finally {
            plugin.uninstall();
        }
    }
}
