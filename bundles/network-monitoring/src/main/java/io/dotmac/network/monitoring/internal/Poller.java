package io.dotmac.network.monitoring.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.network.monitoring.NetworkEvents;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.persistence.Leases;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.metrics.Metrics;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.snmp.SnmpClient;
import io.dotmac.snmp.SnmpException;

/**
 * Polls the devices of every tenant activated for {@code network_monitoring}. One ticker thread finds the devices
 * that are due (every 100 ms) and hands each poll to the SNMP client, which waits on no thread; answers are turned
 * into {@link Observation}s on two worker threads, and one writer thread stores them in batches, publishing the
 * events in the same transaction (posted once it commits). A tenant's devices leave the schedule as soon as it is
 * deactivated; the SNMP client is reached through licensing layer 2 on every poll, so a tenant that switches
 * {@code snmp_integration} off is not polled either.
 *
 * <p>Several nodes on one database share the devices: they are split into {@code pollingParts} parts by id, and
 * each node polls the parts it holds as leases ({@link Leases#share}, renewed every third of
 * {@code pollingLeaseSeconds}), a fair share of the live nodes'. A device's polls fall on the same wall-clock slots
 * whichever node makes them (a phase from its id within its interval), so a part that moves is polled by the new
 * holder at the next slot: once per interval, not twice. The devices of a tenant changed on another node are read
 * again here when it says so ({@link DeviceChanges}). A poll asked for by a user ({@link #pollSoon}) is made here
 * whoever holds the device.
 */
@Component(service = Poller.class, immediate = true, configurationPid = "io.dotmac.network.monitoring")
public class Poller {

    static final String PLUGIN = "network_monitoring";
    static final String SNMP_PLUGIN = "snmp_integration";
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    private final DeviceStore store;
    private final TenantServices licences;
    private final DomainEvents events;
    private final Map<String, DeviceTracker> trackers = new ConcurrentHashMap<>();
    private final Map<String, TenantRef> activeTenants = new ConcurrentHashMap<>();
    private final Leases leases;
    private final ScheduledExecutorService sharer;
    /** The parts this node polls, and when the database last said so (nanoTime; 0: never). */
    private volatile Set<Integer> held = Set.of();
    private volatile long heldSince;
    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private final Thread writer;
    private final LinkedBlockingQueue<Written> toWrite = new LinkedBlockingQueue<>();
    private long lastBehindWarning = System.nanoTime() - TimeUnit.MINUTES.toNanos(2);
    private volatile MonitoringConfig config;
    private volatile boolean running = true;

    /** An observation and who waits for it to be stored. */
    private record Written(Observation observation, List<CompletableFuture<Void>> waiters) {
    }

    @Activate
    public Poller(@Reference DeviceStore store, @Reference TenantServices licences, @Reference DomainEvents events,
            @Reference Leases leases, MonitoringConfig config) {
        this.store = store;
        this.leases = leases;
        this.licences = licences;
        this.events = events;
        this.config = config;
        AtomicInteger n = new AtomicInteger();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dotmac-network-poller"));
        this.workers = Executors.newFixedThreadPool(2, r -> daemon(r, "dotmac-network-worker-" + n.incrementAndGet()));
        this.writer = daemon(this::writeLoop, "dotmac-network-writer");
        writer.start();
        this.sharer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dotmac-network-shares"));
        sharer.scheduleWithFixedDelay(this::share, 0, Math.max(1, config.pollingLeaseSeconds() / 3),
                TimeUnit.SECONDS);
        ticker.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Renews and rebalances this node's parts of the devices. */
    private void share() {
        MonitoringConfig cfg = config;
        try {
            Set<Integer> now = leases.share("polling", Math.max(1, cfg.pollingParts()),
                    java.time.Duration.ofSeconds(Math.max(3, cfg.pollingLeaseSeconds())));
            if (!now.equals(held)) {
                LOG.info("Polling {} of {} parts of the devices", now.size(), cfg.pollingParts());
            }
            held = now;
            heldSince = System.nanoTime();
        } catch (RuntimeException e) {
            LOG.warn("Polling parts not renewed ({}); tried again", e.toString());
        }
    }

    /** Whether this node polls {@code deviceId} on its schedule: its part is held, and the lease not run out. */
    private boolean mine(String deviceId) {
        long since = heldSince;
        if (since == 0 || System.nanoTime() - since > TimeUnit.SECONDS.toNanos(Math.max(3,
                config.pollingLeaseSeconds()))) {
            return false; // not renewed for a whole lease: another node may hold the parts now
        }
        return held.contains(Math.floorMod(deviceId.hashCode(), Math.max(1, config.pollingParts())));
    }

    /**
     * The next slot of a device after {@code nowNanos}: its polls fall at {@code k × interval + phase} of the wall
     * clock, the phase drawn from its id, so every node would poll it at the same instants.
     */
    static long nextSlot(String deviceId, int intervalSeconds, long nowNanos, long nowMillis) {
        long interval = TimeUnit.SECONDS.toMillis(Math.max(1, intervalSeconds));
        long phase = Math.floorMod(deviceId.hashCode(), interval);
        long slot = Math.floorDiv(nowMillis - phase, interval) * interval + phase + interval;
        return nowNanos + TimeUnit.MILLISECONDS.toNanos(slot - nowMillis);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Polls by outcome and how long they took, while the metrics service is there. */
    private volatile Metrics.TenantTimer polls;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(Metrics metrics) {
        polls = metrics.tenantTimer("snmp_polls", "SNMP polls of devices by outcome (ok: the device answered; "
                + "failed: it did not, or answered an error) and their duration", "outcome");
    }

    void unbindMetrics(Metrics metrics) {
        polls = null;
    }

    @Modified
    void modified(MonitoringConfig config) {
        this.config = config;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        ticker.shutdownNow();
        sharer.shutdownNow();
        workers.shutdownNow();
        writer.interrupt();
        writer.join(5000);
    }

    // ---- tenants and devices

    /** Starts polling {@code tenant}'s devices. */
    void activate(TenantRef tenant) {
        activeTenants.put(tenant.id(), tenant);
        List<DeviceTracker> loaded = store.db().inTenant(tenant, c -> store.trackers(c, tenant));
        long now = System.nanoTime();
        long wall = System.currentTimeMillis();
        for (DeviceTracker t : loaded) {
            t.nextDueNanos = nextSlot(t.id, t.settings.intervalSeconds(), now, wall); // spread over the interval
            trackers.merge(t.id, t, (old, fresh) -> old);
        }
        LOG.info("Polling {} devices of tenant {}", loaded.size(), tenant.slug());
    }

    /**
     * Another node changed {@code tenantId}'s devices: read them again, adding the new, following the changed and
     * dropping the deleted (a device whose address is the same keeps its counters).
     */
    void reload(String tenantId) {
        TenantRef tenant = activeTenants.get(tenantId);
        if (tenant == null) {
            return;
        }
        List<DeviceTracker> loaded = store.db().inTenant(tenant, c -> store.trackers(c, tenant));
        Set<String> ids = new java.util.HashSet<>();
        long now = System.nanoTime();
        long wall = System.currentTimeMillis();
        for (DeviceTracker fresh : loaded) {
            ids.add(fresh.id);
            DeviceTracker old = trackers.get(fresh.id);
            if (old != null && old.settings.target().host().equals(fresh.settings.target().host())
                    && old.settings.target().port() == fresh.settings.target().port()) {
                old.settings = fresh.settings;
                continue;
            }
            fresh.nextDueNanos = nextSlot(fresh.id, fresh.settings.intervalSeconds(), now, wall);
            DeviceTracker replaced = trackers.put(fresh.id, fresh);
            if (replaced != null) {
                release(replaced, new UnavailableException("The device was changed"));
            }
        }
        for (DeviceTracker t : List.copyOf(trackers.values())) {
            if (t.tenant.id().equals(tenantId) && !ids.contains(t.id)) {
                remove(t.id);
            }
        }
    }

    /** Reads every active tenant's devices again (after a lost connection to the other nodes' changes). */
    void reloadAll() {
        for (String tenantId : List.copyOf(activeTenants.keySet())) {
            try {
                reload(tenantId);
            } catch (RuntimeException e) {
                LOG.warn("Devices of tenant {} not read again ({})", tenantId, e.toString());
            }
        }
    }

    /** Stops polling {@code tenant}'s devices (their data stays). */
    void deactivate(TenantRef tenant) {
        activeTenants.remove(tenant.id());
        List<DeviceTracker> removed = new ArrayList<>();
        trackers.values().removeIf(t -> {
            if (t.tenant.id().equals(tenant.id())) {
                removed.add(t);
                return true;
            }
            return false;
        });
        for (DeviceTracker t : removed) {
            release(t, new UnavailableException("Polling of tenant " + tenant.slug() + " stopped"));
        }
    }

    boolean active(TenantRef tenant) {
        return activeTenants.containsKey(tenant.id());
    }

    /** A device was created or changed: poll it now with its new settings (and fresh counters if it moved). */
    void upsert(TenantRef tenant, DeviceStore.Stored stored) {
        if (!activeTenants.containsKey(tenant.id())) {
            return;
        }
        DeviceTracker.Settings settings = DeviceStore.settings(stored);
        DeviceTracker old = trackers.get(stored.device().id());
        if (old != null && old.settings.target().host().equals(settings.target().host())
                && old.settings.target().port() == settings.target().port()) {
            old.settings = settings;
            synchronized (this) {
                old.nextDueNanos = Math.min(old.nextDueNanos, System.nanoTime());
            }
            return;
        }
        DeviceTracker t = new DeviceTracker(stored.device().id(), tenant, settings);
        // a new device is polled at once by the node that holds it, else at its next slot
        t.nextDueNanos = mine(t.id) ? System.nanoTime() : nextSlot(t.id, settings.intervalSeconds(),
                System.nanoTime(), System.currentTimeMillis());
        DeviceTracker replaced = trackers.put(t.id, t);
        if (replaced != null) {
            release(replaced, new UnavailableException("The device was changed"));
        }
    }

    void remove(String deviceId) {
        DeviceTracker t = trackers.remove(deviceId);
        if (t != null) {
            release(t, new UnavailableException("The device was deleted"));
        }
    }

    /**
     * Polls the device as soon as possible and completes once that poll is stored.
     *
     * @return empty when the device is not being polled (its tenant is not active)
     */
    CompletableFuture<Void> pollSoon(TenantRef tenant, String deviceId) {
        DeviceTracker t = trackers.get(deviceId);
        if (t == null || !t.tenant.id().equals(tenant.id())) {
            return null;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            t.waitingForNext.add(done);
            t.nextDueNanos = 0;
        }
        return done;
    }

    // ---- polling

    private void tick() {
        try {
            long now = System.nanoTime();
            if (toWrite.size() >= config.maxPendingWrites()) {
                // storing is slower than polling: poll later rather than pile results up in memory
                if (now - lastBehindWarning > TimeUnit.MINUTES.toNanos(1)) {
                    lastBehindWarning = now;
                    LOG.warn("Polling waits: {} poll results are not stored yet (maxPendingWrites); the database is "
                            + "slower than the polls", toWrite.size());
                }
                return;
            }
            List<DeviceTracker> due = new ArrayList<>();
            synchronized (this) {
                long wall = System.currentTimeMillis();
                for (DeviceTracker t : trackers.values()) {
                    if (!t.inFlight && t.nextDueNanos <= now) {
                        long interval = TimeUnit.SECONDS.toNanos(t.settings.intervalSeconds());
                        long next = t.nextDueNanos == 0 ? 0 : t.nextDueNanos + interval;
                        // late, or asked for now: the next slot; never catch up in bursts
                        t.nextDueNanos = next <= now ? nextSlot(t.id, t.settings.intervalSeconds(), now, wall) : next;
                        if (t.waitingForNext.isEmpty() && !mine(t.id)) {
                            continue; // another node's part: its slot passes here unpolled
                        }
                        t.inFlight = true;
                        t.waitingForThis.addAll(t.waitingForNext);
                        t.waitingForNext.clear();
                        due.add(t);
                    }
                }
            }
            for (DeviceTracker t : due) {
                dispatch(t);
            }
        } catch (RuntimeException e) {
            LOG.error("Polling tick failed", e);
        }
    }

    private void dispatch(DeviceTracker t) {
        SnmpClient client;
        try {
            licences.check(t.tenant, PLUGIN);
            client = licences.service(t.tenant, SNMP_PLUGIN, SnmpClient.class).orElse(null);
        } catch (DotMacException e) {
            done(t, e);
            return;
        }
        if (client == null) {
            done(t, new UnavailableException("The plugin snmp_integration is not installed"));
            return;
        }
        // handle, not whenComplete: the future after it fails only when this handling fails, not with every poll
        // that failed (a device that does not answer is an outcome, logged once as it goes DOWN, not an error)
        long started = System.nanoTime();
        client.poll(t.settings.target()).handleAsync((snapshot, error) -> {
            Metrics.TenantTimer timer = polls;
            if (timer != null) {
                timer.record(t.tenant, java.time.Duration.ofNanos(System.nanoTime() - started),
                        error == null ? "ok" : "failed");
            }
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                        : error;
                String reason = cause instanceof SnmpException s ? s.reason() + ": " + s.getMessage()
                        : "poll failed: " + cause;
                record(t, t.failure(reason, Instant.now(), config.downAfterPolls()));
            } else {
                record(t, t.success(snapshot, Instant.now(), config.downAfterPolls()));
            }
            return null;
        }, workers).exceptionally(e -> {
            LOG.error("Handling a poll of device {} failed", t.id, e);
            done(t, new IllegalStateException(e));
            return null;
        });
    }

    private void record(DeviceTracker t, Observation o) {
        for (Observation.Event e : o.events()) {
            if (NetworkEvents.DEVICE_DOWN.equals(e.topic())) {
                LOG.warn("Device {} ({}) of tenant {} is DOWN: {}", t.settings.name(), t.settings.address(),
                        t.tenant.slug(), o.reason());
            } else if (NetworkEvents.DEVICE_UP.equals(e.topic())) {
                LOG.info("Device {} ({}) of tenant {} is UP again", t.settings.name(), t.settings.address(),
                        t.tenant.slug());
            }
        }
        List<CompletableFuture<Void>> waiters;
        synchronized (this) {
            waiters = new ArrayList<>(t.waitingForThis);
            t.waitingForThis.clear();
            t.inFlight = false;
        }
        if (trackers.get(t.id) != t) {
            waiters.forEach(w -> w.completeExceptionally(new UnavailableException("The device is no longer polled")));
            return;
        }
        toWrite.add(new Written(o, waiters));
    }

    /** A poll that could not be sent: nothing to store. */
    private void done(DeviceTracker t, RuntimeException why) {
        List<CompletableFuture<Void>> waiters;
        synchronized (this) {
            waiters = new ArrayList<>(t.waitingForThis);
            t.waitingForThis.clear();
            t.inFlight = false;
        }
        waiters.forEach(w -> w.completeExceptionally(why));
    }

    private void release(DeviceTracker t, RuntimeException why) {
        List<CompletableFuture<Void>> waiters;
        synchronized (this) {
            waiters = new ArrayList<>(t.waitingForNext);
            waiters.addAll(t.waitingForThis);
            t.waitingForNext.clear();
            t.waitingForThis.clear();
        }
        waiters.forEach(w -> w.completeExceptionally(why));
    }

    // ---- storing

    private void writeLoop() {
        List<Written> batch = new ArrayList<>();
        while (running) {
            try {
                Written first = toWrite.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                toWrite.drainTo(batch, 999);
                try {
                    store(batch);
                } catch (RuntimeException e) {
                    // one result the database refuses must not cost the others: store them one by one
                    LOG.warn("Storing {} poll results at once failed ({}); storing them one by one", batch.size(),
                            e.toString());
                    for (Written w : batch) {
                        try {
                            store(List.of(w));
                        } catch (RuntimeException single) {
                            LOG.error("Storing the poll of device {} failed", w.observation().deviceId(), single);
                            w.waiters().forEach(f -> f.completeExceptionally(single));
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void store(List<Written> batch) {
        List<Observation> observations = new ArrayList<>(batch.size());
        batch.forEach(w -> observations.add(w.observation()));
        store.db().acrossTenants(c -> {
            for (Observation o : DeviceStore.write(c, store.db().vendor(), observations)) {
                for (Observation.Event e : o.events()) {
                    events.publish(o.tenant(), e.topic(), e.properties());
                }
            }
            return null;
        });
        batch.forEach(w -> w.waiters().forEach(f -> f.complete(null)));
    }
}
