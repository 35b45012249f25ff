package io.dotmac.management.engine.internal;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/**
 * One tenant's usage in one hour (UTC): what every node of the instance counted, added up. {@code customers} is the
 * tenant's customer count as last seen in that hour; {@code apiLatency} the API requests per latency bucket
 * ({@code bounds} in seconds, the counts comma-separated, the last one above every bound).
 */
@Entity
@Table(name = "dotmac_mg_usage")
@IdClass(UsageEntity.Key.class)
public class UsageEntity {

    /** The key: tenant and hour. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String tenantId;
        Instant periodStart;

        public Key() {
        }

        Key(String tenantId, Instant periodStart) {
            this.tenantId = tenantId;
            this.periodStart = periodStart;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.tenantId.equals(tenantId) && k.periodStart.equals(periodStart);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, periodStart);
        }
    }

    @Id
    @Column(name = "tenant_id")
    String tenantId;
    @Id
    @Column(name = "period_start")
    Instant periodStart;
    Long customers;
    @Column(name = "api_calls")
    long apiCalls;
    @Column(name = "api_latency_bounds")
    String apiLatencyBounds;
    @Column(name = "api_latency_counts")
    String apiLatencyCounts;
    @Column(name = "devices_polled")
    long devicesPolled;
    @Column(name = "emails_sent")
    long emailsSent;
    @Column(name = "webhooks_delivered")
    long webhooksDelivered;
    /** The plugins whose endpoints it used in the hour, sorted, comma-separated. */
    @Column(name = "plugins_used")
    String pluginsUsed;
    /** What it stores, in bytes (approximately), measured once a day: in the day's first hour with a flush. */
    @Column(name = "storage_bytes")
    Long storageBytes;

    protected UsageEntity() {
    }

    UsageEntity(String tenantId, Instant periodStart) {
        this.tenantId = tenantId;
        this.periodStart = periodStart;
    }
}
