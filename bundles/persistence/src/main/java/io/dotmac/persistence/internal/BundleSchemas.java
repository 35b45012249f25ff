package io.dotmac.persistence.internal;

import java.sql.SQLException;
import java.util.Collections;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.persistence.MigratedSchema;

/**
 * The schema extender: tracks started bundles that declare a {@value MigratedSchema#SCHEMA_HEADER}, migrates each
 * one's schema (with its own Flyway history table) once the core schema is in place, and registers a
 * {@link MigratedSchema} service for it while the bundle runs. All migration work happens on the caller's
 * (the database monitor's) thread; the tracker only records what is pending.
 */
final class BundleSchemas implements BundleTrackerCustomizer<String> {

    private static final Logger LOG = LoggerFactory.getLogger(BundleSchemas.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    interface Migrator {
        String migrate(Bundle bundle, String historyTable) throws SQLException;
    }

    private final BundleContext context;
    private final Runnable wakeUp;
    private final BundleTracker<String> tracker;
    /** Bundles whose schema is not migrated yet, by bundle id. */
    private final Map<Long, Bundle> pending = new LinkedHashMap<>();
    private final Map<Long, ServiceRegistration<MigratedSchema>> registered = new LinkedHashMap<>();
    private final Map<String, Long> owners = new LinkedHashMap<>();

    BundleSchemas(BundleContext context, Runnable wakeUp) {
        this.context = context;
        this.wakeUp = wakeUp;
        this.tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, this);
    }

    void open() {
        tracker.open();
    }

    void close() {
        tracker.close();
        synchronized (this) {
            registered.values().forEach(BundleSchemas::unregister);
            registered.clear();
            pending.clear();
            owners.clear();
        }
    }

    static String historyTable(String schema) {
        return SchemaMigrator.CORE_HISTORY_TABLE + "_" + schema;
    }

    @Override
    public String addingBundle(Bundle bundle, BundleEvent event) {
        String name = bundle.getHeaders("").get(MigratedSchema.SCHEMA_HEADER);
        if (name == null) {
            return null;
        }
        name = name.trim();
        if (!NAME.matcher(name).matches()) {
            LOG.error("Bundle {} declares an invalid {} '{}': ignored", bundle.getSymbolicName(),
                    MigratedSchema.SCHEMA_HEADER, name);
            return null;
        }
        synchronized (this) {
            Long owner = owners.get(name);
            if (owner != null && owner != bundle.getBundleId()) {
                LOG.error("Bundle {} declares schema '{}', which bundle {} already owns: ignored",
                        bundle.getSymbolicName(), name, owner);
                return null;
            }
            owners.put(name, bundle.getBundleId());
            pending.put(bundle.getBundleId(), bundle);
        }
        wakeUp.run();
        return name;
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, String name) {
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, String name) {
        ServiceRegistration<MigratedSchema> registration;
        synchronized (this) {
            pending.remove(bundle.getBundleId());
            owners.remove(name, bundle.getBundleId());
            registration = registered.remove(bundle.getBundleId());
        }
        unregister(registration);
    }

    /** Migrates every pending schema; one that fails stays pending and is retried on the next call. */
    void migratePending(Migrator migrator) {
        List<Bundle> todo;
        synchronized (this) {
            todo = List.copyOf(pending.values());
        }
        for (Bundle bundle : todo) {
            String name = tracker.getObject(bundle);
            if (name == null) {
                continue;
            }
            String version;
            try {
                version = migrator.migrate(bundle, historyTable(name));
            } catch (SQLException | RuntimeException e) {
                LOG.error("Migrating schema '{}' of bundle {} failed (retried later): {}", name,
                        bundle.getSymbolicName(), e.toString());
                continue;
            }
            synchronized (this) {
                if (pending.remove(bundle.getBundleId()) == null) {
                    continue; // stopped meanwhile
                }
                Hashtable<String, Object> props = new Hashtable<>();
                props.put(MigratedSchema.SCHEMA_PROPERTY, name);
                props.put("dotmac.schema.version", version);
                props.put("dotmac.schema.bundle", bundle.getSymbolicName());
                MigratedSchema schema = new Schema(name, version);
                registered.put(bundle.getBundleId(), context.registerService(MigratedSchema.class, schema, props));
            }
        }
    }

    synchronized boolean hasPending() {
        return !pending.isEmpty();
    }

    /** The SQL migrations a bundle ships, for the database's vendor. */
    static BundleMigrations migrationsOf(Bundle bundle, String vendor) {
        return new BundleMigrations(folder -> {
            var found = bundle.findEntries(folder, "*.sql", false);
            return found == null ? List.of()
                    : Collections.list(found).stream().map(u -> u.getPath().substring(1)).toList();
        }, bundle::getEntry, vendor);
    }

    static String migrate(DataSource owner, ClassLoader loader, Bundle bundle, String vendor, List<String> grantees,
            String historyTable) throws SQLException {
        return SchemaMigrator.migrate(owner, loader, migrationsOf(bundle, vendor), grantees, historyTable, true);
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it when our bundle stopped
        }
    }

    private record Schema(String name, String version) implements MigratedSchema {
    }
}
