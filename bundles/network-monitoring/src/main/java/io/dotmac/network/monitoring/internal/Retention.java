package io.dotmac.network.monitoring.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.persistence.Leases;

/**
 * Keeps the history bounded: raw samples older than {@code rawRetentionHours} are folded into rollups of
 * {@code rollupStepSeconds} (count, average, maximum, summed errors) and deleted, in one transaction, and rollups
 * older than {@code rollupRetentionDays} are deleted. Only whole buckets are folded (the cut-off is aligned to the
 * step), so a bucket is never rolled up twice.
 */
@Component(service = Retention.class, immediate = true, configurationPid = "io.dotmac.network.monitoring")
public class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final DeviceStore store;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dotmac-network-retention");
        t.setDaemon(true);
        return t;
    });
    private volatile MonitoringConfig config;
    private ScheduledFuture<?> job;

    /** What one pass did. */
    record Pass(long rolledUp, long samplesDeleted, long rollupsDeleted) {
    }

    private final Leases leases;

    @Activate
    public Retention(@Reference DeviceStore store, @Reference Leases leases, MonitoringConfig config) {
        this.store = store;
        this.leases = leases;
        modified(config);
    }

    @Modified
    synchronized void modified(MonitoringConfig config) {
        this.config = config;
        if (job != null) {
            job.cancel(false);
        }
        long every = Math.max(1, config.retentionCheckSeconds());
        job = timer.scheduleWithFixedDelay(this::runSafely, every, every, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    private void runSafely() {
        try {
            // one node of several downsamples; another takes over within two rounds when it stops
            long every = Math.max(1, config.retentionCheckSeconds());
            if (!leases.acquire("retention", java.time.Duration.ofSeconds(2 * every + 30))) {
                return;
            }
            Pass p = run(Instant.now());
            if (p.rolledUp() > 0 || p.rollupsDeleted() > 0) {
                LOG.info("Network history: {} rollups written from {} samples, {} old rollups purged", p.rolledUp(),
                        p.samplesDeleted(), p.rollupsDeleted());
            }
        } catch (RuntimeException e) {
            LOG.error("Downsampling network history failed", e);
        }
    }

    /** One pass as of {@code now}. */
    Pass run(Instant now) {
        MonitoringConfig cfg = config;
        long step = Math.max(1, cfg.rollupStepSeconds());
        long cutoff = Math.floorDiv(now.getEpochSecond() - cfg.rawRetentionHours() * 3600L, step) * step;
        long oldest = now.getEpochSecond() - cfg.rollupRetentionDays() * 86_400L;
        return store.db().acrossTenants(c -> new Pass(rollUp(c, cutoff, step), deleteSamples(c, cutoff),
                deleteRollups(c, oldest)));
    }

    private static long rollUp(Connection c, long cutoff, long step) throws SQLException {
        String bucket = "(ts / " + step * 1000 + ") * " + step; // ts in milliseconds, buckets in seconds
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_network_rollup (tenant_id, device_id, "
                + "if_index, bucket, samples, in_avg, in_max, out_avg, out_max, in_errors, out_errors, in_discards, "
                + "out_discards) SELECT tenant_id, device_id, if_index, " + bucket + ", COUNT(*), "
                + "CAST(AVG(in_bps) AS BIGINT), MAX(in_bps), CAST(AVG(out_bps) AS BIGINT), MAX(out_bps), "
                + "SUM(in_errors), SUM(out_errors), SUM(in_discards), SUM(out_discards) FROM dotmac_network_sample "
                + "WHERE ts < ? GROUP BY tenant_id, device_id, if_index, " + bucket)) {
            s.setLong(1, cutoff * 1000);
            return s.executeUpdate();
        }
    }

    private static long deleteSamples(Connection c, long cutoff) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_network_sample WHERE ts < ?")) {
            s.setLong(1, cutoff * 1000);
            return s.executeUpdate();
        }
    }

    private static long deleteRollups(Connection c, long oldest) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_network_rollup WHERE bucket < ?")) {
            s.setLong(1, oldest);
            return s.executeUpdate();
        }
    }
}
