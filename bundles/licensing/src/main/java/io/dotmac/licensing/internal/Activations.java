package io.dotmac.licensing.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.persistence.platform.SystemDatabase;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginActivation;
import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

/**
 * Per-tenant activation: tells each plugin's {@link PluginActivation} service when a tenant gains or loses the
 * plugin, records what it told in {@code dotmac_plugin_activation}, and reconciles when the service appears (the
 * plugin installed or started, or DotMac started): every tenant that may use the plugin is activated again
 * (calls are idempotent) and every tenant recorded active that may no longer use it is deactivated. All calls run
 * on one background thread, in order.
 *
 * <p>A plugin's service is obtained on that thread, not while the tracker opens: an activation service may itself
 * need licensing's services (a plugin's component referencing {@code TenantServices}), which do not exist yet while
 * licensing starts. When it cannot be obtained yet, it is tried again every second for a minute.
 */
final class Activations {

    private static final Logger LOG = LoggerFactory.getLogger(Activations.class);

    private final SystemDatabase db;
    private final BiPredicate<String, String> allowed;
    private final Function<String, TenantRef> tenantRef;
    private final TenantService tenants;
    private static final int OBTAIN_ATTEMPTS = 60;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dotmac-plugin-activation");
        t.setDaemon(true);
        return t;
    });
    /** Where each call into a plugin runs, so that one that hangs holds up no other plugin's activations. */
    private final java.util.concurrent.ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dotmac-plugin-activation-call");
        t.setDaemon(true);
        return t;
    });
    /** How long a plugin's activate or deactivate may take before it is reported and left behind. */
    private volatile long timeoutMillis = 10_000;
    /** What went wrong last with each plugin's activation (cleared when that tenant's next call succeeds). */
    private final Map<String, Problem> problems = new ConcurrentHashMap<>();

    /** A plugin's failed call. */
    record Problem(String tenantId, Instant at, String message) {
    }

    /** The activation service of each plugin that has one. */
    private final Map<String, PluginActivation> services = new ConcurrentHashMap<>();
    /**
     * What this node told each plugin's service (plugin and tenant id): the database's record is every node's, and
     * another node having activated a tenant says nothing of this node's instance of the plugin.
     */
    private final Map<String, Boolean> told = new ConcurrentHashMap<>();

    private static String key(String plugin, String tenantId) {
        return plugin + "\u0000" + tenantId;
    }
    /** The references being tracked, and whether their service was obtained. */
    private final Map<ServiceReference<PluginActivation>, Boolean> tracked = new ConcurrentHashMap<>();
    private ServiceTracker<PluginActivation, String> tracker;

    Activations(SystemDatabase db, TenantService tenants, BiPredicate<String, String> allowed,
            Function<String, TenantRef> tenantRef) {
        this.db = db;
        this.tenants = tenants;
        this.allowed = allowed;
        this.tenantRef = tenantRef;
    }

    void start(BundleContext context) {
        tracker = new ServiceTracker<>(context, PluginActivation.class, null) {
            @Override
            public String addingService(ServiceReference<PluginActivation> reference) {
                Object plugin = reference.getProperty(PluginActivation.PLUGIN_PROPERTY);
                if (!(plugin instanceof String id)) {
                    LOG.error("A PluginActivation of bundle {} has no {} property: ignored",
                            reference.getBundle().getSymbolicName(), PluginActivation.PLUGIN_PROPERTY);
                    return null;
                }
                tracked.put(reference, false);
                submit(() -> obtain(context, id, reference, 1));
                return id;
            }

            @Override
            public void removedService(ServiceReference<PluginActivation> reference, String id) {
                Boolean obtained = tracked.remove(reference);
                services.remove(id);
                told.keySet().removeIf(k -> k.startsWith(id + "\u0000"));
                if (Boolean.TRUE.equals(obtained)) {
                    context.ungetService(reference);
                }
            }
        };
        tracker.open();
    }

    /** Gets a plugin's activation service and reconciles; tries again a second later when it cannot be had yet. */
    private void obtain(BundleContext context, String id, ServiceReference<PluginActivation> reference, int attempt) {
        if (!tracked.containsKey(reference)) {
            return; // gone meanwhile
        }
        PluginActivation service;
        try {
            service = context.getService(reference);
        } catch (RuntimeException e) {
            service = null;
        }
        if (service == null) {
            if (attempt < OBTAIN_ATTEMPTS && !executor.isShutdown()) {
                executor.schedule(() -> obtain(context, id, reference, attempt + 1), 1, TimeUnit.SECONDS);
            } else {
                LOG.error("Plugin '{}': its activation service could not be obtained in {} attempts; its tenants are "
                        + "not activated until it is registered again", id, OBTAIN_ATTEMPTS);
            }
            return;
        }
        if (tracked.replace(reference, true) == null) {
            context.ungetService(reference); // removed while we were getting it
            return;
        }
        services.put(id, service);
        reconcile(id, service);
    }

    void timeout(long millis) {
        this.timeoutMillis = millis;
    }

    /** What went wrong last with the plugin's activation, if anything. */
    java.util.Optional<String> problem(String plugin) {
        Problem p = problems.get(plugin);
        return p == null ? java.util.Optional.empty() : java.util.Optional.of(p.message() + " (" + p.at() + ")");
    }

    void stop() {
        calls.shutdownNow();
        if (tracker != null) {
            tracker.close();
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A catalogue change; activation follows the plugin's service, not its bundle state, so nothing to do. */
    void pluginChanged(PluginDescriptor before, PluginDescriptor after) {
    }

    /** What the tenant may use changed for these plugins: activate or deactivate where it differs. */
    void changed(String tenantId, List<String> plugins) {
        submit(() -> {
            Map<String, Boolean> recorded = recorded(tenantId);
            for (String plugin : plugins) {
                PluginActivation service = services.get(plugin);
                if (service == null) {
                    continue;
                }
                boolean want = allowed.test(tenantId, plugin);
                Boolean mine = told.get(key(plugin, tenantId));
                // not told here yet: activating is idempotent, deactivating only what some node activated
                boolean was = mine != null ? mine : !want && recorded.getOrDefault(plugin, false);
                if (want != was) {
                    tell(service, plugin, tenantId, want);
                }
            }
        });
    }

    /**
     * The tenant is being deleted (the registry no longer has it): each plugin it has active is told to deactivate
     * it, in line with the other activation work, and this waits for that (at most a minute), so no plugin works
     * for it once its rows go. Nothing is recorded: its activation rows go with the rest.
     */
    void deleted(TenantRef tenant) {
        if (executor.isShutdown()) {
            return;
        }
        java.util.concurrent.Future<?> done = executor.submit(() -> recorded(tenant.id()).forEach((plugin, on) -> {
            PluginActivation service = services.get(plugin);
            if (!on || service == null) {
                return;
            }
            java.util.concurrent.Future<?> call = calls.submit(() -> service.deactivate(tenant));
            try {
                call.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                call.cancel(true);
                LOG.warn("Plugin '{}' did not deactivate tenant {} being deleted: {}", plugin, tenant.slug(),
                        e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            done.get(1, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("Deactivating tenant {} being deleted: {}", tenant.slug(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void submit(Runnable task) {
        if (!executor.isShutdown()) {
            executor.execute(task);
        }
    }

    /** A plugin's activation service appeared: bring every tenant in line. */
    private void reconcile(String plugin, PluginActivation service) {
        Map<String, Boolean> recorded = recordedFor(plugin);
        int activated = 0;
        int deactivated = 0;
        String cursor = null;
        do {
            Page<Tenant> page = tenants.list(Page.MAX_LIMIT, cursor);
            for (Tenant t : page.items()) {
                if (services.get(plugin) != service) {
                    return; // the service went away meanwhile
                }
                if (allowed.test(t.id(), plugin)) {
                    tell(service, plugin, t.id(), true);
                    activated++;
                } else if (recorded.getOrDefault(t.id(), false)) {
                    tell(service, plugin, t.id(), false);
                    deactivated++;
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        LOG.info("Plugin '{}' reconciled: {} tenants active, {} deactivated", plugin, activated, deactivated);
    }

    private void tell(PluginActivation service, String plugin, String tenantId, boolean active) {
        TenantRef tenant = tenantRef.apply(tenantId);
        if (tenant == null) {
            return;
        }
        String what = (active ? "activate" : "deactivate") + " tenant " + tenant.slug();
        java.util.concurrent.Future<?> call = calls.submit(() -> {
            for (int attempt = 1;; attempt++) {
                try {
                    if (active) {
                        service.activate(tenant);
                    } else {
                        service.deactivate(tenant);
                    }
                    return;
                } catch (io.dotmac.persistence.DataAccessException e) {
                    // several nodes activate a new tenant at once: another made the plugin's row first; again,
                    // the plugin now finds it
                    if (!e.uniqueViolation() || attempt == 3) {
                        throw e;
                    }
                    LOG.debug("Plugin '{}': {} met another node's row; again", plugin, what);
                }
            }
        });
        try {
            call.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            call.cancel(true);
            // not recorded: the next reconciliation (plugin or DotMac restart) tries again
            report(plugin, tenantId, "did not " + what + " within " + timeoutMillis + " ms: left behind");
            return;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            report(plugin, tenantId, "failed to " + what + ": " + cause);
            LOG.debug("Plugin '{}' failed to {}", plugin, what, cause);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        problems.computeIfPresent(plugin, (k, p) -> p.tenantId().equals(tenantId) ? null : p);
        told.put(key(plugin, tenantId), active);
        record(tenantId, plugin, active);
    }

    private void report(String plugin, String tenantId, String message) {
        problems.put(plugin, new Problem(tenantId, Instant.now(), message));
        LOG.error("Plugin '{}' {}; its other tenants and every other plugin go on", plugin, message);
    }

    private Map<String, Boolean> recorded(String tenantId) {
        return db.inSystem(c -> {
            Map<String, Boolean> m = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT plugin_id, active FROM dotmac_plugin_activation WHERE tenant_id = ?")) {
                s.setString(1, tenantId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        m.put(rs.getString(1), rs.getBoolean(2));
                    }
                }
            }
            return m;
        });
    }

    private Map<String, Boolean> recordedFor(String plugin) {
        return db.inSystem(c -> {
            Map<String, Boolean> m = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT tenant_id, active FROM dotmac_plugin_activation WHERE plugin_id = ?")) {
                s.setString(1, plugin);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        m.put(rs.getString(1), rs.getBoolean(2));
                    }
                }
            }
            return m;
        });
    }

    private void record(String tenantId, String plugin, boolean active) {
        Timestamp now = Timestamp.from(Instant.now());
        db.inSystem(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE dotmac_plugin_activation SET active = ?, "
                    + "updated_at = ? WHERE tenant_id = ? AND plugin_id = ?")) {
                u.setBoolean(1, active);
                u.setTimestamp(2, now);
                u.setString(3, tenantId);
                u.setString(4, plugin);
                if (u.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO dotmac_plugin_activation "
                    + "(tenant_id, plugin_id, active, updated_at) VALUES (?, ?, ?, ?)")) {
                i.setString(1, tenantId);
                i.setString(2, plugin);
                i.setBoolean(3, active);
                i.setTimestamp(4, now);
                i.executeUpdate();
            }
            return null;
        });
    }
}
