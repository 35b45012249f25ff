package io.dotmac.management.engine.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;

import org.apache.aries.jpa.template.JpaTemplate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.licensing.Licensing;
import io.dotmac.management.IspUsage;
import io.dotmac.management.UsageHour;
import io.dotmac.metrics.TenantUsage;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

/**
 * {@link IspUsage}: drains this node's {@link TenantUsage} every {@code usageFlushSeconds} and adds it to the tenants'
 * rows of the current hour (each row locked while it is added to, so nodes add up) with the customers of each tenant
 * that did something, and once an hour records every tenant's customers. What a node counted since its last flush is lost if it dies (at most a flush interval).
 */
@Component(service = IspUsage.class, immediate = true, configurationPid = ManagementService.PID)
public class UsageMeter implements IspUsage {

    private static final Logger LOG = LoggerFactory.getLogger(UsageMeter.class);

    private final JpaTemplate jpa;
    private final TenantUsage usage;
    private final TenantService tenants;
    private final Licensing licensing;
    private final ScheduledExecutorService scheduler;
    /** The hour whose customers were recorded last (by this node). */
    private volatile Instant customersRecorded;
    /** The day whose storage was measured last (by this node). */
    private volatile java.time.LocalDate storageRecorded;
    private final io.dotmac.persistence.platform.SystemDatabase system;

    @Activate
    public UsageMeter(
            @Reference(target = "(&(osgi.unit.name=dotmac-management)(transaction.type=RESOURCE_LOCAL))")
            JpaTemplate jpa, @Reference TenantUsage usage, @Reference TenantService tenants,
            @Reference Licensing licensing, @Reference io.dotmac.persistence.platform.SystemDatabase system,
            ManagementConfig config) {
        this.system = system;
        this.jpa = jpa;
        this.usage = usage;
        this.tenants = tenants;
        this.licensing = licensing;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-usage-meter");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, config.usageFlushSeconds());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                flush(false);
            } catch (RuntimeException e) {
                LOG.error("Usage not written (it is counted again from now)", e);
            }
        }, every, every, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        try {
            flush(false); // what was counted since the last flush
        } catch (RuntimeException e) {
            LOG.warn("Usage of the last {} not written at stop: {}", "interval", e.toString());
        }
    }

    /** The operator's flush: also measures what each tenant stores, whatever the day's measure said. */
    @Override
    public void flush() {
        flush(true);
    }

    /** Adds what was counted; measures storage when asked or at the day's first flush. */
    synchronized void flush(boolean measureStorage) {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Map<String, TenantUsage.Usage> drained = usage.drain();
        for (Map.Entry<String, TenantUsage.Usage> e : drained.entrySet()) {
            // a tenant that did something: its customers as they are now too
            Long customers = tenants.find(e.getKey()).map(t -> licensing.license(t.ref()).customerCount())
                    .orElse(null);
            add(e.getKey(), hour, e.getValue(), customers);
        }
        if (!hour.equals(customersRecorded)) {
            // once an hour, every tenant's customers (the quiet ones' too)
            for (Tenant t : allTenants()) {
                if (!drained.containsKey(t.id())) {
                    add(t.id(), hour, null, licensing.license(t.ref()).customerCount());
                }
            }
            customersRecorded = hour;
        }
        java.time.LocalDate day = java.time.LocalDate.ofInstant(hour, java.time.ZoneOffset.UTC);
        if (measureStorage || !day.equals(storageRecorded)) {
            // once a day (per node): what each tenant stores; a full scan of every tenant table
            system.storedBytesByTenant().forEach((tenant, bytes) -> storage(tenant, hour, bytes));
            storageRecorded = day;
        }
    }

    private List<Tenant> allTenants() {
        List<Tenant> all = new ArrayList<>();
        String cursor = null;
        do {
            io.dotmac.platform.api.Page<Tenant> page = tenants.list(500, cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    /** Adds to the tenant's row of {@code hour} (made when missing; a row another node made meanwhile is added to). */
    private void add(String tenantId, Instant hour, TenantUsage.Usage counted, Long customers) {
        for (int attempt = 1;; attempt++) {
            try {
                jpa.tx(em -> {
                    UsageEntity row = em.find(UsageEntity.class, new UsageEntity.Key(tenantId, hour),
                            LockModeType.PESSIMISTIC_WRITE);
                    boolean fresh = row == null;
                    if (fresh) {
                        row = new UsageEntity(tenantId, hour);
                    }
                    if (counted != null) {
                        addTo(row, counted);
                    }
                    if (customers != null) {
                        row.customers = customers;
                    }
                    if (fresh) {
                        em.persist(row);
                    }
                });
                return;
            } catch (PersistenceException e) {
                if (attempt >= 3) {
                    throw e;
                }
                // another node made the row first: add to it
            }
        }
    }

    private void storage(String tenantId, Instant hour, long bytes) {
        if (tenants.find(tenantId).isEmpty()) {
            return; // rows of a tenant being deleted
        }
        jpa.tx(em -> {
            UsageEntity row = em.find(UsageEntity.class, new UsageEntity.Key(tenantId, hour),
                    LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                row = new UsageEntity(tenantId, hour);
                row.storageBytes = bytes;
                em.persist(row);
            } else {
                row.storageBytes = bytes;
            }
        });
    }

    static void addTo(UsageEntity row, TenantUsage.Usage counted) {
        Map<String, Long> c = counted.counts();
        row.apiCalls += c.getOrDefault("api_requests", 0L);
        row.devicesPolled += c.getOrDefault("snmp_polls", 0L);
        row.emailsSent += c.getOrDefault("emails:sent", 0L);
        row.webhooksDelivered += c.getOrDefault("webhook_deliveries:delivered", 0L);
        java.util.TreeSet<String> plugins = new java.util.TreeSet<>();
        if (row.pluginsUsed != null && !row.pluginsUsed.isEmpty()) {
            plugins.addAll(List.of(row.pluginsUsed.split(",")));
        }
        c.keySet().stream().filter(k -> k.startsWith("plugin_requests:")).map(k -> k.substring(16))
                .filter(p -> !p.equals("core")).forEach(plugins::add);
        row.pluginsUsed = plugins.isEmpty() ? null : String.join(",", plugins);
        TenantUsage.Latency latency = counted.latencies().get("api_requests");
        if (latency == null) {
            return;
        }
        String bounds = latency.bounds().stream().map(String::valueOf).collect(Collectors.joining(","));
        long[] sum = latency.counts().clone();
        if (bounds.equals(row.apiLatencyBounds) && row.apiLatencyCounts != null) {
            long[] before = Arrays.stream(row.apiLatencyCounts.split(",")).mapToLong(Long::parseLong).toArray();
            for (int i = 0; i < sum.length && i < before.length; i++) {
                sum[i] += before[i];
            }
        }
        // buckets changed meanwhile (the operator's setting): the hour goes on with the new ones
        row.apiLatencyBounds = bounds;
        row.apiLatencyCounts = Arrays.stream(sum).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    /**
     * The 95th percentile of a latency histogram in ms: its bucket's upper bound (above every bucket: the last bound,
     * a floor); null when empty.
     */
    static Double p95Millis(String bounds, String counts) {
        if (bounds == null || counts == null) {
            return null;
        }
        double[] b = Arrays.stream(bounds.split(",")).mapToDouble(Double::parseDouble).toArray();
        long[] c = Arrays.stream(counts.split(",")).mapToLong(Long::parseLong).toArray();
        long total = Arrays.stream(c).sum();
        if (total == 0) {
            return null;
        }
        long wanted = (long) Math.ceil(total * 0.95);
        long seen = 0;
        for (int i = 0; i < c.length; i++) {
            seen += c[i];
            if (seen >= wanted) {
                return b[Math.min(i, b.length - 1)] * 1000;
            }
        }
        return b[b.length - 1] * 1000;
    }

    @Override
    public List<UsageHour> hours(String tenantIdOrSlug, Instant from, Instant to) {
        return rows(tenantIdOrSlug, from, to).stream().map(u -> new UsageHour(u.periodStart, u.customers, u.apiCalls,
                p95Millis(u.apiLatencyBounds, u.apiLatencyCounts), u.devicesPolled, u.emailsSent, u.webhooksDelivered,
                u.pluginsUsed == null ? List.of() : List.of(u.pluginsUsed.split(",")), u.storageBytes)).toList();
    }

    @Override
    public Double apiP95Millis(String tenantIdOrSlug, Instant from, Instant to) {
        return p95Millis(rows(tenantIdOrSlug, from, to));
    }

    /** The p95 of the rows' latency buckets added up (those with the newest row's bounds). */
    static Double p95Millis(List<UsageEntity> rows) {
        String bounds = null;
        long[] sum = null;
        for (int i = rows.size() - 1; i >= 0; i--) {
            UsageEntity u = rows.get(i);
            if (u.apiLatencyBounds == null || u.apiLatencyCounts == null) {
                continue;
            }
            if (bounds == null) {
                bounds = u.apiLatencyBounds;
                sum = new long[u.apiLatencyCounts.split(",").length];
            }
            if (!bounds.equals(u.apiLatencyBounds)) {
                continue; // older hours with other buckets (the operator changed them)
            }
            long[] c = Arrays.stream(u.apiLatencyCounts.split(",")).mapToLong(Long::parseLong).toArray();
            for (int k = 0; k < sum.length && k < c.length; k++) {
                sum[k] += c[k];
            }
        }
        return sum == null ? null : p95Millis(bounds, Arrays.stream(sum).mapToObj(String::valueOf)
                .collect(Collectors.joining(",")));
    }

    private List<UsageEntity> rows(String tenantIdOrSlug, Instant from, Instant to) {
        Tenant t = tenants.find(tenantIdOrSlug).orElseThrow(() -> new NotFoundException("No tenant '"
                + tenantIdOrSlug + "'"));
        return jpa.txExpr(em -> em.createQuery("SELECT u FROM UsageEntity u WHERE u.tenantId = :tenant AND "
                + "u.periodStart >= :from AND u.periodStart < :to ORDER BY u.periodStart", UsageEntity.class)
                .setParameter("tenant", t.id()).setParameter("from", from).setParameter("to", to).getResultList());
    }
}
