package io.dotmac.network.monitoring.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.dotmac.platform.api.TenantRef;

/**
 * What one poll changed, to store in one transaction: the device's new state, its interfaces, samples and the
 * events to publish once stored.
 */
record Observation(TenantRef tenant, String deviceId, String status, int failures, Instant at, boolean success,
        String reason, Long sysUptime, String sysName, String sysDescr, List<IfRow> interfaces,
        List<Sample> samples, List<Event> events) {

    /** An interface row as stored. */
    record IfRow(int ifIndex, String name, String descr, int adminStatus, int operStatus, String status,
            int downPolls, Long speedMbps, Long inBps, Long outBps, Long inErrors, Long outErrors, Long inDiscards,
            Long outDiscards, Long inOctetsRaw, Long outOctetsRaw, Long inErrorsRaw, Long outErrorsRaw,
            Long inDiscardsRaw, Long outDiscardsRaw) {
    }

    /** One raw sample at {@code ts} (epoch milliseconds): rates in bit/s, errors and discards during the interval. */
    record Sample(int ifIndex, long ts, Long inBps, Long outBps, Long inErrors, Long outErrors, Long inDiscards,
            Long outDiscards) {
    }

    /** An event to publish. */
    record Event(String topic, Map<String, Object> properties) {
    }
}
