package io.dotmac.metrics;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Each tenant's own totals of the tenant metrics (those declared {@code tenantCounter} or {@code tenantTimer}), kept on
 * this node since they were last drained, whatever the labels of the Prometheus series (which count most tenants only
 * by tier). The metering that bills or scores tenants drains them every few minutes and adds them up in the database,
 * so each node contributes its own share.
 */
@ProviderType
public interface TenantUsage {

    /**
     * What each tenant did since the last drain (tenant id → its usage), and forgets it. Counts are keyed by the
     * metric's name ({@code api_requests}, every event) and by its name and first label value ({@code emails:sent}).
     */
    Map<String, Usage> drain();

    /** One tenant's counts, and for each timer the number of observations per bucket. */
    record Usage(Map<String, Long> counts, Map<String, Latency> latencies) {
    }

    /**
     * A timer's observations: {@code counts[i]} fell at or below {@code bounds[i]} (seconds) and above the bound before;
     * the last count is above every bound.
     */
    record Latency(List<Double> bounds, long[] counts) {
    }
}
