package io.dotmac.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.dotmac.integrations.WebhookSignature;
import io.dotmac.marketplace.internal.TestPki;
import io.dotmac.snmp.sim.SimulatedAgents;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Two distributions as processes on one PostgreSQL database (scale-out), booted once for the class, sharing every
 * key as the nodes of a deployment must; node B is configured through environment variables, as the Kubernetes
 * manifests do.
 * <ol>
 * <li>Each names itself in {@code GET /api/v1/health}; both are listed by {@code dotmac:cluster-list}. What one node
 * changes is in force on the other through {@code LISTEN/NOTIFY}: a tenant's tier, a plugin switch, a user
 * deactivated (the test allows five seconds each; the goal, one second, is measured in BENCHMARKS.md).</li>
 * <li>A plugin uninstalled on B answers 503 with {@code Retry-After} there while A serves it (a rolling upgrade).</li>
 * <li>A marketplace plugin uploaded and bought on A is installed on B from the archive A kept in the database;
 * revoked on A, it goes from B too.</li>
 * <li>400 e-mails and 400 webhooks (1,000 each as measured) go out once each with both nodes sending.</li>
 * <li>200 simulated devices are polled once per interval, by one node each, both nodes polling.</li>
 * <li>A billing run started on A, A killed with SIGKILL midway: B takes the run on once its lease runs out and
 * finishes it (every subscription invoiced once, the numbers without a gap), and polls every device within two
 * intervals.</li>
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN_PASSWORD = "cluster-admin-pass-1";
    private static final Duration PROPAGATION = Duration.ofSeconds(5);
    /**
     * Subscriptions of the billing run killed midway: 4,000 in the build, {@code -Dcluster.subscriptions=10000} for
     * the figure in BENCHMARKS.md.
     */
    static final int SUBSCRIPTIONS = Integer.getInteger("cluster.subscriptions", 4_000);
    /** How long a node holds a billing run (the test's: B takes A's run on within this and a third). */
    static final int RUN_LEASE_SECONDS = 6;
    /** Devices polled by the two nodes together, every {@value #POLL_SECONDS} s. */
    static final int DEVICES = 200;
    static final int POLL_SECONDS = 8;
    /** How long a node holds its parts of the devices, and after how long without a heartbeat a node is gone. */
    static final int POLLING_LEASE_SECONDS = 4;
    static final int NODE_TIMEOUT_SECONDS = 4;
    private SimulatedAgents agents;
    /** E-mails and webhooks sent while both nodes send: 400 in the build, {@code -Dcluster.messages=1000} as measured. */
    static final int MESSAGES = Integer.getInteger("cluster.messages", 400);
    private GreenMail smtp;
    private int smtpPort;
    private WebhookReceiver receiver;
    /** The marketplace's certificate authority (both nodes trust it) and a developer it certified. */
    private TestPki pki;

    private final HttpClient http = KarafProcess.http();
    private KarafProcess.Booted a;
    private KarafProcess.Booted b;
    private String[] pg;

    @BeforeAll
    void boot() throws Exception {
        String unreachable = PostgresDatabase.unreachable();
        if (unreachable != null && PostgresDatabase.ci()) {
            throw new AssertionError(unreachable);
        }
        assumeTrue(unreachable == null, unreachable);
        pg = database();
        smtpPort = DotMacTestSupport.freePortBelowEphemeral();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        receiver = new WebhookReceiver();
        pki = new TestPki(Files.createTempDirectory("pki"));
        pki.developer("acme", true, true);
        String tokenKey = tokenKey(); // and every other key the nodes share
        // one after the other: the first migrates the database and makes the first operator
        a = node(pg, "node-a", tokenKey, smtpPort, pki.authority());
        b = nodeFromEnvironment("node-b", tokenKey);
    }

    @AfterAll
    void stop() throws Exception {
        for (KarafProcess.Booted node : new KarafProcess.Booted[] {a, b}) {
            if (node != null) {
                KarafProcess.stop(node.home());
            }
        }
        if (agents != null) {
            agents.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (pg != null) {
            dropDatabase(pg);
        }
    }

    /**
     * Boots one node on the test's database, with the shared token key and its name, configured as the Kubernetes
     * manifests of docs/ops/kubernetes do: the database, its roles and the node's name from environment variables.
     */
    private KarafProcess.Booted nodeFromEnvironment(String name, String tokenKey) throws Exception {
        return KarafProcess.boot("cluster", ADMIN_PASSWORD, home -> {
            Files.copy(pki.authority(), home.resolve("etc/dotmac-marketplace-ca.pem"));
            Path billing = home.resolve("etc/io.dotmac.billing.automated.cfg");
            KarafProcess.set(billing, "chunkSize", "100");
            KarafProcess.set(billing, "defaultScheduled", "false");
            KarafProcess.set(billing, "runLeaseSeconds", String.valueOf(RUN_LEASE_SECONDS));
            shareKeys(home, tokenKey);
        }, java.util.Map.ofEntries(
                java.util.Map.entry("IO_DOTMAC_NOTIFICATIONS_EMAIL_SMTPPORT", String.valueOf(smtpPort)),
                java.util.Map.entry("IO_DOTMAC_NOTIFICATIONS_EMAIL_ALLOWEDNETWORKS", "127.0.0.0/8"),
                java.util.Map.entry("IO_DOTMAC_NOTIFICATIONS_EMAIL_POLLMILLIS", "200"),
                java.util.Map.entry("IO_DOTMAC_INTEGRATIONS_ALLOWEDNETWORKS", "127.0.0.0/8"),
                java.util.Map.entry("IO_DOTMAC_INTEGRATIONS_POLLMILLIS", "200"),
                java.util.Map.entry("ORG_OPS4J_DATASOURCE_DOTMAC_OSGI_JDBC_DRIVER_CLASS", "org.postgresql.Driver"),
                java.util.Map.entry("ORG_OPS4J_DATASOURCE_DOTMAC_URL", PostgresDatabase.urlOf(pg[0])),
                java.util.Map.entry("ORG_OPS4J_DATASOURCE_DOTMAC_USER", pg[2]),
                java.util.Map.entry("ORG_OPS4J_DATASOURCE_DOTMAC_PASSWORD", "app"),
                java.util.Map.entry("IO_DOTMAC_PERSISTENCE_MIGRATIONUSER", pg[1]),
                java.util.Map.entry("IO_DOTMAC_PERSISTENCE_MIGRATIONPASSWORD", "owner"),
                java.util.Map.entry("IO_DOTMAC_PERSISTENCE_SYSTEMUSER", pg[3]),
                java.util.Map.entry("IO_DOTMAC_PERSISTENCE_SYSTEMPASSWORD", "system"),
                java.util.Map.entry("IO_DOTMAC_CLUSTER_NODENAME", name),
                java.util.Map.entry("IO_DOTMAC_CLUSTER_HEARTBEATSECONDS", "1"),
                java.util.Map.entry("IO_DOTMAC_CLUSTER_NODETIMEOUTSECONDS", String.valueOf(NODE_TIMEOUT_SECONDS)),
                java.util.Map.entry("IO_DOTMAC_NETWORK_MONITORING_MINPOLLINTERVALSECONDS", "5"),
                java.util.Map.entry("IO_DOTMAC_NETWORK_MONITORING_POLLINGLEASESECONDS",
                        String.valueOf(POLLING_LEASE_SECONDS))));
    }

    /** Boots one node on database {@code pg} (name, owner, app and system roles), sharing {@code tokenKey}. */
    static KarafProcess.Booted node(String[] pg, String name, String tokenKey) throws Exception {
        return node(pg, name, tokenKey, 25, null);
    }

    /**
     * The same, its e-mails going to {@code smtpPort} on loopback, its senders quick, trusting the marketplace
     * authority {@code ca} (when not null).
     */
    static KarafProcess.Booted node(String[] pg, String name, String tokenKey, int smtpPort, Path ca)
            throws Exception {
        return KarafProcess.boot("cluster", ADMIN_PASSWORD, home -> {
            if (ca != null) {
                Files.copy(ca, home.resolve("etc/dotmac-marketplace-ca.pem"));
            }
            Path email = home.resolve("etc/io.dotmac.notifications.email.cfg");
            KarafProcess.set(email, "smtpPort", String.valueOf(smtpPort));
            KarafProcess.set(email, "allowedNetworks", "127.0.0.0/8");
            KarafProcess.set(email, "pollMillis", "200");
            Path integrations = home.resolve("etc/io.dotmac.integrations.cfg");
            KarafProcess.set(integrations, "allowedNetworks", "127.0.0.0/8");
            KarafProcess.set(integrations, "pollMillis", "200");
            KarafProcess.onPostgres(home, pg);
            Path cluster = home.resolve("etc/io.dotmac.cluster.cfg");
            KarafProcess.set(cluster, "nodeName", name);
            KarafProcess.set(cluster, "heartbeatSeconds", "1");
            KarafProcess.set(cluster, "nodeTimeoutSeconds", String.valueOf(NODE_TIMEOUT_SECONDS));
            Path network = home.resolve("etc/io.dotmac.network.monitoring.cfg");
            KarafProcess.set(network, "minPollIntervalSeconds", "5");
            KarafProcess.set(network, "pollingLeaseSeconds", String.valueOf(POLLING_LEASE_SECONDS));
            // billing runs in small chunks (many commits to be killed between), none scheduled, short leases
            Path billing = home.resolve("etc/io.dotmac.billing.automated.cfg");
            KarafProcess.set(billing, "chunkSize", "100");
            KarafProcess.set(billing, "defaultScheduled", "false");
            KarafProcess.set(billing, "runLeaseSeconds", String.valueOf(RUN_LEASE_SECONDS));
            shareKeys(home, tokenKey);
        });
    }

    @Test
    @Order(1)
    void twoNodesOnOnePostgresSeeEachOthersChanges() throws Exception {
        JsonNode healthA = read(KarafProcess.get(http, a.port(), "/api/v1/health", null));
        JsonNode healthB = read(KarafProcess.get(http, b.port(), "/api/v1/health", null));
        assertEquals("node-a", healthA.path("node").path("name").asText(), healthA.toString());
        assertEquals("node-b", healthB.path("node").path("name").asText(), healthB.toString());
        assertNotEquals(healthA.path("node").path("id").asText(), healthB.path("node").path("id").asText());
        String nodes = KarafProcess.shell(a.home(), "dotmac:cluster-list");
        assertTrue(nodes.contains("node-a (this node)") && nodes.contains("node-b"), nodes);
        assertEquals(2, nodes.split("ALIVE", -1).length - 1, nodes);

        // a tenant made on A, used on B: its tier raised on A opens its PREMIUM plugin on B
        String operator = login(a.port(), null, "admin", ADMIN_PASSWORD);
        String tenantId = tenant(operator, "Cluster ISP", "cluster-isp", "BASIC");
        String bossOnB = awaitLogin(b.port(), "cluster-isp", "boss", ADMIN_PASSWORD);
        assertEquals(403, KarafProcess.get(http, b.port(), "/api/v1/network/devices", bossOnB).statusCode());
        assertEquals(200, KarafProcess.put(http, a.port(), "/api/v1/tenants/" + tenantId + "/tier",
                "{\"tier\":\"PREMIUM\"}", operator).statusCode());
        long tier = await(() -> KarafProcess.get(http, b.port(), "/api/v1/network/devices", bossOnB).statusCode(),
                code -> code == 200, "the PREMIUM plugin on B after the tier change on A");

        // the plugin switched off by the tenant on A is off on B
        String bossOnA = login(a.port(), "cluster-isp", "boss", ADMIN_PASSWORD);
        assertEquals(200, KarafProcess.put(http, a.port(), "/api/v1/tenant/plugins/network_monitoring",
                "{\"enabled\":false}", bossOnA).statusCode());
        long off = await(() -> KarafProcess.get(http, b.port(), "/api/v1/network/devices", bossOnB).statusCode(),
                code -> code != 200, "network_monitoring off on B after A switched it off");

        // a user deactivated on A: B refuses the token it gave
        HttpResponse<String> user = KarafProcess.post(http, a.port(), "/api/v1/users", "{\"username\":\"sam\","
                + "\"email\":\"sam@cluster.example.com\",\"password\":\"" + ADMIN_PASSWORD + "\",\"role\":"
                + "\"isp_staff\"}", bossOnA);
        assertEquals(201, user.statusCode(), user.body());
        String samOnB = login(b.port(), "cluster-isp", "sam", ADMIN_PASSWORD);
        assertEquals(200, KarafProcess.get(http, b.port(), "/api/v1/customers", samOnB).statusCode());
        HttpResponse<String> deactivated = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port()
                + "/api/v1/users/" + read(user).path("id").asText())).header("Authorization", "Bearer " + bossOnA)
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"active\":false}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, deactivated.statusCode(), deactivated.body());
        long revoked = await(() -> KarafProcess.get(http, b.port(), "/api/v1/customers", samOnB).statusCode(),
                code -> code == 401, "B refusing the token of the user deactivated on A");
        System.out.printf("ClusterIT: propagation A -> B (ms, polled every 20 ms): tier %d, plugin switch %d, "
                + "user deactivation %d%n", tier, off, revoked);
    }

    @Test
    @Order(2)
    void aPluginMissingOnOneNodeAnswers503ThereWhileAnotherNodeServesIt() throws Exception {
        String operator = login(a.port(), null, "admin", ADMIN_PASSWORD);
        tenant(operator, "Rolling ISP", "rolling-isp", "ENTERPRISE");
        String boss = awaitLogin(b.port(), "rolling-isp", "boss", ADMIN_PASSWORD);
        String report = "/api/v1/sla/agreements";
        assertEquals(200, KarafProcess.get(http, b.port(), report, boss).statusCode());
        // B loses sla_management (as in a rolling upgrade, before its new version is there): A still serves it
        KarafProcess.shell(b.home(), "feature:uninstall -r dotmac-sla-management");
        HttpResponse<String> missing = KarafProcess.get(http, b.port(), report, boss);
        assertEquals(503, missing.statusCode(), missing.body());
        assertEquals("5", missing.headers().firstValue("Retry-After").orElse(null));
        assertTrue(missing.body().contains("sla_management"), missing.body());
        assertEquals(200, KarafProcess.get(http, a.port(), report, boss).statusCode());
        // a root no node serves is still 404
        assertEquals(404, KarafProcess.get(http, b.port(), "/api/v1/no-such-plugin", boss).statusCode());
        KarafProcess.shell(b.home(), "feature:install -r dotmac-sla-management");
        long back = await(() -> KarafProcess.get(http, b.port(), report, boss).statusCode(), code -> code == 200,
                "sla_management back on B", Duration.ofSeconds(60));
        System.out.printf("ClusterIT: sla_management served on B again %d ms after its install%n", back);

        // the instance licence lowered on A: B's ENTERPRISE plugins go inert too (404, or 503 while B still reads A's
        // roots of a moment ago), and come back when raised
        assertEquals(200, KarafProcess.put(http, a.port(), "/api/v1/instance/license", "{\"tier\":\"PREMIUM\"}",
                operator).statusCode());
        long lowered = await(() -> KarafProcess.get(http, b.port(), report, boss).statusCode(), code -> code != 200,
                "sla_management inert on B after the instance licence was lowered on A");
        assertEquals(200, KarafProcess.put(http, a.port(), "/api/v1/instance/license", "{\"tier\":\"ENTERPRISE\"}",
                operator).statusCode());
        long raised = await(() -> KarafProcess.get(http, b.port(), report, boss).statusCode(), code -> code == 200,
                "sla_management back on B after the instance licence was raised on A", Duration.ofSeconds(30));

        // an automation rule made on A is in force on B: a customer made on B afterwards runs it
        HttpResponse<String> rule = KarafProcess.post(http, a.port(), "/api/v1/automation/rules", "{\"name\":"
                + "\"Tag the new\",\"trigger\":{\"topic\":\"io/dotmac/customers/CUSTOMER_CREATED\"},\"actions\":"
                + "[{\"type\":\"set_customer_tag\",\"customerId\":\"{{customerId}}\",\"tag\":\"new\"}]}", boss);
        assertEquals(201, rule.statusCode(), rule.body());
        String ruleId = read(rule).path("id").asText();
        long ruleMade = System.nanoTime();
        int[] n = {0};
        long ruled = await(() -> {
            // its welcome e-mail is not one the senders' test counts (those go to @senders.test)
            HttpResponse<String> c = KarafProcess.post(http, b.port(), "/api/v1/customers", "{\"name\":\"Rolling "
                    + n[0] + "\",\"email\":\"r" + n[0]++ + "@rolling.test\"}", boss);
            assertEquals(201, c.statusCode(), c.body());
            return read(KarafProcess.get(http, b.port(), "/api/v1/automation/runs?rule=" + ruleId, boss)).path("items")
                    .size();
        }, count -> count > 0, "the rule made on A run for a customer made on B");
        System.out.printf("ClusterIT: instance licence lowered on A in force on B after %d ms, raised after %d ms; a "
                + "rule made on A in force on B after %d ms (%d customers made)%n", lowered, raised, ruled, n[0]);
        assertTrue(Duration.ofNanos(System.nanoTime() - ruleMade).toSeconds() < 5);
    }

    @Test
    @Order(3)
    void aMarketplacePluginBoughtOnOneNodeIsInstalledOnEveryNode() throws Exception {
        // a developer publishes on A, the operator certifies it there
        HttpResponse<String> registered = KarafProcess.post(http, a.port(), "/api/v1/marketplace/developers",
                "{\"name\":\"Acme Plugins\",\"email\":\"dev@acme.test\",\"payoutDetails\":\"IBAN DE00 1234\"}",
                null);
        assertEquals(201, registered.statusCode(), registered.body());
        String key = read(registered).path("key").asText();
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port()
                + "/api/v1/marketplace/plugins")).header("Content-Type", "application/json")
                .header("X-DotMac-Developer-Key", key).POST(HttpRequest.BodyPublishers.ofString("{\"plugin\":"
                        + "\"test_plugin\",\"name\":\"Hello for ISPs\",\"description\":\"Says hello\",\"tierFloor\":"
                        + "\"PREMIUM\",\"monthlyPrice\":\"9.99\",\"currency\":\"USD\",\"screenshots\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, listed.statusCode(), listed.body());
        Path jar = Files.copy(Path.of(System.getProperty("dotmac.testplugin")),
                Files.createTempDirectory("plugin").resolve("plugin.jar"));
        pki.sign(jar, "acme");
        HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port()
                + "/api/v1/marketplace/plugins/test_plugin/versions")).header("Content-Type",
                        "application/java-archive").header("X-DotMac-Developer-Key", key)
                .POST(HttpRequest.BodyPublishers.ofFile(jar)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        assertTrue(KarafProcess.shell(a.home(), "dotmac:marketplace-certify test_plugin").contains("CERTIFIED"));

        // a tenant buys it on A: installed there at once, and on B from the archive A kept in the database
        String operator = login(a.port(), null, "admin", ADMIN_PASSWORD);
        tenant(operator, "Market ISP", "market-isp", "PREMIUM");
        String boss = login(a.port(), "market-isp", "boss", ADMIN_PASSWORD);
        assertEquals(404, KarafProcess.get(http, b.port(), "/api/v1/test-plugin/hello", boss).statusCode(),
                "on no node before the purchase");
        HttpResponse<String> bought = KarafProcess.post(http, a.port(), "/api/v1/marketplace/purchases",
                "{\"plugin\":\"test_plugin\"}", boss);
        assertEquals(201, bought.statusCode(), bought.body());
        assertEquals(200, KarafProcess.get(http, a.port(), "/api/v1/test-plugin/hello", boss).statusCode());
        long onB = await(() -> KarafProcess.get(http, b.port(), "/api/v1/test-plugin/hello", boss).statusCode(),
                code -> code == 200, "the plugin bought on A served on B", Duration.ofSeconds(60));
        assertTrue(Files.exists(b.home().resolve("data/marketplace/test_plugin")), "B wrote the archive it installed");

        // the operator revokes the version on A: removed there and from B too (404 on both: no node serves it)
        String version = read(uploaded).path("version").asText();
        assertTrue(KarafProcess.shell(a.home(), "dotmac:marketplace-revoke test_plugin " + version
                + " 'leaks tokens'").contains("REVOKED"));
        // A no longer serves it at once; while B still does, A answers 503 (served elsewhere), then 404
        int onA = KarafProcess.get(http, a.port(), "/api/v1/test-plugin/hello", boss).statusCode();
        assertTrue(onA == 404 || onA == 503, "A right after the revocation: " + onA);
        long offB = await(() -> KarafProcess.get(http, b.port(), "/api/v1/test-plugin/hello", boss).statusCode(),
                code -> code == 404, "the revoked plugin gone from B", Duration.ofSeconds(60));
        await(() -> KarafProcess.get(http, a.port(), "/api/v1/test-plugin/hello", boss).statusCode(),
                code -> code == 404, "A's 404 once no node serves it", Duration.ofSeconds(30));
        System.out.printf("ClusterIT: marketplace plugin bought on A served on B %d ms later, revoked on A gone from "
                + "B %d ms later%n", onB, offB);
    }

    @Test
    @Order(4)
    void emailsAndWebhooksGoOutOnceWithBothNodesSending() throws Exception {
        String operator = login(a.port(), null, "admin", ADMIN_PASSWORD);
        tenant(operator, "Senders ISP", "senders-isp", "ENTERPRISE");
        String[] boss = {login(a.port(), "senders-isp", "boss", ADMIN_PASSWORD),
            awaitLogin(b.port(), "senders-isp", "boss", ADMIN_PASSWORD)};
        HttpResponse<String> hook = KarafProcess.post(http, a.port(), "/api/v1/integrations/webhooks", "{\"url\":\""
                + receiver.url("/hook") + "\",\"topics\":[\"io/dotmac/customers/CUSTOMER_CREATED\"]}", boss[0]);
        assertEquals(201, hook.statusCode(), hook.body());
        for (int i = 0; i < MESSAGES; i++) {
            // GreenMail makes a mailbox on a first mail, and concurrent first mails can break its store
            smtp.setUser("c" + i + "@senders.test", "c" + i, "pw");
        }
        double[] before = {sentTotal(a.port()), sentTotal(b.port())};
        // half of the customers made on each node, at once: each node's outbox rows, sent by whichever node claims
        int[] ports = {a.port(), b.port()};
        java.util.concurrent.ExecutorService makers = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int n = 0; n < 2; n++) {
            int node = n;
            done.add(makers.submit(() -> {
                for (int i = node; i < MESSAGES; i += 2) {
                    HttpResponse<String> c = KarafProcess.post(http, ports[node], "/api/v1/customers", "{\"name\":"
                            + "\"Customer " + i + "\",\"email\":\"c" + i + "@senders.test\"}", boss[node]);
                    assertEquals(201, c.statusCode(), c.body());
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get();
        }
        makers.shutdown();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while ((smtp.getReceivedMessages().length < MESSAGES || receiver.delivered().size() < MESSAGES)
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(2_000); // a second sending of one would arrive by now
        List<String> to = new java.util.ArrayList<>();
        for (javax.mail.internet.MimeMessage m : smtp.getReceivedMessages()) {
            String recipient = m.getAllRecipients()[0].toString();
            if (recipient.endsWith("@senders.test")) {
                to.add(recipient);
            }
        }
        assertEquals(MESSAGES, to.size(), "each e-mail once");
        assertEquals(MESSAGES, new java.util.HashSet<>(to).size(), "each customer's e-mail once");
        List<WebhookReceiver.Request> delivered = receiver.delivered();
        assertEquals(MESSAGES, delivered.size(), "each webhook once");
        assertEquals(MESSAGES, delivered.stream().map(r -> r.header(WebhookSignature.DELIVERY_HEADER)).distinct()
                .count(), "each delivery once");
        double[] after = {sentTotal(a.port()), sentTotal(b.port())};
        double byA = after[0] - before[0];
        double byB = after[1] - before[1];
        System.out.printf("ClusterIT: %d e-mails and %d webhooks, sent by node A %.0f and node B %.0f%n", MESSAGES,
                MESSAGES, byA, byB);
        assertEquals(2.0 * MESSAGES, byA + byB, "the nodes' counters: every e-mail and delivery once");
        assertTrue(byA > 0 && byB > 0, "both nodes sent: " + byA + " " + byB);
    }

    /** What a node sent so far: e-mails sent and webhooks delivered, from its /metrics. */
    private double sentTotal(int port) throws Exception {
        double total = 0;
        for (String line : KarafProcess.get(http, port, "/metrics", null).body().split("\n")) {
            if ((line.startsWith("dotmac_emails_total{") && line.contains("outcome=\"sent\""))
                    || (line.startsWith("dotmac_webhook_deliveries_total{") && line.contains("outcome=\"delivered\""))) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    @Test
    @Order(5)
    void theNodesShareTheDevicesEachPolledOncePerInterval() throws Exception {
        agents = agents(DEVICES);
        String operator = login(a.port(), null, "admin", ADMIN_PASSWORD);
        tenant(operator, "Polling ISP", "polling-isp", "PREMIUM");
        String boss = login(a.port(), "polling-isp", "boss", ADMIN_PASSWORD);
        for (int i = 0; i < DEVICES; i++) {
            HttpResponse<String> d = KarafProcess.post(http, a.port(), "/api/v1/network/devices", "{\"name\":\"d-" + i
                    + "\",\"address\":\"127.0.0.1\",\"port\":" + agents.agent(i).port() + ",\"version\":\"v2c\","
                    + "\"community\":\"public\",\"pollIntervalSeconds\":" + POLL_SECONDS + ",\"timeoutMillis\":2000,"
                    + "\"retries\":0}", boss);
            assertEquals(201, d.statusCode(), d.body());
        }
        // B hears of the devices made on A; two intervals to settle, then two observed
        Thread.sleep(2_000L * POLL_SECONDS);
        long from = System.currentTimeMillis();
        Thread.sleep(2_000L * POLL_SECONDS);
        Thread.sleep(1_000); // a poll of the last slot that is late by the tick
        long to = System.currentTimeMillis() - 1_000;
        java.util.Set<Integer> pollers = new java.util.HashSet<>();
        for (int i = 0; i < DEVICES; i++) {
            List<SimulatedAgents.Poll> polls = window(agents.agent(i).polls(), from, to + 1_000);
            assertOncePerInterval(polls, "device " + i);
            assertEquals(1, polls.stream().map(SimulatedAgents.Poll::fromPort).distinct().count(),
                    "device " + i + " polled by one node: " + polls);
            pollers.add(polls.get(0).fromPort());
        }
        assertEquals(2, pollers.size(), "both nodes poll their share: " + pollers);
        int[] shares = new int[2];
        List<Integer> ports = List.copyOf(pollers);
        for (int i = 0; i < DEVICES; i++) {
            shares[ports.indexOf(agents.agent(i).polls().get(agents.agent(i).polls().size() - 1).fromPort())]++;
        }
        System.out.printf("ClusterIT: %d devices every %d s, polled by the two nodes %d and %d%n", DEVICES,
                POLL_SECONDS, shares[0], shares[1]);
        assertTrue(shares[0] > DEVICES / 5 && shares[1] > DEVICES / 5, "a fair share each: " + shares[0] + " "
                + shares[1]);
    }

    /**
     * Each interval once: consecutive polls {@value #POLL_SECONDS} s apart give or take half of it (a second poll in
     * an interval would be closer, a missed one twice as far), at least two of them.
     */
    private static void assertOncePerInterval(List<SimulatedAgents.Poll> polls, String what) {
        assertTrue(polls.size() >= 2, what + ": " + polls);
        for (int k = 1; k < polls.size(); k++) {
            long gap = polls.get(k).atMillis() - polls.get(k - 1).atMillis();
            assertTrue(gap >= 500L * POLL_SECONDS && gap <= 1500L * POLL_SECONDS, what + " polled once per interval ("
                    + gap + " ms apart): " + polls);
        }
    }

    /** Polls of an agent in {@code [from, to)}. */
    private static List<SimulatedAgents.Poll> window(List<SimulatedAgents.Poll> polls, long from, long to) {
        return polls.stream().filter(p -> p.atMillis() >= from && p.atMillis() < to).toList();
    }

    /** {@code count} simulated agents on consecutive loopback UDP ports (a free block below the ephemeral range). */
    private static SimulatedAgents agents(int count) throws Exception {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 20; attempt++) {
            int first = 20_000 + random.nextInt(10_000);
            try {
                return SimulatedAgents.start("127.0.0.1", first, count, 1, "public", 125_000, 2);
            } catch (java.io.IOException taken) {
                // a port of the block is in use: another block
            }
        }
        throw new AssertionError("no block of " + count + " free UDP ports");
    }

    @Test
    @Order(6)
    void aBillingRunKilledOnOneNodeIsFinishedByTheOtherExactlyOnce() throws Exception {
        String operator = login(a.port(), null, "admin", ADMIN_PASSWORD);
        String tenantId = tenant(operator, "Billing ISP", "billing-isp", "ENTERPRISE");
        String bossOnA = login(a.port(), "billing-isp", "boss", ADMIN_PASSWORD);
        HttpResponse<String> plan = KarafProcess.post(http, a.port(), "/api/v1/plans", "{\"name\":\"Fibre 100\","
                + "\"price\":\"49.90\",\"currency\":\"USD\",\"billingPeriod\":\"MONTHLY\",\"downloadMbps\":100,"
                + "\"uploadMbps\":20,\"taxRate\":\"20\"}", bossOnA);
        assertEquals(201, plan.statusCode(), plan.body());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        seed(tenantId, read(plan).path("id").asText(), today);

        HttpResponse<String> started = KarafProcess.post(http, a.port(), "/api/v1/billing/runs", "{\"date\":\""
                + today + "\"}", bossOnA);
        assertEquals(202, started.statusCode(), started.body());
        String runPath = "/api/v1/billing/runs/" + read(started).path("id").asText();
        assertEquals(SUBSCRIPTIONS, read(started).path("total").asInt());
        // the run's lease, held by A, in B's list
        String lease = "io.dotmac.billing.automated/billing-run:" + read(started).path("id").asText();
        String leases = KarafProcess.shell(b.home(), "dotmac:cluster-list");
        assertTrue(leases.lines().anyMatch(l -> l.contains(lease) && l.contains("node-a") && l.contains("HELD")),
                leases);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode seen;
        do {
            Thread.sleep(50);
            seen = read(KarafProcess.get(http, a.port(), runPath, bossOnA));
            assertEquals("RUNNING", seen.path("status").asText(), "the run ended before it could be killed");
            assertTrue(System.nanoTime() < deadline, "the run did not get a fifth done in 120 s: " + seen);
        } while (seen.path("done").asInt() < SUBSCRIPTIONS / 5);

        ProcessHandle nodeA = KarafProcess.jvm(a.home()).orElseThrow(() -> new AssertionError("no JVM of node A"));
        assertTrue(nodeA.destroyForcibly());
        nodeA.onExit().get();
        long killed = System.nanoTime();
        long killedAtMillis = System.currentTimeMillis();
        int atKill = count("SELECT COUNT(*) FROM dotmac_invoice WHERE tenant_id = '" + tenantId + "'");
        assertTrue(atKill > 0 && atKill < SUBSCRIPTIONS, "killed midway: " + atKill);

        // B takes the run on once A's lease runs out, and finishes it
        String bossOnB = login(b.port(), "billing-isp", "boss", ADMIN_PASSWORD);
        JsonNode run;
        deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        do {
            Thread.sleep(200);
            run = read(KarafProcess.get(http, b.port(), runPath, bossOnB));
            assertTrue(System.nanoTime() < deadline, "B did not finish the run in 180 s: " + run);
        } while ("RUNNING".equals(run.path("status").asText()));
        System.out.printf("ClusterIT: billing run killed on A at %d of %d invoices, finished by B %d ms after%n",
                atKill, SUBSCRIPTIONS, Duration.ofNanos(System.nanoTime() - killed).toMillis());
        assertEquals("COMPLETED", run.path("status").asText(), run.toString());
        assertEquals(SUBSCRIPTIONS, run.path("done").asInt());
        assertEquals(0, run.path("failed").asInt());
        assertEquals(SUBSCRIPTIONS, run.path("invoices").asInt());

        String t = "tenant_id = '" + tenantId + "'";
        assertEquals(SUBSCRIPTIONS, count("SELECT COUNT(*) FROM dotmac_invoice WHERE " + t), "0 duplicates");
        assertEquals(SUBSCRIPTIONS, count("SELECT COUNT(DISTINCT customer_id) FROM dotmac_invoice WHERE " + t),
                "0 missing");
        assertEquals(SUBSCRIPTIONS, count("SELECT COUNT(*) FROM dotmac_billing_charge WHERE " + t));
        assertEquals(0, count("SELECT COUNT(*) FROM dotmac_subscription WHERE " + t + " AND next_billing_date <= '"
                + today + "'"));
        assertEquals(SUBSCRIPTIONS, count("SELECT MAX(CAST(SUBSTRING(number, 10) AS INTEGER)) FROM dotmac_invoice "
                + "WHERE " + t), "numbered 1.." + SUBSCRIPTIONS + " without a gap");
        assertEquals(SUBSCRIPTIONS, count("SELECT COUNT(DISTINCT number) FROM dotmac_invoice WHERE " + t));
        assertEquals(SUBSCRIPTIONS, count("SELECT COUNT(*) FROM dotmac_invoice_line WHERE " + t));
        // B polls every device once A's parts ran out (at most the polling lease, or the node timeout, and a third of
        // the lease after the kill) at the device's next slot: within two intervals; then once per interval
        if (agents != null) {
            long takenBy = killedAtMillis + 2_000L * POLL_SECONDS + 1_000;
            long wait = takenBy + 2_000L * POLL_SECONDS - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            java.util.Set<Integer> after = new java.util.HashSet<>();
            long lastTaken = 0;
            for (int i = 0; i < DEVICES; i++) {
                List<SimulatedAgents.Poll> polls = window(agents.agent(i).polls(), killedAtMillis, Long.MAX_VALUE);
                assertTrue(!polls.isEmpty() && polls.get(0).atMillis() <= takenBy, "device " + i + " polled by B "
                        + "within two intervals of A's end: " + polls);
                lastTaken = Math.max(lastTaken, polls.get(0).atMillis() - killedAtMillis);
                List<SimulatedAgents.Poll> steady = window(polls, polls.get(0).atMillis(), Long.MAX_VALUE);
                assertOncePerInterval(steady, "device " + i + " (by B)");
                steady.forEach(p -> after.add(p.fromPort()));
            }
            assertEquals(1, after.size(), "only B polls: " + after);
            System.out.printf("ClusterIT: every device polled by B within %d ms of A's kill%n", lastTaken);
        }
        // and a re-run of the day on B bills nothing
        HttpResponse<String> rerun = KarafProcess.post(http, b.port(), "/api/v1/billing/runs", "{\"date\":\""
                + today + "\"}", bossOnB);
        assertEquals(202, rerun.statusCode(), rerun.body());
        assertEquals(0, read(rerun).path("total").asInt(), rerun.body());
    }

    /** {@value #SUBSCRIPTIONS} customers, each with a subscription starting today, written as the system role. */
    private void seed(String tenantId, String planId, LocalDate today) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresDatabase.urlOf(pg[0]), pg[3], "system");
                Statement s = c.createStatement()) {
            s.execute("SET dotmac.system = 'on'");
            s.execute("INSERT INTO dotmac_customer (id, tenant_id, name, email, email_key, phone, service_address, "
                    + "status, created_at, updated_at) SELECT format('C%s', lpad(n::text, 8, '0')), '" + tenantId
                    + "', format('Customer %s', n), format('c%s@billing.test', n), format('c%s@billing.test', n), "
                    + "NULL, NULL, 'ACTIVE', now(), now() FROM generate_series(1, " + SUBSCRIPTIONS + ") n");
            s.execute("INSERT INTO dotmac_subscription (id, tenant_id, customer_id, plan_id, start_date, status, "
                    + "next_billing_date, cancel_at, created_at, updated_at) SELECT format('S%s', lpad(n::text, 8, "
                    + "'0')), '" + tenantId + "', format('C%s', lpad(n::text, 8, '0')), '" + planId + "', DATE '"
                    + today + "', 'ACTIVE', DATE '" + today + "', NULL, now(), now() FROM generate_series(1, "
                    + SUBSCRIPTIONS + ") n");
        }
        try (Connection c = DriverManager.getConnection(PostgresDatabase.urlOf(pg[0]), pg[1], "owner");
                Statement s = c.createStatement()) {
            s.execute("ANALYZE dotmac_customer");
            s.execute("ANALYZE dotmac_subscription");
        }
    }

    private int count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresDatabase.urlOf(pg[0]), pg[3], "system");
                Statement s = c.createStatement()) {
            s.execute("SET dotmac.system = 'on'");
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A tenant made on node A by the operator, its administrator "boss" with the test's password; its id. */
    private String tenant(String operator, String name, String slug, String tier) throws Exception {
        HttpResponse<String> made = KarafProcess.post(http, a.port(), "/api/v1/tenants", "{\"name\":\"" + name
                + "\",\"slug\":\"" + slug + "\",\"tier\":\"" + tier + "\",\"admin\":{\"username\":\"boss\","
                + "\"email\":\"boss@" + slug + ".example.com\",\"password\":\"" + ADMIN_PASSWORD + "\"}}",
                operator);
        assertEquals(201, made.statusCode(), made.body());
        return read(made).path("id").asText();
    }

    /** A new database with its owner, app and system roles: {name, owner, app, system}. */
    static String[] database() throws Exception {
        String suffix = (System.currentTimeMillis() / 1000) + "_" + UUID.randomUUID().toString().substring(0, 6);
        String[] pg = new String[] {"dotmac_cl_" + suffix, "dotmac_cl_owner_" + suffix, "dotmac_cl_app_" + suffix,
            "dotmac_cl_system_" + suffix};
        try (Connection c = PostgresDatabase.admin(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + pg[1] + " LOGIN PASSWORD 'owner'");
            s.execute("CREATE ROLE " + pg[2] + " LOGIN PASSWORD 'app'");
            s.execute("CREATE ROLE " + pg[3] + " LOGIN PASSWORD 'system'");
            s.execute("CREATE DATABASE " + pg[0] + " OWNER " + pg[1]);
        }
        return pg;
    }

    static void dropDatabase(String[] pg) throws Exception {
        try (Connection c = PostgresDatabase.admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + pg[0] + " WITH (FORCE)");
            for (int i = 1; i < pg.length; i++) {
                s.execute("DROP ROLE IF EXISTS " + pg[i]);
            }
        }
    }

    /**
     * The keys every node of a deployment shares: the token signing key and the keys of sealed secrets (SMTP
     * passwords, SNMP credentials, webhook secrets, the management platform's); here one random key for all.
     */
    static void shareKeys(Path home, String key) throws java.io.IOException {
        for (String name : List.of("dotmac-token.key", "dotmac-email.key", "dotmac-network.key",
                "dotmac-integrations.key", "dotmac-management.key")) {
            Path file = home.resolve("etc").resolve(name);
            Files.writeString(file, key);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** A token signing key every node shares (base64 of 32 random bytes). */
    static String tokenKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private String login(int port, String tenant, String username, String password) throws Exception {
        HttpResponse<String> r = KarafProcess.post(http, port, "/api/v1/auth/token", "{" + (tenant == null ? ""
                : "\"tenant\":\"" + tenant + "\",") + "\"username\":\"" + username + "\",\"password\":\"" + password
                + "\"}", null);
        assertEquals(200, r.statusCode(), r.body());
        return read(r).path("access_token").asText();
    }

    /** A login on a node that hears of the tenant made on the other one within the propagation delay. */
    private String awaitLogin(int port, String tenant, String username, String password) throws Exception {
        long deadline = System.nanoTime() + PROPAGATION.toNanos();
        HttpResponse<String> r;
        do {
            r = KarafProcess.post(http, port, "/api/v1/auth/token", "{\"tenant\":\"" + tenant + "\",\"username\":\""
                    + username + "\",\"password\":\"" + password + "\"}", null);
            if (r.statusCode() == 200) {
                return read(r).path("access_token").asText();
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no login on the other node: " + r.statusCode() + " " + r.body());
    }

    /** Polls until {@code done}; how long it took (ms); fails after the propagation delay. */
    private static long await(Check check, IntPredicate done, String what) throws Exception {
        return await(check, done, what, PROPAGATION);
    }

    private static long await(Check check, IntPredicate done, String what, Duration timeout) throws Exception {
        long started = System.nanoTime();
        int last;
        do {
            last = check.status();
            if (done.test(last)) {
                return Duration.ofNanos(System.nanoTime() - started).toMillis();
            }
            Thread.sleep(20);
        } while (System.nanoTime() - started < timeout.toNanos());
        throw new AssertionError(what + ": still " + last + " after " + timeout.toSeconds() + " s");
    }

    @FunctionalInterface
    private interface Check {
        int status() throws Exception;
    }

    private static JsonNode read(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }
}
