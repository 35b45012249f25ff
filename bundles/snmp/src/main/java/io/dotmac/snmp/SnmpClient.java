package io.dotmac.snmp;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An asynchronous SNMP client. Every call returns at once; its stage completes when the agent has answered, or
 * exceptionally with an {@link SnmpException} saying why not. No thread waits on an agent, and at most a configured
 * number of requests are in flight: beyond that, requests wait for a slot in the order they came.
 *
 * <p>Stages complete on the client's own threads: do heavy work elsewhere ({@code thenApplyAsync} with your
 * executor).
 */
@ProviderType
public interface SnmpClient {

    /**
     * Polls sysUpTime, sysName, sysDescr and the interface tables (ifTable: descr, admin and oper status, errors,
     * discards; ifXTable: name, 64-bit octet counters, speed), walking the tables with GETBULK (GETNEXT for an agent
     * that refuses GETBULK).
     */
    CompletionStage<DeviceSnapshot> poll(SnmpTarget target);

    /** Asks an address for sysName, sysDescr, sysObjectID and sysUpTime: does an agent answer us there? */
    CompletionStage<AgentInfo> probe(SnmpTarget target);

    /** Counters since start, for operators and benchmarks. */
    SnmpStats stats();
}
