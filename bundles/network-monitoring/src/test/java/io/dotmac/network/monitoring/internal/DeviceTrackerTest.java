package io.dotmac.network.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dotmac.network.monitoring.NetworkEvents;
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.snmp.DeviceSnapshot;
import io.dotmac.snmp.InterfaceSnapshot;
import io.dotmac.snmp.SnmpTarget;

/** Rates, restarts and debounced events of one device over several polls. */
class DeviceTrackerTest {

    static final TenantRef TENANT = new TenantRef("01TENANT00000000000000000A", "acme", Tier.PREMIUM);
    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    static DeviceTracker tracker() {
        return new DeviceTracker("dev1", TENANT, new DeviceTracker.Settings("core-1", "10.0.0.1",
                SnmpTarget.v2c("10.0.0.1", 161, "public"), 10));
    }

    static DeviceSnapshot snap(long uptimeTicks, long in, int oper) {
        return snap(uptimeTicks, in, 1, oper);
    }

    static DeviceSnapshot snap(long uptimeTicks, long in, int admin, int oper) {
        return new DeviceSnapshot(uptimeTicks, "core-1", "router", List.of(new InterfaceSnapshot(1, "eth1", "Eth 1",
                admin, oper, in, 2 * in, 0L, 0L, 0L, 0L, 1000L)), 14, 14, 1, List.of());
    }

    static List<String> topics(Observation o) {
        return o.events().stream().map(Observation.Event::topic).toList();
    }

    @Test
    void ratesFromTheSecondPollOnAndAcrossTheWrap() {
        DeviceTracker t = tracker();
        Observation first = t.success(snap(100_000, 1_000, 1), T0, 3);
        assertNull(first.interfaces().get(0).inBps(), "one reading gives no rate");
        assertTrue(first.samples().isEmpty());
        Observation second = t.success(snap(101_000, 1_000 + 12_500_000, 1), T0.plusSeconds(10), 3);
        assertEquals(10_000_000L, second.interfaces().get(0).inBps(), "12.5 MB in 10 s of sysUpTime");
        assertEquals(20_000_000L, second.interfaces().get(0).outBps());
        assertEquals(1, second.samples().size());
        t.success(snap(102_000, -1_000, 1), T0.plusSeconds(20), 3); // counter set just below 2^64: absurd jump
        Observation wrapped = t.success(snap(103_000, 1_250_000 - 1_000, 1), T0.plusSeconds(30), 3);
        assertEquals(1_000_000L, wrapped.interfaces().get(0).inBps(), "past 2^64 and on");
    }

    @Test
    void anAgentRestartRestartsTheRatesInsteadOfGivingANegativeOne() {
        DeviceTracker t = tracker();
        t.success(snap(500_000, 9_000_000_000L, 1), T0, 3);
        Observation restarted = t.success(snap(1_000, 50_000, 1), T0.plusSeconds(10), 3);
        assertNull(restarted.interfaces().get(0).inBps());
        assertTrue(restarted.reason().contains("restarted"));
        Observation after = t.success(snap(2_000, 50_000 + 1_250_000, 1), T0.plusSeconds(20), 3);
        assertEquals(1_000_000L, after.interfaces().get(0).inBps());
    }

    @Test
    void aDeviceIsDownAfterNFailedPollsAndUpAgainOnce() {
        DeviceTracker t = tracker();
        t.success(snap(100, 0, 1), T0, 3);
        assertEquals(List.of(), topics(t.failure("TIMEOUT", T0.plusSeconds(10), 3)));
        assertEquals(List.of(), topics(t.failure("TIMEOUT", T0.plusSeconds(20), 3)));
        Observation down = t.failure("TIMEOUT: no answer", T0.plusSeconds(30), 3);
        assertEquals(List.of(NetworkEvents.DEVICE_DOWN), topics(down));
        assertEquals("DOWN", down.status());
        assertEquals("TIMEOUT: no answer", down.events().get(0).properties().get(NetworkEvents.REASON));
        assertEquals(T0.plusSeconds(10).toEpochMilli(), down.events().get(0).properties().get(NetworkEvents.SINCE),
                "the outage began with the first failed poll");
        assertEquals(List.of(), topics(t.failure("TIMEOUT", T0.plusSeconds(40), 3)), "DOWN once");
        Observation up = t.success(snap(5_000, 0, 1), T0.plusSeconds(50), 3);
        assertEquals(List.of(NetworkEvents.DEVICE_UP), topics(up));
        assertEquals(List.of(), topics(t.success(snap(6_000, 0, 1), T0.plusSeconds(60), 3)));
    }

    @Test
    void anInterfaceIsDownAfterNPollsSeeingItDownAndUpOnce() {
        DeviceTracker t = tracker();
        t.success(snap(100, 0, 1), T0, 2);
        assertEquals(List.of(), topics(t.success(snap(1_100, 0, 2), T0.plusSeconds(10), 2)), "one poll: a blip");
        assertEquals(List.of(), topics(t.success(snap(2_100, 0, 1), T0.plusSeconds(20), 2)), "back before N");
        t.success(snap(3_100, 0, 2), T0.plusSeconds(30), 2);
        Observation down = t.success(snap(4_100, 0, 2), T0.plusSeconds(40), 2);
        assertEquals(List.of(NetworkEvents.INTERFACE_DOWN), topics(down));
        assertEquals(1, down.events().get(0).properties().get(NetworkEvents.IF_INDEX));
        assertEquals("eth1", down.events().get(0).properties().get(NetworkEvents.IF_NAME));
        assertEquals(T0.plusSeconds(30).toEpochMilli(), down.events().get(0).properties().get(NetworkEvents.SINCE),
                "from the first poll of this run seeing it down, not the earlier blip");
        assertEquals(List.of(NetworkEvents.INTERFACE_UP), topics(t.success(snap(5_100, 0, 1), T0.plusSeconds(50), 2)));
    }

    @Test
    void aPortDownFromTheStartRaisesNoEvent() {
        DeviceTracker t = tracker();
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(), topics(t.success(snap(100 + i * 1000, 0, 2), T0.plusSeconds(10 * i), 2)));
        }
    }

    @Test
    void anInterfaceShutByItsOperatorIsAdminDownWithoutEvents() {
        DeviceTracker t = tracker();
        t.success(snap(100, 0, 1, 1), T0, 2);
        for (int i = 1; i <= 4; i++) {
            Observation o = t.success(snap(100 + i * 1000, 0, 2, 2), T0.plusSeconds(10 * i), 2);
            assertEquals(List.of(), topics(o), "shut down on purpose: no INTERFACE_DOWN");
            assertEquals("ADMIN_DOWN", o.interfaces().get(0).status());
        }
        // enabled again: up, and nothing was down
        Observation up = t.success(snap(6_100, 0, 1, 1), T0.plusSeconds(60), 2);
        assertEquals(List.of(), topics(up));
        assertEquals("UP", up.interfaces().get(0).status());
    }
}
