package io.dotmac.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dotmac.snmp.AgentInfo;
import io.dotmac.snmp.AuthProtocol;
import io.dotmac.snmp.DeviceSnapshot;
import io.dotmac.snmp.InterfaceSnapshot;
import io.dotmac.snmp.PrivProtocol;
import io.dotmac.snmp.SnmpException;
import io.dotmac.snmp.SnmpTarget;
import io.dotmac.snmp.UsmCredentials;
import io.dotmac.snmp.sim.SimulatedAgents;
import io.dotmac.snmp.sim.SimulatedAgents.Mode;
import io.dotmac.snmp.sim.Snmpd;

/** The client against simulated agents (faults) and Debian's snmpd (v2c and v3). */
class SnmpEngineTest {

    static final int AGENTS = 40;
    static SimulatedAgents sim;
    static SnmpEngine engine;
    static int firstPort;

    @BeforeAll
    static void start() throws Exception {
        firstPort = 20000 + (int) (ProcessHandle.current().pid() % 20000);
        sim = SimulatedAgents.start("127.0.0.1", firstPort, AGENTS, 20, "public", 1_000_000, 1);
        engine = new SnmpEngine(config(4, 10));
    }

    @AfterAll
    static void stop() throws Exception {
        engine.deactivate();
        sim.close();
    }

    static SnmpConfig config(int maxInFlight, int maxRepetitions) {
        return new SnmpConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SnmpConfig.class;
            }

            @Override
            public int maxInFlight() {
                return maxInFlight;
            }

            @Override
            public int maxRepetitions() {
                return maxRepetitions;
            }

            @Override
            public int dispatcherThreads() {
                return 2;
            }

            @Override
            public String bindAddress() {
                return "127.0.0.1"; // the agents are on loopback: the socket need not be anywhere else
            }

            @Override
            public int receiveBufferBytes() {
                return 1 << 20;
            }
        };
    }

    @Test
    void theSocketBindsToTheConfiguredAddressOnly() {
        assertEquals("127.0.0.1/0", SnmpEngine.bindAddress("127.0.0.1").toString());
        assertEquals("0.0.0.0/0", SnmpEngine.bindAddress(" ").toString());
        assertEquals("::1/0", SnmpEngine.bindAddress("::1").toString().replace("0:0:0:0:0:0:0:1", "::1"));
        assertThrows(IllegalArgumentException.class, () -> SnmpEngine.bindAddress("mgmt.example"));
    }

    static SnmpTarget agent(int i) {
        return SnmpTarget.v2c("127.0.0.1", firstPort + i, "public").withTiming(300, 1);
    }

    static SnmpException failure(CompletableFuture<?> f) throws InterruptedException {
        try {
            f.get(10, TimeUnit.SECONDS);
            fail("expected a failure");
            return null;
        } catch (ExecutionException e) {
            return (SnmpException) e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer at all", e);
        }
    }

    @Test
    void pollsSystemAndEveryInterfaceWithGetBulk() throws Exception {
        DeviceSnapshot s = engine.poll(agent(0)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("sim-127.0.0.1:" + firstPort, s.sysName());
        assertTrue(s.sysDescr().startsWith("DotMac simulated agent"));
        assertTrue(s.sysUpTime() >= 0);
        assertEquals(20, s.interfaces().size());
        assertEquals(3 + 11 * 20, s.oids(), "each value once");
        assertTrue(s.received() > s.oids(), "the last answer runs past the tables' end");
        InterfaceSnapshot eth3 = s.interfaces().get(2);
        assertEquals(3, eth3.ifIndex());
        assertEquals("eth3", eth3.name());
        assertEquals("Simulated interface 3", eth3.descr());
        assertEquals(1, eth3.adminStatus());
        assertEquals(1, eth3.operStatus());
        assertNotNull(eth3.hcInOctets());
        assertEquals(2 * eth3.hcInOctets(), eth3.hcOutOctets(), 4_000_000L);
        assertEquals(1000L, eth3.highSpeedMbps());
        assertTrue(s.warnings().isEmpty(), s.warnings().toString());
        // 11 columns x 20 rows at 10 repetitions: 3 requests (the last one finds the tables' end)
        assertEquals(3, s.requests());
        // the next poll asks for the 20 rows it saw, and one more, at once
        DeviceSnapshot next = engine.poll(agent(0)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(1, next.requests());
        assertEquals(3 + 11 * 20, next.oids());
        assertEquals(3 + 11 * 21, next.received());
    }

    @Test
    void anAgentWithoutGetBulkIsWalkedWithGetNext() throws Exception {
        sim.agent(1).mode(Mode.NO_BULK);
        DeviceSnapshot s = engine.poll(agent(1)).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(20, s.interfaces().size());
        assertTrue(s.requests() >= 20, "one row per request: " + s.requests());
    }

    @Test
    void silenceGarbageAndAWrongCommunityAreTimeouts() throws Exception {
        sim.agent(2).mode(Mode.SILENT);
        sim.agent(3).mode(Mode.GARBAGE);
        SnmpException silent = failure(engine.poll(agent(2)).toCompletableFuture());
        assertEquals(SnmpException.Reason.TIMEOUT, silent.reason());
        assertTrue(silent.getMessage().contains("no answer within 300 ms and 1 retries"), silent.getMessage());
        assertEquals(SnmpException.Reason.TIMEOUT, failure(engine.poll(agent(3)).toCompletableFuture()).reason());
        SnmpTarget wrong = SnmpTarget.v2c("127.0.0.1", firstPort + 4, "private").withTiming(300, 0);
        SnmpException e = failure(engine.poll(wrong).toCompletableFuture());
        assertTrue(e.getMessage().contains("wrong community"), e.getMessage());
    }

    @Test
    void wrongTypesAreMalformed() throws Exception {
        sim.agent(5).mode(Mode.WRONG_TYPES);
        SnmpException e = failure(engine.poll(agent(5)).toCompletableFuture());
        assertEquals(SnmpException.Reason.MALFORMED, e.reason());
        assertTrue(e.getMessage().contains("sysUpTime.0"), e.getMessage());
    }

    @Test
    void aProbeFindsTheAgent() throws Exception {
        AgentInfo info = engine.probe(agent(6)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("sim-127.0.0.1:" + (firstPort + 6), info.sysName());
        assertEquals("1.3.6.1.4.1.8072.3.2.10", info.sysObjectId());
    }

    @Test
    void manyPollsAtOnceStayWithinTheLimitAndAllComplete() throws Exception {
        List<CompletableFuture<DeviceSnapshot>> polls = new ArrayList<>();
        int[] maxSeen = {0};
        for (int i = 10; i < AGENTS; i++) {
            polls.add(engine.poll(agent(i)).toCompletableFuture());
            maxSeen[0] = Math.max(maxSeen[0], engine.stats().inFlight());
        }
        while (polls.stream().anyMatch(f -> !f.isDone())) {
            maxSeen[0] = Math.max(maxSeen[0], engine.stats().inFlight());
            Thread.onSpinWait();
        }
        for (CompletableFuture<DeviceSnapshot> f : polls) {
            assertEquals(20, f.get().interfaces().size());
        }
        assertTrue(maxSeen[0] <= 4, "in flight at most 4, saw " + maxSeen[0]);
        assertTrue(maxSeen[0] >= 1);
    }

    @Test
    void snmpdAnswersV2cAndV3AndNamesWrongCredentials(@TempDir Path dir) throws Exception {
        int port;
        try (java.net.DatagramSocket free = new java.net.DatagramSocket(0)) {
            port = free.getLocalPort();
        }
        try (Snmpd snmpd = Snmpd.start(dir, port, List.of("127.0.0.1"))) {
            SnmpTarget v2c = SnmpTarget.v2c("127.0.0.1", snmpd.port(), Snmpd.COMMUNITY).withTiming(500, 6);
            DeviceSnapshot s = engine.poll(v2c).toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertEquals(Snmpd.SYS_NAME, s.sysName());
            assertTrue(s.interfaces().stream().anyMatch(i -> i.hcInOctets() != null), s.toString());
            SnmpTarget v3 = SnmpTarget.v3("127.0.0.1", snmpd.port(), new UsmCredentials(Snmpd.USER,
                    AuthProtocol.SHA256, Snmpd.AUTH_PASS, PrivProtocol.AES128, Snmpd.PRIV_PASS)).withTiming(500, 2);
            DeviceSnapshot s3 = engine.poll(v3).toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertEquals(Snmpd.SYS_NAME, s3.sysName());
            assertEquals(s.interfaces().size(), s3.interfaces().size());
            SnmpTarget badAuth = SnmpTarget.v3("127.0.0.1", snmpd.port(), new UsmCredentials(Snmpd.USER,
                    AuthProtocol.SHA256, "not-the-passphrase", PrivProtocol.AES128, Snmpd.PRIV_PASS))
                    .withTiming(500, 1);
            SnmpException e = failure(engine.poll(badAuth).toCompletableFuture());
            assertEquals(SnmpException.Reason.AUTHENTICATION, e.reason());
            assertTrue(e.getMessage().contains("wrong authentication"), e.getMessage());
            SnmpTarget badUser = SnmpTarget.v3("127.0.0.1", snmpd.port(), new UsmCredentials("nobody",
                    AuthProtocol.SHA256, Snmpd.AUTH_PASS, null, null)).withTiming(500, 1);
            SnmpException u = failure(engine.poll(badUser).toCompletableFuture());
            assertTrue(u.getMessage().contains("unknown user 'nobody'"), u.getMessage());
        }
    }
}
