package io.dotmac.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Exactly once across a crash: the real distribution runs as its own process on PostgreSQL, a billing run over
 * {@value #SUBSCRIPTIONS} due subscriptions is killed with SIGKILL (kill -9) midway, the distribution starts again,
 * the run resumes by itself and a re-run of the same date follows. Every subscription ends with exactly one invoice
 * for its period, the numbers have no gap, and the re-run bills nothing.
 *
 * <p>Not a Pax Exam test: killing and restarting the container is the point, and a test inside the container cannot
 * outlive it.
 */
class BillingRunCrashIT {

    static final int SUBSCRIPTIONS = 30_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final String ADMIN_PASSWORD = "crash-admin-password";

    private final HttpClient http = KarafProcess.http();
    private final String suffix = (System.currentTimeMillis() / 1000) + "_" + UUID.randomUUID().toString()
            .substring(0, 6);
    private final String db = "dotmac_it_" + suffix;
    private final String owner = "dotmac_it_owner_" + suffix;
    private final String app = "dotmac_it_app_" + suffix;
    private final String system = "dotmac_it_system_" + suffix;
    private Path home;
    private Process karaf;
    private int port;

    @AfterEach
    void cleanUp() throws Exception {
        stop();
        try (Connection c = PostgresDatabase.admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            s.execute("DROP ROLE IF EXISTS " + app);
            s.execute("DROP ROLE IF EXISTS " + system);
            s.execute("DROP ROLE IF EXISTS " + owner);
        } catch (SQLException e) {
            // unreachable PostgreSQL: nothing was created
        }
    }

    @Test
    void aRunKilledMidwayResumesAndBillsEveryPeriodExactlyOnce() throws Exception {
        String unreachable = PostgresDatabase.unreachable();
        if (unreachable != null && PostgresDatabase.ci()) {
            throw new AssertionError(unreachable);
        }
        assumeTrue(unreachable == null, unreachable);
        try (Connection c = PostgresDatabase.admin(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + owner + " LOGIN PASSWORD 'owner'");
            s.execute("CREATE ROLE " + app + " LOGIN PASSWORD 'app'");
            s.execute("CREATE ROLE " + system + " LOGIN PASSWORD 'system'");
            s.execute("CREATE DATABASE " + db + " OWNER " + owner);
        }
        home = unpack();
        start();

        // the operator is created once the schema is migrated, which can follow the first 200 by a moment: login waits
        String admin = login(null, "admin", ADMIN_PASSWORD);
        String slug = "crash-" + suffix.substring(suffix.length() - 6);
        HttpResponse<String> created = post("/api/v1/tenants", "{\"name\":\"Crash ISP\",\"slug\":\"" + slug
                + "\",\"tier\":\"ENTERPRISE\",\"admin\":{\"username\":\"boss\",\"email\":\"boss@crash.test\","
                + "\"password\":\"crash-password-1\"}}", admin);
        assertEquals(201, created.statusCode(), created.body());
        String tenantId = JSON.readTree(created.body()).path("id").asText();
        String boss = login(slug, "boss", "crash-password-1");
        HttpResponse<String> plan = post("/api/v1/plans", "{\"name\":\"Fibre 100\",\"price\":\"49.90\",\"currency\":"
                + "\"USD\",\"billingPeriod\":\"MONTHLY\",\"downloadMbps\":100,\"uploadMbps\":20,\"taxRate\":\"20\"}",
                boss);
        assertEquals(201, plan.statusCode(), plan.body());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        seed(tenantId, JSON.readTree(plan.body()).path("id").asText(), today);

        HttpResponse<String> started = post("/api/v1/billing/runs", "{\"date\":\"" + today + "\"}", boss);
        assertEquals(202, started.statusCode(), started.body());
        String runPath = "/api/v1/billing/runs/" + JSON.readTree(started.body()).path("id").asText();
        assertEquals(SUBSCRIPTIONS, JSON.readTree(started.body()).path("total").asInt());
        JsonNode[] seen = new JsonNode[1];
        await("the run to be a fifth done", Duration.ofSeconds(120), 5, () -> {
            seen[0] = JSON.readTree(get(runPath, boss).body());
            assertEquals("RUNNING", seen[0].path("status").asText(), "the run ended before it could be killed");
            return seen[0].path("done").asInt() >= SUBSCRIPTIONS / 5;
        });
        killDashNine();
        int invoicedAtKill = count("SELECT COUNT(*) FROM dotmac_invoice WHERE tenant_id = '" + tenantId + "'");
        assertTrue(invoicedAtKill > 0 && invoicedAtKill < SUBSCRIPTIONS, "killed midway: " + invoicedAtKill);
        assertEquals(invoicedAtKill, count("SELECT COUNT(*) FROM dotmac_billing_charge WHERE tenant_id = '"
                + tenantId + "'"), "every invoice committed with its exactly-once record");

        start();
        String boss2 = login(slug, "boss", "crash-password-1");
        JsonNode resumed = awaitFinished(runPath, boss2);
        assertEquals("COMPLETED", resumed.path("status").asText(), resumed.toString());
        assertEquals(SUBSCRIPTIONS, resumed.path("done").asInt());
        assertEquals(0, resumed.path("failed").asInt());
        assertEquals(SUBSCRIPTIONS, resumed.path("invoices").asInt());

        HttpResponse<String> rerun = post("/api/v1/billing/runs", "{\"date\":\"" + today + "\"}", boss2);
        assertEquals(202, rerun.statusCode(), rerun.body());
        JsonNode again = awaitFinished("/api/v1/billing/runs/" + JSON.readTree(rerun.body()).path("id").asText(),
                boss2);
        assertEquals(0, again.path("total").asInt());
        assertEquals(0, again.path("invoices").asInt());

        String t = "tenant_id = '" + tenantId + "'";
        assertEquals(SUBSCRIPTIONS, count("SELECT COUNT(*) FROM dotmac_invoice WHERE " + t), "0 duplicates");
        assertEquals(SUBSCRIPTIONS, count("SELECT COUNT(DISTINCT customer_id) FROM dotmac_invoice WHERE " + t),
                "0 missing");
        assertEquals(SUBSCRIPTIONS, count("SELECT COUNT(*) FROM dotmac_billing_charge WHERE " + t));
        assertEquals(SUBSCRIPTIONS, count("SELECT COUNT(DISTINCT b.invoice_id) FROM dotmac_billing_charge b JOIN "
                + "dotmac_invoice i ON i.id = b.invoice_id WHERE b." + t), "each invoice has its period's record");
        assertEquals(0, count("SELECT COUNT(*) FROM dotmac_subscription WHERE " + t + " AND next_billing_date <= '"
                + today + "'"));
        assertEquals(SUBSCRIPTIONS, count("SELECT MAX(CAST(SUBSTRING(number, 10) AS INTEGER)) FROM dotmac_invoice "
                + "WHERE " + t), "numbered 1.." + SUBSCRIPTIONS + " without a gap");
        assertEquals(SUBSCRIPTIONS, count("SELECT COUNT(DISTINCT number) FROM dotmac_invoice WHERE " + t));
        assertEquals(SUBSCRIPTIONS, count("SELECT COUNT(*) FROM dotmac_invoice_line WHERE " + t));
    }

    // ---- the distribution as a process

    private Path unpack() throws Exception {
        Path dir = Path.of(System.getProperty("dotmac.exam.dir", "target/exam"), "crash-" + suffix);
        Files.createDirectories(dir);
        Process tar = new ProcessBuilder("tar", "xzf", new File(System.getProperty("dotmac.distribution"))
                .getAbsolutePath(), "-C", dir.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor());
        Path unpacked;
        try (var entries = Files.list(dir)) {
            unpacked = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        port = DotMacTestSupport.freePort();
        edit(unpacked, "etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(port));
        edit(unpacked, "etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(DotMacTestSupport.freePort()));
        edit(unpacked, "etc/org.ops4j.datasource-dotmac.cfg", "osgi.jdbc.driver.class", "org.postgresql.Driver");
        edit(unpacked, "etc/org.ops4j.datasource-dotmac.cfg", "url", PostgresDatabase.urlOf(db));
        edit(unpacked, "etc/org.ops4j.datasource-dotmac.cfg", "user", app);
        edit(unpacked, "etc/org.ops4j.datasource-dotmac.cfg", "password", "app");
        edit(unpacked, "etc/io.dotmac.persistence.cfg", "migrationUser", owner);
        edit(unpacked, "etc/io.dotmac.persistence.cfg", "migrationPassword", "owner");
        edit(unpacked, "etc/io.dotmac.persistence.cfg", "systemUser", system);
        edit(unpacked, "etc/io.dotmac.persistence.cfg", "systemPassword", "system");
        // small chunks: many commits to be killed between; no daily run to interfere
        edit(unpacked, "etc/io.dotmac.billing.automated.cfg", "chunkSize", "200");
        edit(unpacked, "etc/io.dotmac.billing.automated.cfg", "defaultScheduled", "false");
        return unpacked;
    }

    /** Sets {@code key = value} in a configuration file, replacing the key's line or adding one. */
    private static void edit(Path home, String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        List<String> lines = Files.exists(path) ? Files.readAllLines(path, StandardCharsets.UTF_8) : List.of();
        StringBuilder out = new StringBuilder();
        boolean done = false;
        for (String line : lines) {
            if (line.matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*")) {
                out.append(key).append(" = ").append(value).append('\n');
                done = true;
            } else {
                out.append(line).append('\n');
            }
        }
        if (!done) {
            out.append(key).append(" = ").append(value).append('\n');
        }
        Files.writeString(path, out.toString(), StandardCharsets.UTF_8);
    }

    private void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("console.log").toFile()));
        pb.environment().put("DOTMAC_ADMIN_PASSWORD", ADMIN_PASSWORD);
        karaf = pb.start();
        await("the distribution to answer health 200", BOOT, 200, () -> {
            try {
                return get("/api/v1/health", null).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** SIGKILL to the JVM: no shutdown hook, no deactivation, no rollback but the database's own. */
    private void killDashNine() throws Exception {
        ProcessHandle running = KarafProcess.jvm(home).orElseThrow(() -> new AssertionError("no Karaf JVM running"));
        assertTrue(running.destroyForcibly());
        running.onExit().get();
        karaf.waitFor();
    }

    private void stop() throws Exception {
        if (home != null) {
            KarafProcess.stop(home);
        }
    }

    // ---- data

    /** {@value #SUBSCRIPTIONS} customers, each with a subscription starting today, written as the system role. */
    private void seed(String tenantId, String planId, LocalDate today) throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresDatabase.urlOf(db), system, "system");
                Statement s = c.createStatement()) {
            s.execute("SET dotmac.system = 'on'");
            s.execute("INSERT INTO dotmac_customer (id, tenant_id, name, email, email_key, phone, service_address, "
                    + "status, created_at, updated_at) SELECT format('C%s', lpad(n::text, 8, '0')), '" + tenantId
                    + "', format('Customer %s', n), format('c%s@crash.test', n), format('c%s@crash.test', n), NULL, "
                    + "NULL, 'ACTIVE', now(), now() FROM generate_series(1, " + SUBSCRIPTIONS + ") n");
            s.execute("INSERT INTO dotmac_subscription (id, tenant_id, customer_id, plan_id, start_date, status, "
                    + "next_billing_date, cancel_at, created_at, updated_at) SELECT format('S%s', lpad(n::text, 8, "
                    + "'0')), '" + tenantId + "', format('C%s', lpad(n::text, 8, '0')), '" + planId + "', DATE '"
                    + today + "', 'ACTIVE', DATE '" + today + "', NULL, now(), now() FROM generate_series(1, "
                    + SUBSCRIPTIONS + ") n");
        }
        try (Connection c = DriverManager.getConnection(PostgresDatabase.urlOf(db), owner, "owner");
                Statement s = c.createStatement()) {
            s.execute("ANALYZE dotmac_customer");
            s.execute("ANALYZE dotmac_subscription");
        }
    }

    private int count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresDatabase.urlOf(db), system, "system");
                Statement s = c.createStatement()) {
            s.execute("SET dotmac.system = 'on'");
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    // ---- HTTP

    private HttpResponse<String> get(String path, String token) throws Exception {
        return KarafProcess.get(http, port, path, token);
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return KarafProcess.post(http, port, path, body, token);
    }

    private String login(String tenant, String username, String password) throws Exception {
        String[] token = new String[1];
        await("the login of " + username, Duration.ofSeconds(60), 200, () -> {
            HttpResponse<String> r = post("/api/v1/auth/token", "{\"username\":\"" + username + "\",\"password\":\""
                    + password + "\"" + (tenant == null ? "" : ",\"tenant\":\"" + tenant + "\"") + "}", null);
            token[0] = r.statusCode() == 200 ? JSON.readTree(r.body()).path("access_token").asText() : null;
            return token[0] != null;
        });
        return token[0];
    }

    private JsonNode awaitFinished(String runPath, String token) throws Exception {
        JsonNode[] run = new JsonNode[1];
        await("the run to finish", Duration.ofSeconds(180), 200, () -> {
            run[0] = JSON.readTree(get(runPath, token).body());
            return !"RUNNING".equals(run[0].path("status").asText());
        });
        return run[0];
    }

    private static void await(String what, Duration timeout, long everyMillis, Callable<Boolean> condition)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(condition.call())) {
                return;
            }
            Thread.sleep(everyMillis);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    }
}
