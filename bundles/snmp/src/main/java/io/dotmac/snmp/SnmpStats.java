package io.dotmac.snmp;

/** Counters of the client since it started, and what is in flight or waiting for a slot now. */
public record SnmpStats(long requests, long responses, long timeouts, long failures, long oids, int inFlight,
        int waiting, int maxInFlight) {
}
