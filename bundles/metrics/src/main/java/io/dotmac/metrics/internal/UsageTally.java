package io.dotmac.metrics.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.dotmac.metrics.TenantUsage;

/**
 * Per-tenant totals of the tenant metrics since the last drain. Recording takes the read lock (many at once), a drain
 * the write lock, so nothing recorded is lost between the drain's reading and its forgetting.
 */
final class UsageTally implements TenantUsage {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private Map<String, Tally> tenants = new ConcurrentHashMap<>();

    private static final class Tally {
        final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        final Map<String, Buckets> timers = new ConcurrentHashMap<>();
    }

    private record Buckets(double[] bounds, AtomicLongArray counts) {
    }

    void count(String tenantId, String name, String first, long amount) {
        lock.readLock().lock();
        try {
            Tally t = tenants.computeIfAbsent(tenantId, k -> new Tally());
            t.counts.computeIfAbsent(name, k -> new LongAdder()).add(amount);
            if (first != null) {
                t.counts.computeIfAbsent(name + ":" + first, k -> new LongAdder()).add(amount);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    void time(String tenantId, String name, String first, double seconds, double[] bounds) {
        lock.readLock().lock();
        try {
            Tally t = tenants.computeIfAbsent(tenantId, k -> new Tally());
            t.counts.computeIfAbsent(name, k -> new LongAdder()).increment();
            if (first != null) {
                t.counts.computeIfAbsent(name + ":" + first, k -> new LongAdder()).increment();
            }
            Buckets b = t.timers.computeIfAbsent(name, k -> new Buckets(bounds, new AtomicLongArray(bounds.length
                    + 1)));
            int i = 0;
            while (i < b.bounds().length && seconds > b.bounds()[i]) {
                i++;
            }
            b.counts().incrementAndGet(i);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Map<String, Usage> drain() {
        Map<String, Tally> drained;
        lock.writeLock().lock();
        try {
            drained = tenants;
            tenants = new ConcurrentHashMap<>();
        } finally {
            lock.writeLock().unlock();
        }
        Map<String, Usage> out = new HashMap<>();
        drained.forEach((tenant, tally) -> {
            Map<String, Long> counts = new HashMap<>();
            tally.counts.forEach((k, v) -> counts.put(k, v.sum()));
            Map<String, Latency> latencies = new HashMap<>();
            tally.timers.forEach((k, b) -> {
                long[] c = new long[b.counts().length()];
                for (int i = 0; i < c.length; i++) {
                    c[i] = b.counts().get(i);
                }
                latencies.put(k, new Latency(List.copyOf(Arrays.stream(b.bounds()).boxed().toList()), c));
            });
            out.put(tenant, new Usage(Map.copyOf(counts), Map.copyOf(latencies)));
        });
        return out;
    }
}
