package io.dotmac.management.engine.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.platform.api.UnavailableException;
import io.dotmac.snmp.sim.SimulatedAgents;

/**
 * The simulated SNMP agents the demos' devices answer through: per demo, a block of consecutive UDP ports of one
 * (loopback) address, served by one thread, each agent with four interfaces whose counters grow at a rate drawn from
 * the demo's seed (so its monitoring pages show live, plausible traffic). Blocks are found free in the configured
 * range; a demo's block is kept with it, so its agents come back on the same ports after a restart.
 */
final class DemoAgents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoAgents.class);
    static final int INTERFACES = 4;

    /** Where a demo's agents listen. */
    record Block(String address, int firstPort, int count, String community) {
    }

    private final String address;
    private final int lowest;
    private final int highest;
    private final Map<String, SimulatedAgents> running = new HashMap<>();
    private final Map<String, Block> blocks = new HashMap<>();

    /** @param ports {@code <first>-<last>}, inclusive */
    DemoAgents(String address, String ports) {
        this.address = address;
        String[] range = ports.strip().split("\\s*-\\s*");
        try {
            this.lowest = Integer.parseInt(range[0]);
            this.highest = Integer.parseInt(range[range.length - 1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid io.dotmac.management configuration: demoSnmpPorts '" + ports
                    + "' is not <first>-<last>");
        }
        if (lowest < 1024 || highest > 65535 || highest < lowest) {
            throw new IllegalArgumentException("Invalid io.dotmac.management configuration: demoSnmpPorts '" + ports
                    + "' must be a range within 1024-65535");
        }
    }

    /**
     * Starts {@code count} agents for a new demo on the first free block of the range.
     *
     * @throws UnavailableException when no block of the range is free
     */
    synchronized Block start(String demoId, int count, String community, long seed) {
        int first = lowest;
        while (first + count - 1 <= highest) {
            int overlapEnd = overlapping(first, count);
            if (overlapEnd >= 0) {
                first = overlapEnd + 1;
                continue;
            }
            Block block = new Block(address, first, count, community);
            if (run(demoId, block, seed)) {
                return block;
            }
            first += count; // taken by something else: the next block
        }
        throw new UnavailableException("no " + count + " free ports for the demo's simulated devices in "
                + "demoSnmpPorts " + lowest + "-" + highest);
    }

    /** Starts a demo's agents again on their block (after a restart); false when its ports are taken now. */
    synchronized boolean resume(String demoId, Block block, long seed) {
        return running.containsKey(demoId) || run(demoId, block, seed);
    }

    /** Stops a demo's agents (its devices then stop answering). */
    synchronized void stop(String demoId) {
        SimulatedAgents agents = running.remove(demoId);
        blocks.remove(demoId);
        if (agents != null) {
            agents.close();
        }
    }

    synchronized int runningDemos() {
        return running.size();
    }

    @Override
    public synchronized void close() {
        for (String demo : new ArrayList<>(running.keySet())) {
            stop(demo);
        }
    }

    /** The last port of a running block overlapping {@code [first, first + count)}, or -1. */
    private int overlapping(int first, int count) {
        int end = -1;
        for (Block b : blocks.values()) {
            if (b.firstPort() < first + count && first < b.firstPort() + b.count()) {
                end = Math.max(end, b.firstPort() + b.count() - 1);
            }
        }
        return end;
    }

    private boolean run(String demoId, Block block, long seed) {
        try {
            SimulatedAgents agents = SimulatedAgents.start(block.address(), block.firstPort(), block.count(),
                    INTERFACES, block.community(), 1_250_000, 1);
            for (int i = 0; i < block.count(); i++) {
                agents.agent(i).rate(rates(seed, block.count()).get(i));
            }
            running.put(demoId, agents);
            blocks.put(demoId, block);
            return true;
        } catch (IOException e) {
            LOG.info("Demo {}: ports {}-{} are taken ({})", demoId, block.firstPort(), block.firstPort()
                    + block.count() - 1, e.getMessage());
            return false;
        }
    }

    /** Each agent's inbound rate, bytes a second: from 0.25 to 12 MB/s, the same for the same seed. */
    static List<Long> rates(long seed, int count) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        List<Long> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(250_000L + (long) (Math.pow(random.nextDouble(), 2) * 11_750_000L));
        }
        return out;
    }
}
