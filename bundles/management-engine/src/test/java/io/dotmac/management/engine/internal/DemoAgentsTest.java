package io.dotmac.management.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.UnavailableException;

/** The demos' agents take free blocks of their port range, skip ports something else holds, and give them back. */
class DemoAgentsTest {

    @Test
    void blocksAreFoundFreeAndGivenBack() throws Exception {
        int base = 40_000 + (int) (ProcessHandle.current().pid() % 5_000) * 2;
        try (DemoAgents agents = new DemoAgents("127.0.0.1", base + "-" + (base + 9));
                DatagramSocket taken = new DatagramSocket(base + 3, InetAddress.getByName("127.0.0.1"))) {
            DemoAgents.Block a = agents.start("a", 3, "community-a", 1L);
            assertEquals(base, a.firstPort());
            // base+3 is held by another socket: the block of three after it
            DemoAgents.Block b = agents.start("b", 3, "community-b", 2L);
            assertEquals(base + 6, b.firstPort());
            assertThrows(UnavailableException.class, () -> agents.start("c", 3, "community-c", 3L),
                    "no three free ports left");
            agents.stop("a");
            assertEquals(base, agents.start("c", 3, "community-c", 3L).firstPort(), "a's block is free again");
            assertEquals(2, agents.runningDemos());
            assertTrue(agents.resume("b", b, 2L), "running already");
        }
    }

    @Test
    void ratesComeFromTheSeed() {
        assertEquals(DemoAgents.rates(42L, 10), DemoAgents.rates(42L, 10));
        assertTrue(DemoAgents.rates(42L, 10).stream().allMatch(r -> r >= 250_000 && r <= 12_000_000));
    }
}
