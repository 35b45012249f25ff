package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dotmac.network.monitoring.NetworkEvents;
import io.dotmac.snmp.sim.SimulatedAgents;
import io.dotmac.snmp.sim.SimulatedAgents.Mode;
import io.dotmac.snmp.sim.Snmpd;

/**
 * The PREMIUM plugins network_monitoring and snmp_integration through HTTP and the shell, against Debian's snmpd
 * (v2c and v3, started by the test) and simulated agents inside the container (counter wrap, agent restart,
 * silence, garbage, wrong types, interfaces going down): devices with sealed credentials, status, rates, history
 * downsampled and purged, debounced events, discovery, tier gating, per-tenant activation and isolation.
 */
public abstract class NetworkMonitoringSuite extends TicketsAndUsersSuite {

    static final String SIM_PORT = "dotmac.it.simPort";
    static final String SNMPD_PORT = "dotmac.it.snmpdPort";
    static final String SIM_FIRST = "127.0.1.1";
    static final int AGENTS = 16;
    /** 1.25 MB/s in and 2.5 MB/s out on every simulated interface: 10 and 20 Mbit/s. */
    static final long RATE = 1_250_000L;
    private static final String CFG = "etc/io.dotmac.network.monitoring.cfg";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SimulatedAgents sim;

    /** The options these suites add: one-second polls, DOWN after two failures, retention every second. */
    protected static Option[] networkMonitoring() {
        return new Option[] { tenancy(), editConfigurationFilePut(CFG, "minPollIntervalSeconds", "1"),
            editConfigurationFilePut(CFG, "downAfterPolls", "2"),
            editConfigurationFilePut(CFG, "retentionCheckSeconds", "1"),
            editConfigurationFilePut(CFG, "discoveryTimeoutMillis", "300"),
            // sla_management's schedule looks for a finished month every second
            editConfigurationFilePut("etc/io.dotmac.sla.cfg", "evaluateEverySeconds", "1"),
            containerProperty(SIM_PORT, String.valueOf(freePort())),
            // below the ephemeral range: a port the kernel hands out (to another suite's UDP socket, such as
            // ClusterIT's agents) between now and snmpd's start would make snmpd exit ("Error opening specified
            // endpoint")
            containerProperty(SNMPD_PORT, String.valueOf(freePortBelowEphemeral())),
            bundle(Path.of(System.getProperty("dotmac.snmpsim")).toUri().toString()) };
    }

    /** Agents on 127.0.1.1 to 127.0.1.16, 4 interfaces each, all on one port; one set per container. */
    protected static synchronized SimulatedAgents sim() throws Exception {
        if (sim == null) {
            sim = SimulatedAgents.startOnAddresses(SIM_FIRST, simPort(), AGENTS, 4, "public", RATE, 1);
        }
        return sim;
    }

    static int simPort() {
        return Integer.parseInt(System.getProperty(SIM_PORT));
    }

    static String agent(int i) {
        return "127.0.1." + (i + 1);
    }

    // ---- helpers ----

    protected final List<Event> netEvents = new CopyOnWriteArrayList<>();

    protected ServiceRegistration<EventHandler> listenNetwork() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, "io/dotmac/network/*");
        return bundleContext.registerService(EventHandler.class, netEvents::add, props);
    }

    protected List<Event> netEvents(String topic, String deviceId) {
        return netEvents.stream().filter(e -> e.getTopic().equals(topic)
                && deviceId.equals(e.getProperty(NetworkEvents.DEVICE))).toList();
    }

    protected static ObjectNode v2c(String name, String address, int port, String community) {
        return JSON.createObjectNode().put("name", name).put("address", address).put("port", port)
                .put("version", "v2c").put("community", community).put("pollIntervalSeconds", 1)
                .put("timeoutMillis", 300).put("retries", 0);
    }

    protected HttpResponse<String> addDevice(String boss, ObjectNode body) throws Exception {
        return send("POST", "/api/v1/network/devices", body.toString(), "Authorization", boss);
    }

    protected String device(String boss, ObjectNode body) throws Exception {
        HttpResponse<String> r = addDevice(boss, body);
        assertEquals(r.body(), 201, r.statusCode());
        return json(r).path("id").asText();
    }

    protected JsonNode status(String boss, String id) throws Exception {
        HttpResponse<String> r = get("/api/v1/network/devices/" + id + "/status", "Authorization", boss);
        assertEquals(r.body(), 200, r.statusCode());
        return json(r);
    }

    protected JsonNode awaitStatus(String boss, String id, String what, Predicate<JsonNode> condition)
            throws Exception {
        JsonNode[] last = new JsonNode[1];
        await(what, Duration.ofSeconds(30), () -> condition.test(last[0] = status(boss, id)));
        return last[0];
    }

    protected static JsonNode iface(JsonNode status, int ifIndex) {
        for (JsonNode i : status.path("interfaces")) {
            if (i.path("ifIndex").asInt() == ifIndex) {
                return i;
            }
        }
        return JSON.createObjectNode();
    }

    /** Within 15 % of {@code expected} bit/s. */
    protected static boolean near(JsonNode rate, long expected) {
        return rate.isNumber() && Math.abs(rate.asLong() - expected) <= expected * 15 / 100;
    }

    protected Instant lastPoll(String tenantId, String deviceId) throws Exception {
        return inTenantDb(tenantId, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT last_poll_at FROM dotmac_network_device "
                    + "WHERE tenant_id = ? AND id = ?")) {
                s.setString(1, tenantId);
                s.setString(2, deviceId);
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    Timestamp t = rs.getTimestamp(1);
                    return t == null ? null : t.toInstant();
                }
            }
        });
    }

    /** Holds for the whole {@code period}: that nothing happens is all a test can see of polling stopped. */
    protected static void holds(String what, Duration period, Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            assertTrue(what, condition.call());
            Thread.sleep(100);
        }
    }

    protected static List<String> fields(HttpResponse<String> r) throws Exception {
        List<String> fields = new ArrayList<>();
        json(r).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    // ---- the tests ----

    protected void checkDevicesAreValidatedSealedAndIsolated() throws Exception {
        assumeDatabase();
        sim();
        String slug = unique("net");
        String tenantId = createTenant(slug, "PREMIUM").path("id").asText();
        String boss = bearer(token(slug, "boss"));
        HttpResponse<String> bad = send("POST", "/api/v1/network/devices", "{\"name\":\" \",\"address\":"
                + "\"router.example.com\",\"port\":70000,\"version\":\"v1\",\"pollIntervalSeconds\":0,"
                + "\"retries\":9,\"tags\":[\"no spaces\"],\"customerId\":\"nobody\"}", "Authorization", boss);
        assertProblem(bad, 422);
        assertEquals(List.of("name", "address", "port", "version", "pollIntervalSeconds", "retries", "tags",
                "customerId"), fields(bad));
        HttpResponse<String> v3bad = addDevice(boss, JSON.createObjectNode().put("name", "edge").put("address",
                "127.0.9.1").put("version", "v3").put("snmpUser", "mon").put("authProtocol", "MD5")
                .put("privProtocol", "AES256"));
        assertProblem(v3bad, 422);
        assertEquals(List.of("authProtocol", "privPassphrase"), fields(v3bad));
        assertEquals(0, json(get("/api/v1/network/devices", "Authorization", boss)).path("items").size());

        ObjectNode core = v2c("core-1", agent(12), simPort(), "public").put("site", "pop-1");
        core.putArray("tags").add("core").add("pop-1");
        HttpResponse<String> created = addDevice(boss, core);
        assertEquals(created.body(), 201, created.statusCode());
        assertFalse(created.body(), created.body().contains("public"));
        String id = json(created).path("id").asText();
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith("/api/v1/network/devices/" + id));
        ObjectNode edge = JSON.createObjectNode().put("name", "edge-1").put("address", "127.0.9.1")
                .put("version", "v3").put("snmpUser", "monitor").put("authProtocol", "SHA-256")
                .put("authPassphrase", "edge-auth-secret").put("privProtocol", "AES")
                .put("privPassphrase", "edge-priv-secret").put("pollIntervalSeconds", 60);
        HttpResponse<String> e = addDevice(boss, edge);
        assertEquals(e.body(), 201, e.statusCode());
        String edgeId = json(e).path("id").asText();
        JsonNode shown = json(get("/api/v1/network/devices/" + edgeId, "Authorization", boss));
        assertEquals("SHA256", shown.path("authProtocol").asText());
        assertEquals("AES128", shown.path("privProtocol").asText());
        assertEquals("monitor", shown.path("snmpUser").asText());
        assertFalse(shown.toString().contains("edge-auth-secret") || shown.toString().contains("edge-priv-secret"));
        assertProblem(addDevice(boss, v2c("again", agent(12), simPort(), "x")), 409);
        // the same address on another port is another agent: a device of its own
        HttpResponse<String> otherPort = addDevice(boss, v2c("core-1-alt", agent(12), 161, "x"));
        assertEquals(otherPort.body(), 201, otherPort.statusCode());
        assertEquals(204, send("DELETE", "/api/v1/network/devices/" + json(otherPort).path("id").asText(), null,
                "Authorization", boss).statusCode());
        inTenantDb(tenantId, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT credentials_enc FROM dotmac_network_device "
                    + "WHERE tenant_id = ?")) {
                s.setString(1, tenantId);
                try (ResultSet rs = s.executeQuery()) {
                    int n = 0;
                    while (rs.next()) {
                        String sealed = rs.getString(1);
                        assertFalse(sealed, sealed.contains("public") || sealed.contains("secret"));
                        n++;
                    }
                    assertEquals(2, n);
                }
            }
            return null;
        });
        assertEquals(1, json(get("/api/v1/network/devices?tag=core", "Authorization", boss)).path("items").size());
        assertEquals(1, json(get("/api/v1/network/devices?site=pop-1", "Authorization", boss)).path("items").size());
        awaitStatus(boss, id, "core-1 polled", s -> "UP".equals(s.path("status").asText()));

        // a replace without the community keeps it: the device goes on answering
        ObjectNode renamed = v2c("core-1b", agent(12), simPort(), "public");
        renamed.remove("community");
        HttpResponse<String> put = send("PUT", "/api/v1/network/devices/" + id, renamed.toString(), "Authorization",
                boss);
        assertEquals(put.body(), 200, put.statusCode());
        Instant before = Instant.now();
        awaitStatus(boss, id, "polled after the change", s -> "UP".equals(s.path("status").asText())
                && Instant.parse(s.path("lastPollAt").asText()).isAfter(before) && s.path("reason").isMissingNode());
        // a new address without the community: refused, so the stored one is never sent to the new address
        ObjectNode moved = v2c("core-1c", agent(13), simPort(), "public");
        moved.remove("community");
        HttpResponse<String> move = send("PUT", "/api/v1/network/devices/" + id, moved.toString(), "Authorization",
                boss);
        assertProblem(move, 422);
        assertEquals("community", json(move).path("errors").get(0).path("field").asText());
        assertContains(json(move).path("errors").get(0).path("message").asText(), "address");
        assertEquals("core-1b", json(get("/api/v1/network/devices/" + id, "Authorization", boss)).path("name")
                .asText());

        // another tenant sees and changes nothing of it
        String other = unique("net");
        createTenant(other, "PREMIUM");
        String intruder = bearer(token(other, "boss"));
        String d = "/api/v1/network/devices/" + id;
        assertProblem(get(d, "Authorization", intruder), 404);
        assertProblem(get(d + "/status", "Authorization", intruder), 404);
        assertProblem(get(d + "/interfaces/1/history", "Authorization", intruder), 404);
        assertProblem(send("PUT", d, renamed.toString(), "Authorization", intruder), 404);
        assertProblem(send("POST", d + "/poll", "", "Authorization", intruder), 404);
        assertProblem(request("DELETE", d, "Authorization", intruder), 404);
        assertEquals(0, json(get("/api/v1/network/devices", "Authorization", intruder)).path("items").size());
        assertEquals("core-1b", json(get(d, "Authorization", boss)).path("name").asText());
        inTenantDb(tenantId, c -> {
            assertTrue(count(c, "SELECT COUNT(*) FROM dotmac_network_interface WHERE tenant_id = ? AND device_id = ?",
                    tenantId, id) > 0);
            return null;
        });

        // roles: staff may read and poll, not add or delete
        addUser(tenantId, "staff", "ISP_STAFF");
        String staff = bearer(token(slug, "staff"));
        assertEquals(200, get(d + "/status", "Authorization", staff).statusCode());
        assertProblem(addDevice(staff, v2c("x", "127.0.9.9", 161, "x")), 403);
        assertProblem(request("DELETE", d, "Authorization", staff), 403);

        // delete takes the device with its interfaces and samples
        assertEquals(204, request("DELETE", "/api/v1/network/devices/" + edgeId, "Authorization", boss).statusCode());
        assertProblem(get("/api/v1/network/devices/" + edgeId, "Authorization", boss), 404);

        // below PREMIUM: 403 naming the plugin and tiers, for reads, writes and discovery
        String basic = unique("netb");
        createTenant(basic, "BASIC");
        String b = bearer(token(basic, "boss"));
        HttpResponse<String> refused = get("/api/v1/network/devices", "Authorization", b);
        assertProblem(refused, 403);
        assertEquals("network_monitoring", json(refused).path("plugin").asText());
        assertEquals("PREMIUM", json(refused).path("requiredTier").asText());
        assertProblem(addDevice(b, v2c("x", "127.0.9.9", 161, "x")), 403);
        assertProblem(send("POST", "/api/v1/network/discovery", "{\"cidr\":\"127.0.1.0/30\"}", "Authorization", b),
                403);
    }

    protected void checkSnmpdIsPolledOverV2cAndV3() throws Exception {
        assumeDatabase();
        int port = Integer.parseInt(System.getProperty(SNMPD_PORT));
        Path dir = Files.createTempDirectory("snmpd");
        try (Snmpd snmpd = Snmpd.start(dir, port, List.of("127.0.2.1", "127.0.2.2", "127.0.2.3", "127.0.2.4"))) {
            String slug = unique("snmpd");
            createTenant(slug, "PREMIUM");
            String boss = bearer(token(slug, "boss"));
            String v2 = device(boss, v2c("snmpd-v2c", "127.0.2.1", port, Snmpd.COMMUNITY));
            ObjectNode v3 = JSON.createObjectNode().put("name", "snmpd-v3").put("address", "127.0.2.2")
                    .put("port", port).put("version", "v3").put("snmpUser", Snmpd.USER).put("authProtocol", "SHA256")
                    .put("authPassphrase", Snmpd.AUTH_PASS).put("privProtocol", "AES128")
                    .put("privPassphrase", Snmpd.PRIV_PASS).put("pollIntervalSeconds", 1).put("timeoutMillis", 500)
                    .put("retries", 1);
            String v3id = device(boss, v3);
            String wrongAuth = device(boss, v3.deepCopy().put("address", "127.0.2.3")
                    .put("authPassphrase", "not-the-passphrase").put("name", "snmpd-bad-v3"));
            String wrongCommunity = device(boss, v2c("snmpd-bad-v2c", "127.0.2.4", port, "guess"));
            for (String id : List.of(v2, v3id)) {
                JsonNode s = awaitStatus(boss, id, "snmpd answers " + id, x -> "UP".equals(x.path("status").asText())
                        && x.path("interfaces").size() > 0
                        && x.path("interfaces").findValues("inBps").stream().anyMatch(JsonNode::isNumber));
                assertEquals(Snmpd.SYS_NAME, s.path("sysName").asText());
                assertTrue(s.toString(), s.path("uptimeSeconds").asLong(-1) >= 0);
                assertEquals("up", iface(s, 1).path("adminStatus").asText());
            }
            JsonNode auth = awaitStatus(boss, wrongAuth, "wrong passphrase named", x -> "DOWN".equals(
                    x.path("status").asText()));
            assertContains(auth.path("reason").asText(), "AUTHENTICATION");
            assertContains(auth.path("reason").asText(), "wrong authentication passphrase");
            JsonNode community = awaitStatus(boss, wrongCommunity, "wrong community named", x -> "DOWN".equals(
                    x.path("status").asText()));
            assertContains(community.path("reason").asText(), "TIMEOUT");
            assertContains(community.path("reason").asText(), "wrong community");
            assertTrue("snmpd still runs", snmpd.alive());
        }
    }

    protected void checkRatesSurviveWrapAndRestartAndEventsAreDebounced() throws Exception {
        assumeDatabase();
        SimulatedAgents agents = sim();
        ServiceRegistration<EventHandler> reg = listenNetwork();
        try {
            String slug = unique("rate");
            String tenantId = createTenant(slug, "PREMIUM").path("id").asText();
            String boss = bearer(token(slug, "boss"));
            String counters = device(boss, v2c("counters", agent(0), simPort(), "public"));
            String flaky = device(boss, v2c("flaky", agent(1), simPort(), "public"));
            awaitStatus(boss, counters, "10 and 20 Mbit/s", s -> near(iface(s, 1).path("inBps"), 8 * RATE)
                    && near(iface(s, 1).path("outBps"), 16 * RATE));

            // the counters pass 2^64 in two seconds: the rate goes on, never negative, never absurd
            agents.agent(0).setCounters(-2 * RATE);
            Instant wrapAt = Instant.now().plusSeconds(2);
            awaitStatus(boss, counters, "rates after the wrap", s -> Instant.parse(iface(s, 1).path("updatedAt")
                    .asText()).isAfter(wrapAt.plusSeconds(2)) && near(iface(s, 1).path("inBps"), 8 * RATE));
            // the agent restarts: sysUpTime and counters from zero; the rates start again, no negative one
            agents.agent(0).restart();
            awaitStatus(boss, counters, "uptime back to zero", s -> s.path("uptimeSeconds").asLong(99) < 3);
            awaitStatus(boss, counters, "rates after the restart", s -> near(iface(s, 1).path("inBps"), 8 * RATE));
            inTenantDb(tenantId, c -> {
                assertTrue(count(c, "SELECT COUNT(*) FROM dotmac_network_sample WHERE tenant_id = ? AND device_id = ?",
                        tenantId, counters) >= 5);
                assertEquals("no negative or absurd rate was stored", 0, count(c, "SELECT COUNT(*) FROM "
                        + "dotmac_network_sample WHERE tenant_id = ? AND device_id = ? AND (in_bps < 0 OR out_bps < 0 "
                        + "OR in_bps > ? OR out_bps > ?)", tenantId, counters, 8 * RATE * 13 / 10,
                        16 * RATE * 13 / 10));
                return null;
            });

            // an interface going down and up: one event each, with tenant, device and interface
            agents.agent(0).operStatus(3, 2);
            await("INTERFACE_DOWN", Duration.ofSeconds(20),
                    () -> netEvents(NetworkEvents.INTERFACE_DOWN, counters).size() == 1);
            Event down = netEvents(NetworkEvents.INTERFACE_DOWN, counters).get(0);
            assertEquals(3, down.getProperty(NetworkEvents.IF_INDEX));
            assertEquals("eth3", down.getProperty(NetworkEvents.IF_NAME));
            assertEquals(tenantId, down.getProperty("tenant"));
            assertEquals("DOWN", iface(status(boss, counters), 3).path("status").asText());
            agents.agent(0).operStatus(3, 1);
            await("INTERFACE_UP", Duration.ofSeconds(20),
                    () -> netEvents(NetworkEvents.INTERFACE_UP, counters).size() == 1);

            // a device that stops answering is DOWN after two polls, once, and UP again once
            awaitStatus(boss, flaky, "flaky up", s -> "UP".equals(s.path("status").asText()));
            agents.agent(1).mode(Mode.SILENT);
            JsonNode dead = awaitStatus(boss, flaky, "flaky down", s -> "DOWN".equals(s.path("status").asText()));
            assertContains(dead.path("reason").asText(), "TIMEOUT");
            assertTrue(dead.path("consecutiveFailures").asInt() >= 2);
            await("DEVICE_DOWN", Duration.ofSeconds(10), () -> netEvents(NetworkEvents.DEVICE_DOWN, flaky).size() == 1);
            Event e = netEvents(NetworkEvents.DEVICE_DOWN, flaky).get(0);
            assertEquals(tenantId, e.getProperty("tenant"));
            assertEquals(agent(1), e.getProperty(NetworkEvents.ADDRESS));
            assertContains((String) e.getProperty(NetworkEvents.REASON), "TIMEOUT");
            agents.agent(1).mode(Mode.NORMAL);
            awaitStatus(boss, flaky, "flaky back", s -> "UP".equals(s.path("status").asText()));
            await("DEVICE_UP", Duration.ofSeconds(10), () -> netEvents(NetworkEvents.DEVICE_UP, flaky).size() == 1);
            assertEquals(1, netEvents(NetworkEvents.DEVICE_DOWN, flaky).size());

            // garbage and wrong types: unreachable with the reason, nothing else disturbed
            agents.agent(2).mode(Mode.GARBAGE);
            agents.agent(3).mode(Mode.WRONG_TYPES);
            String garbage = device(boss, v2c("garbage", agent(2), simPort(), "public"));
            String wrong = device(boss, v2c("wrong-types", agent(3), simPort(), "public"));
            assertContains(awaitStatus(boss, garbage, "garbage down", s -> "DOWN".equals(s.path("status").asText()))
                    .path("reason").asText(), "TIMEOUT");
            JsonNode malformed = awaitStatus(boss, wrong, "wrong types down",
                    s -> "DOWN".equals(s.path("status").asText()));
            assertContains(malformed.path("reason").asText(), "MALFORMED");
            assertContains(malformed.path("reason").asText(), "sysUpTime.0");
            assertEquals("UP", status(boss, counters).path("status").asText());
            assertEquals(200, get("/api/v1/health").statusCode());
        } finally {
            reg.unregister();
            sim().agent(1).mode(Mode.NORMAL);
            sim().agent(2).mode(Mode.NORMAL);
            sim().agent(3).mode(Mode.NORMAL);
        }
    }

    protected void checkPollingFollowsTheTierAndTheSnmpPlugin() throws Exception {
        assumeDatabase();
        sim();
        String slug = unique("act");
        String tenantId = createTenant(slug, "PREMIUM").path("id").asText();
        String boss = bearer(token(slug, "boss"));
        String id = device(boss, v2c("tiered", agent(14), simPort(), "public"));
        awaitStatus(boss, id, "polled", s -> "UP".equals(s.path("status").asText()));
        Instant first = lastPoll(tenantId, id);
        await("polls go on", Duration.ofSeconds(10), () -> lastPoll(tenantId, id).isAfter(first));

        // downgraded: polling stops within one interval (1 s), the data stays
        assertEquals(200, setTier(tenantId, "BASIC").statusCode());
        assertProblem(get("/api/v1/network/devices/" + id, "Authorization", boss), 403);
        Thread.sleep(1500); // one interval, and a poll that was in flight
        Instant stopped = lastPoll(tenantId, id);
        holds("no poll while BASIC", Duration.ofSeconds(3), () -> lastPoll(tenantId, id).equals(stopped));
        inTenantDb(tenantId, c -> {
            assertEquals(1, count(c, "SELECT COUNT(*) FROM dotmac_network_device WHERE tenant_id = ?", tenantId));
            assertTrue(count(c, "SELECT COUNT(*) FROM dotmac_network_interface WHERE tenant_id = ?", tenantId) > 0);
            return null;
        });

        // upgraded again: polling resumes, the device as it was
        assertEquals(200, setTier(tenantId, "PREMIUM").statusCode());
        await("polls resume", Duration.ofSeconds(20), () -> lastPoll(tenantId, id).isAfter(stopped));
        assertEquals("tiered", json(get("/api/v1/network/devices/" + id, "Authorization", boss)).path("name")
                .asText());

        // switching snmp_integration off stops polling too (layer 2), and on resumes it
        HttpResponse<String> off = send("PUT", "/api/v1/tenant/plugins/snmp_integration", "{\"enabled\":false}",
                "Authorization", boss);
        assertEquals(off.body(), 200, off.statusCode());
        Thread.sleep(1500);
        Instant paused = lastPoll(tenantId, id);
        holds("no poll without snmp_integration", Duration.ofSeconds(3), () -> lastPoll(tenantId, id).equals(paused));
        assertEquals(200, send("PUT", "/api/v1/tenant/plugins/snmp_integration", "{\"enabled\":true}",
                "Authorization", boss).statusCode());
        await("polls resume with snmp_integration", Duration.ofSeconds(20),
                () -> lastPoll(tenantId, id).isAfter(paused));
    }

    protected void checkHistoryIsDownsampledAndPurged() throws Exception {
        assumeDatabase();
        String slug = unique("hist");
        String tenantId = createTenant(slug, "PREMIUM").path("id").asText();
        String boss = bearer(token(slug, "boss"));
        String id = device(boss, v2c("archive", "127.0.9.7", 161, "public").put("pollIntervalSeconds", 3600)
                .put("timeoutMillis", 100));
        long now = Instant.now().getEpochSecond();
        long bucket = Math.floorDiv(now - 3 * 86_400, 300) * 300;
        long ancient = now - 500L * 86_400;
        inTenantDb(tenantId, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_network_sample (tenant_id, device_id, "
                    + "if_index, ts, in_bps, out_bps, in_errors, out_errors, in_discards, out_discards) "
                    + "VALUES (?, ?, 1, ?, ?, ?, ?, 0, 0, 0)")) {
                long[][] rows = {{bucket + 10, 100, 1000, 1}, {bucket + 20, 300, 3000, 2}, {ancient, 7, 7, 0},
                    {now - 60, 5000, 6000, 0}};
                for (long[] r : rows) {
                    s.setString(1, tenantId);
                    s.setString(2, id);
                    s.setLong(3, r[0] * 1000); // epoch milliseconds
                    s.setLong(4, r[1]);
                    s.setLong(5, r[2]);
                    s.setLong(6, r[3]);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
        await("old samples folded and the ancient purged", Duration.ofSeconds(20), () -> inTenantDb(tenantId,
                c -> count(c, "SELECT COUNT(*) FROM dotmac_network_sample WHERE tenant_id = ? AND device_id = ?",
                        tenantId, id) == 1
                        && count(c, "SELECT COUNT(*) FROM dotmac_network_rollup WHERE tenant_id = ? AND device_id = ?",
                                tenantId, id) == 1));
        String path = "/api/v1/network/devices/" + id + "/interfaces/1/history";
        JsonNode old = json(get(path + "?from=" + Instant.ofEpochSecond(bucket - 300) + "&to="
                + Instant.ofEpochSecond(bucket + 600) + "&step=PT5M", "Authorization", boss));
        assertEquals(300, old.path("stepSeconds").asLong());
        assertEquals(old.toString(), 1, old.path("points").size());
        JsonNode p = old.path("points").get(0);
        assertEquals(Instant.ofEpochSecond(bucket).toString(), p.path("at").asText());
        assertEquals(2, p.path("samples").asLong());
        assertEquals(200, p.path("inAvgBps").asLong());
        assertEquals(300, p.path("inMaxBps").asLong());
        assertEquals(2000, p.path("outAvgBps").asLong());
        assertEquals(3000, p.path("outMaxBps").asLong());
        assertEquals(3, p.path("inErrors").asLong());
        JsonNode recent = json(get(path + "?from=" + Instant.ofEpochSecond(now - 600) + "&step=60",
                "Authorization", boss));
        assertEquals(1, recent.path("points").size());
        assertEquals(5000, recent.path("points").get(0).path("inMaxBps").asLong());
        assertEquals(0, json(get(path + "?from=" + Instant.ofEpochSecond(ancient - 600) + "&to="
                + Instant.ofEpochSecond(ancient + 600), "Authorization", boss)).path("points").size());
        assertEquals(List.of("from"), fields(get(path + "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
                "Authorization", boss)));
        assertEquals(List.of("step"), fields(get(path + "?step=1", "Authorization", boss)));
        assertEquals(List.of("from"), fields(get(path + "?from=yesterday", "Authorization", boss)));
        assertEquals(List.of("ifIndex"), fields(get("/api/v1/network/devices/" + id + "/interfaces/x/history",
                "Authorization", boss)));
    }

    protected void checkDiscoveryFindsTheAgentsInARange() throws Exception {
        assumeDatabase();
        sim();
        String slug = unique("disc");
        createTenant(slug, "PREMIUM");
        String boss = bearer(token(slug, "boss"));
        String known = device(boss, v2c("known", agent(9), simPort(), "public"));
        HttpResponse<String> r = send("POST", "/api/v1/network/discovery", "{\"cidr\":\"127.0.1.8/29\",\"port\":"
                + simPort() + ",\"version\":\"v2c\",\"credentials\":{\"community\":\"public\"}}", "Authorization", boss);
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode d = json(r);
        assertEquals(6, d.path("probed").asInt());
        List<String> found = new ArrayList<>();
        d.path("found").forEach(a -> found.add(a.path("address").asText()));
        assertEquals(List.of("127.0.1.9", "127.0.1.10", "127.0.1.11", "127.0.1.12", "127.0.1.13", "127.0.1.14"),
                found);
        JsonNode ten = d.path("found").get(1);
        assertEquals("sim-127.0.1.10:" + simPort(), ten.path("sysName").asText());
        assertEquals(known, ten.path("deviceId").asText());
        assertTrue(d.path("found").get(0).path("deviceId").isMissingNode());
        JsonNode none = json(send("POST", "/api/v1/network/discovery", "{\"cidr\":\"127.0.1.8/29\",\"port\":"
                + simPort() + ",\"version\":\"v2c\",\"credentials\":{\"community\":\"wrong\"}}", "Authorization",
                boss));
        assertEquals(0, none.path("found").size());
        HttpResponse<String> wide = send("POST", "/api/v1/network/discovery", "{\"cidr\":\"127.0.8.0/23\","
                + "\"version\":\"v2c\",\"credentials\":{\"community\":\"public\"}}", "Authorization", boss);
        assertProblem(wide, 422);
        assertEquals(List.of("cidr"), fields(wide));
        assertContains(wide.body(), "at most a /24");
        HttpResponse<String> bad = send("POST", "/api/v1/network/discovery", "{\"cidr\":\"127.0.8.0/33\","
                + "\"version\":\"v9\"}", "Authorization", boss);
        assertEquals(List.of("cidr", "version"), fields(bad));
    }

    protected void checkShellListsAndPollsDevices() throws Exception {
        assumeDatabase();
        sim();
        String slug = unique("shn");
        createTenant(slug, "PREMIUM");
        String boss = bearer(token(slug, "boss"));
        String id = device(boss, v2c("shell-router", agent(13), simPort(), "public").put("pollIntervalSeconds", 60));
        String polled = shell("dotmac:device-poll " + slug + " " + id);
        assertContains(polled, "shell-router (" + agent(13) + "): UP after");
        assertContains(polled, "sysName sim-" + agent(13));
        assertContains(polled, "eth4");
        String again = shell("dotmac:device-poll " + slug + " shell-router"); // by its name
        assertContains(again, "shell-router (" + agent(13) + "): UP after");
        assertContains(again, "Mbit/s");
        String list = shell("dotmac:device-list " + slug);
        assertContains(list, id);
        assertContains(list, "shell-router");
        assertContains(list, "UP");
        assertContains(list, "1 device of " + slug);
        assertContains(shell("dotmac:device-poll " + slug + " nosuchdevice"), "No device nosuchdevice");
        String basic = unique("shb");
        createTenant(basic, "BASIC");
        assertContains(shell("dotmac:device-list " + basic), "requires PREMIUM");
        assertNotNull(polled);
    }

    // ---- sla_management ----

    private String slaPost(String path, String body, String auth, int expected) throws Exception {
        HttpResponse<String> r = send("POST", path, body, "Authorization", auth);
        assertEquals(r.body(), expected, r.statusCode());
        return json(r).path("id").asText();
    }

    protected void checkSlaMeasuresOutagesRecordsBreachesOnceAndCreditsTheNextInvoice() throws Exception {
        assumeDatabase();
        SimulatedAgents agents = sim();
        List<Event> slaEvents = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, "io/dotmac/sla/*");
        ServiceRegistration<EventHandler> listening = bundleContext.registerService(EventHandler.class,
                slaEvents::add, topics);
        ServiceRegistration<java.time.Clock> clock = null;
        try {
            String slug = unique("sla");
            String tenantId = createTenant(slug, "ENTERPRISE").path("id").asText();
            String other = unique("slab");
            createTenant(other, "ENTERPRISE");
            String boss = bearer(token(slug, "boss"));
            String bossB = bearer(token(other, "boss"));
            String premium = unique("slap");
            createTenant(premium, "PREMIUM");
            java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
            java.time.YearMonth month = java.time.YearMonth.from(today);

            String plan = slaPost("/api/v1/plans", "{\"name\":\"Business\",\"price\":\"30.00\",\"currency\":"
                    + "\"USD\",\"billingPeriod\":\"MONTHLY\",\"downloadMbps\":100,\"uploadMbps\":100,"
                    + "\"taxRate\":\"20\"}", boss, 201);
            String customer = json(createCustomer(boss, "SLA customer", unique("sla") + "@example.test")).path("id")
                    .asText();
            String subscription = slaPost("/api/v1/subscriptions", "{\"customerId\":\"" + customer
                    + "\",\"planId\":\"" + plan + "\",\"startDate\":\"" + today + "\"}", boss, 201);
            String device = device(boss, v2c("cpe", agent(5), simPort(), "public"));
            awaitStatus(boss, device, "the CPE up with its interfaces", s -> "UP".equals(s.path("status").asText())
                    && "UP".equals(iface(s, 2).path("status").asText()));

            // the agreement: 99.9999 % a month (2.6 s of downtime), 10 % of the fee back below it; an urgent
            // ticket answered within a minute. Bad fields 422, a second one for the plan 409, PREMIUM 403.
            String agreementBody = "{\"name\":\"Business 99.9999\",\"planId\":\"" + plan + "\","
                    + "\"availabilityTarget\":\"99.9999\",\"credits\":[{\"below\":\"99.9999\",\"percent\":\"10\"}],"
                    + "\"ticketTargets\":{\"URGENT\":{\"firstResponseMinutes\":1}}}";
            HttpResponse<String> refused = send("POST", "/api/v1/sla/agreements", agreementBody, "Authorization",
                    bearer(token(premium, "boss")));
            assertEquals(refused.body(), 403, refused.statusCode());
            assertContains(refused.body(), "sla_management");
            HttpResponse<String> bad = send("POST", "/api/v1/sla/agreements", "{\"name\":\"\",\"planId\":\"" + plan
                    + "\",\"customerId\":\"" + customer + "\",\"availabilityTarget\":\"101\"}", "Authorization",
                    boss);
            assertProblem(bad, 422);
            assertEquals(List.of("availabilityTarget", "name", "planId"), fields(bad).stream().sorted().toList());
            assertProblem(send("POST", "/api/v1/sla/agreements", agreementBody.replace(plan, "no-such-plan"),
                    "Authorization", boss), 422);
            String agreement = slaPost("/api/v1/sla/agreements", agreementBody, boss, 201);
            assertProblem(send("POST", "/api/v1/sla/agreements", agreementBody, "Authorization", boss), 409);
            assertProblem(send("PUT", "/api/v1/sla/links/" + subscription, "{\"deviceId\":\"nope\"}",
                    "Authorization", boss), 422);
            HttpResponse<String> linked = send("PUT", "/api/v1/sla/links/" + subscription, "{\"deviceId\":\"" + device
                    + "\",\"ifIndex\":2}", "Authorization", boss);
            assertEquals(linked.body(), 200, linked.statusCode());
            assertEquals(2, json(get("/api/v1/sla/links/" + subscription, "Authorization", boss)).path("ifIndex")
                    .asInt());
            String ticket = slaPost("/api/v1/tickets", "{\"subject\":\"Link down\",\"description\":\"No sync\","
                    + "\"customerId\":\"" + customer + "\",\"priority\":\"URGENT\"}", boss, 201);

            // the linked interface goes down for a few seconds; another interface's outage does not count
            agents.agent(5).operStatus(2, 2);
            agents.agent(5).operStatus(3, 2);
            awaitStatus(boss, device, "interfaces 2 and 3 down", s -> "DOWN".equals(iface(s, 2).path("status")
                    .asText()) && "DOWN".equals(iface(s, 3).path("status").asText()));
            Thread.sleep(4000); // the target below allows 2.6 s a month: this outage breaches it whatever the polls' timing
            agents.agent(5).operStatus(2, 1);
            agents.agent(5).operStatus(3, 1);
            awaitStatus(boss, device, "interfaces up again", s -> "UP".equals(iface(s, 2).path("status").asText())
                    && "UP".equals(iface(s, 3).path("status").asText()));
            JsonNode outages = json(get("/api/v1/network/devices/" + device + "/outages", "Authorization", boss));
            assertEquals(outages.toString(), 2, outages.size());
            JsonNode outage = outages.get(0).path("ifIndex").asInt() == 2 ? outages.get(0) : outages.get(1);
            assertEquals(outages.toString(), 2, outage.path("ifIndex").asInt());
            assertTrue(outage.toString(), outage.path("end").isTextual());
            long seconds = Duration.between(Instant.parse(outage.path("start").asText()),
                    Instant.parse(outage.path("end").asText())).getSeconds();
            assertTrue("outage of " + seconds + " s", seconds >= 4 && seconds < 30); // ≥ the 4 s held down

            // the month so far: the outage, a breach so far; the month is not over, so no evaluation yet
            JsonNode report = json(get("/api/v1/sla/reports?month=" + month, "Authorization", boss));
            assertFalse(report.path("complete").asBoolean());
            JsonNode item = report.path("subscriptions").get(0);
            assertEquals(report.toString(), subscription, item.path("subscriptionId").asText());
            assertEquals(1, item.path("outages").asInt());
            assertTrue(item.toString(), item.path("breached").asBoolean());
            assertEquals("3.00", item.path("credit").asText());
            assertProblem(send("POST", "/api/v1/sla/evaluations", "{\"month\":\"" + month + "\"}", "Authorization",
                    boss), 409);
            assertProblem(get("/api/v1/sla/reports?month=13-2026", "Authorization", boss), 422);

            // time moves to the next month: the month is over and evaluated once
            Dictionary<String, Object> clockProps = new Hashtable<>();
            clockProps.put("io.dotmac.clock", "sla");
            clock = bundleContext.registerService(java.time.Clock.class, java.time.Clock.fixed(month.plusMonths(1)
                    .atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(3600),
                    java.time.ZoneOffset.UTC), clockProps);
            await("the month over", Duration.ofSeconds(10), () -> json(get("/api/v1/sla/reports?month=" + month,
                    "Authorization", boss)).path("complete").asBoolean());
            // the schedule evaluates the finished month: two breaches, each announced once, one credit
            await("the schedule's evaluation", Duration.ofSeconds(20), () -> json(get("/api/v1/sla/breaches?month="
                    + month, "Authorization", boss)).size() == 2 && slaEvents.size() == 2);
            await("the credit taken", Duration.ofSeconds(10), () -> json(get("/api/v1/sla/breaches?month=" + month,
                    "Authorization", boss)).toString().contains("creditId"));
            Event availability = slaEvents.stream().filter(e -> "AVAILABILITY".equals(e.getProperty("kind")))
                    .findFirst().orElseThrow();
            assertEquals(tenantId, availability.getProperty("tenant"));
            assertEquals(subscription, availability.getProperty("subjectId"));
            assertEquals("3.00", availability.getProperty("credit"));
            assertEquals(month.toString(), availability.getProperty("month"));
            Event response = slaEvents.stream().filter(e -> "FIRST_RESPONSE".equals(e.getProperty("kind")))
                    .findFirst().orElseThrow();
            assertEquals(ticket, response.getProperty("subjectId"));
            // an operator's evaluation now: nothing recorded twice, no second credit
            JsonNode again = json(send("POST", "/api/v1/sla/evaluations", "{\"month\":\"" + month + "\"}",
                    "Authorization", boss));
            assertEquals(0, again.path("recorded").size());
            assertEquals(0, again.path("creditsAdded").asInt());
            Thread.sleep(500);
            assertEquals(2, slaEvents.size());
            assertEquals(2, json(get("/api/v1/sla/breaches?month=" + month, "Authorization", boss)).size());
            JsonNode credits = json(get("/api/v1/billing/credits?subscriptionId=" + subscription, "Authorization",
                    boss));
            assertEquals(credits.toString(), 1, credits.size());
            assertEquals("3.00", credits.get(0).path("amount").asText());
            assertTrue(credits.get(0).path("invoiceId").isMissingNode() || credits.get(0).path("invoiceId").isNull());

            // the next invoice carries the credit, once
            HttpResponse<String> run = send("POST", "/api/v1/billing/runs", "{\"date\":\"" + today + "\"}",
                    "Authorization", boss);
            assertEquals(run.body(), 202, run.statusCode());
            String runId = json(run).path("id").asText();
            await("the billing run", Duration.ofSeconds(60), () -> !"RUNNING".equals(json(get("/api/v1/billing/runs/"
                    + runId, "Authorization", boss)).path("status").asText()));
            JsonNode invoices = json(get("/api/v1/invoices?customerId=" + customer, "Authorization", boss))
                    .path("items");
            assertEquals(invoices.toString(), 1, invoices.size());
            JsonNode invoice = json(get("/api/v1/invoices/" + invoices.get(0).path("id").asText(), "Authorization",
                    boss));
            assertContains(invoice.path("lines").toString(), "SLA credit " + month);
            assertContains(invoice.path("lines").toString(), "-3.00");
            assertEquals("32.40", invoice.path("total").asText()); // (30.00 - 3.00) + 20 %
            assertEquals(invoice.path("id").asText(), json(get("/api/v1/billing/credits?subscriptionId="
                    + subscription, "Authorization", boss)).get(0).path("invoiceId").asText());

            // a maintenance window over the outage: no downtime, not breached (the recorded breach stays)
            assertProblem(send("POST", "/api/v1/sla/maintenance", "{\"startsAt\":\"later\",\"reason\":\"\"}",
                    "Authorization", boss), 422);
            slaPost("/api/v1/sla/maintenance", "{\"deviceId\":\"" + device + "\",\"startsAt\":\""
                    + Instant.parse(outage.path("start").asText()).minusSeconds(60) + "\",\"endsAt\":\""
                    + Instant.parse(outage.path("end").asText()).plusSeconds(60) + "\",\"reason\":\"Firmware\"}", boss,
                    201);
            JsonNode planned = json(get("/api/v1/sla/reports?month=" + month, "Authorization", boss))
                    .path("subscriptions").get(0);
            assertFalse(planned.toString(), planned.path("breached").asBoolean());
            assertEquals("0.00", planned.path("downtimeMinutes").asText());
            assertEquals("100.0000", planned.path("availability").asText());

            // tenant B sees and changes none of it
            assertEquals(0, json(get("/api/v1/sla/agreements", "Authorization", bossB)).size());
            assertEquals(404, get("/api/v1/sla/agreements/" + agreement, "Authorization", bossB).statusCode());
            assertEquals(404, send("DELETE", "/api/v1/sla/agreements/" + agreement, null, "Authorization", bossB)
                    .statusCode());
            assertEquals(404, get("/api/v1/sla/links/" + subscription, "Authorization", bossB).statusCode());
            assertEquals(404, send("PUT", "/api/v1/sla/links/" + subscription, "{\"deviceId\":\"" + device + "\"}",
                    "Authorization", bossB).statusCode());
            assertEquals(0, json(get("/api/v1/sla/reports?month=" + month, "Authorization", bossB))
                    .path("subscriptions").size());
            assertEquals(0, json(get("/api/v1/sla/breaches", "Authorization", bossB)).size());
            assertEquals(0, json(get("/api/v1/sla/maintenance?month=" + month, "Authorization", bossB)).size());

            // losing the plugin: 403 naming it; back: everything as it was
            assertEquals(200, setTier(tenantId, "PREMIUM").statusCode());
            HttpResponse<String> lost = get("/api/v1/sla/reports", "Authorization", boss);
            assertEquals(lost.body(), 403, lost.statusCode());
            assertContains(lost.body(), "sla_management");
            assertEquals(200, setTier(tenantId, "ENTERPRISE").statusCode());
            assertEquals(2, json(get("/api/v1/sla/breaches", "Authorization", boss)).size());
        } finally {
            if (clock != null) {
                clock.unregister();
            }
            listening.unregister();
            agents.agent(5).operStatus(2, 1);
            agents.agent(5).operStatus(3, 1);
        }
    }
}
