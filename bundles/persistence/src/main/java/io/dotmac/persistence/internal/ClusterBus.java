package io.dotmac.persistence.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.persistence.ChangeListener;
import io.dotmac.persistence.ClusterChanges;

/**
 * {@link ClusterChanges} on the application database. On PostgreSQL a thread of its own holds one connection of the
 * application's pool that {@code LISTEN}s on {@value ClusterChanges#CHANNEL} and hands each message
 * ({@code <kind> <key>}) to the listeners of its kind; when that connection fails it takes another and has every
 * listener reload everything (what was told meanwhile is lost). Every {@code reloadSeconds} every listener reloads
 * everything anyway. On H2 a message is handed over after commit, in this JVM.
 */
@Component(service = ClusterChanges.class, configurationPid = "io.dotmac.cluster")
@Designate(ocd = ClusterConfig.class)
public class ClusterBus implements ClusterChanges {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterBus.class);
    private static final Pattern KIND = Pattern.compile("[a-z0-9-]{1,40}");
    private static final long WAIT_MILLIS = 500;

    private final JdbcDatabase db;
    /**
     * The listeners by kind, each got when a message is handed to it: taking the service objects as they come would
     * activate a listener inside the activation of whatever brought this bus up (a cycle DS refuses).
     */
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final ComponentContext context;

    /** A listener: its service reference (or, in tests, itself), the object got on first use. */
    private static final class Listener {
        final Object key;
        final java.util.function.Supplier<ChangeListener> get;

        Listener(Object key, java.util.function.Supplier<ChangeListener> get) {
            this.key = key;
            this.get = get;
        }
    }
    private final long reloadNanos;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection listening;

    /** For tests: without a component context (listeners added as objects). */
    ClusterBus(JdbcDatabase db, ClusterConfig config) {
        this(db, config, null);
    }

    @Activate
    public ClusterBus(@Reference JdbcDatabase db, ClusterConfig config, ComponentContext context) {
        this.db = db;
        this.context = context;
        this.reloadNanos = TimeUnit.SECONDS.toNanos(Math.max(10, config.reloadSeconds()));
        this.thread = new Thread(this::listen, "dotmac-cluster-changes");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() {
        running = false;
        thread.interrupt();
        Connection c = listening;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
    }

    @Reference(name = "listeners", service = ChangeListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindListener(ServiceReference<ChangeListener> reference) {
        add(reference, () -> {
            return context == null ? null : context.locateService("listeners", reference);
        }, kinds(reference.getProperty(ChangeListener.KIND_PROPERTY)));
    }

    void unbindListener(ServiceReference<ChangeListener> reference) {
        remove(reference);
    }

    /** For tests: a listener object itself. */
    void addListener(ChangeListener listener, Map<String, Object> properties) {
        add(listener, () -> listener, kinds(properties.get(ChangeListener.KIND_PROPERTY)));
    }

    void removeListener(ChangeListener listener) {
        remove(listener);
    }

    private static List<String> kinds(Object kind) {
        return kind instanceof String k ? List.of(k) : kind instanceof String[] ks ? List.of(ks) : List.of();
    }

    private void add(Object key, java.util.function.Supplier<ChangeListener> get, List<String> kinds) {
        if (kinds.isEmpty()) {
            LOG.error("A ChangeListener without {} is ignored: {}", ChangeListener.KIND_PROPERTY, key);
        }
        for (String k : kinds) {
            listeners.computeIfAbsent(k, x -> new CopyOnWriteArrayList<>()).add(new Listener(key, get));
        }
    }

    private void remove(Object key) {
        listeners.values().forEach(l -> l.removeIf(x -> x.key.equals(key)));
    }

    @Override
    public void changed(String kind, String key) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("kind must be 1 to 40 of a-z, 0-9 and -: " + kind);
        }
        if (key == null || key.isEmpty() || key.length() > 200 || key.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("key must be 1 to 200 characters on one line: " + key);
        }
        if (db.vendor().equals("postgresql")) {
            db.inTransaction(c -> { // joins the caller's transaction: delivered when it commits
                try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                    s.setString(1, CHANNEL);
                    s.setString(2, kind + " " + key);
                    s.execute();
                }
                return null;
            });
        } else {
            db.afterCommit(() -> deliver(kind, key));
        }
    }

    /** Hands a message to the listeners of its kind. */
    void deliver(String kind, String key) {
        for (Listener entry : listeners.getOrDefault(kind, List.of())) {
            ChangeListener l = entry.get.get();
            if (l == null) {
                continue; // going away
            }
            try {
                l.changed(kind, key);
            } catch (RuntimeException e) {
                LOG.error("Change listener {} failed on {} {}: it is reloaded in full at the next safety pass",
                        l.getClass().getName(), kind, key, e);
            }
        }
    }

    /** Every listener reads everything again (once, whatever the number of its kinds). */
    void reloadAll(String why) {
        java.util.Set<ChangeListener> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        listeners.values().forEach(list -> list.forEach(entry -> {
            ChangeListener l = entry.get.get();
            if (l != null) {
                all.add(l);
            }
        }));
        for (ChangeListener l : all) {
            try {
                l.reloadAll();
            } catch (RuntimeException ex) {
                LOG.error("Change listener {} failed to reload", l.getClass().getName(), ex);
            }
        }
        LOG.debug("Cluster: {} caches read again ({})", all.size(), why);
    }

    private void listen() {
        long nextReload = System.nanoTime() + reloadNanos;
        boolean lost = false;
        while (running) {
            try {
                if (!db.vendor().equals("postgresql")) {
                    sleep(reloadNanos);
                    continue; // one node: nothing to hear, and nothing to reload
                }
                try (Connection c = db.listeningConnection()) {
                    listening = c;
                    try (Statement s = c.createStatement()) {
                        s.execute("LISTEN " + CHANNEL);
                    }
                    if (!c.getAutoCommit()) {
                        c.commit();
                    }
                    if (lost) {
                        LOG.warn("Cluster: listening again on {}; every cache is read again", CHANNEL);
                        reloadAll("listening again");
                        lost = false;
                    }
                    org.postgresql.PGConnection pg = c.unwrap(org.postgresql.PGConnection.class);
                    while (running) {
                        org.postgresql.PGNotification[] got = pg.getNotifications((int) WAIT_MILLIS);
                        if (got != null) {
                            for (org.postgresql.PGNotification n : got) {
                                String message = n.getParameter();
                                int space = message.indexOf(' ');
                                if (space > 0) {
                                    deliver(message.substring(0, space), message.substring(space + 1));
                                }
                            }
                        }
                        if (System.nanoTime() - nextReload > 0) {
                            reloadAll("every " + TimeUnit.NANOSECONDS.toSeconds(reloadNanos) + " s");
                            nextReload = System.nanoTime() + reloadNanos;
                        }
                    }
                } finally {
                    listening = null;
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!lost) {
                    LOG.warn("Cluster: not listening on {} ({}); trying again every second", CHANNEL,
                            e.getMessage());
                }
                lost = true;
                sleep(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }

    private void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
