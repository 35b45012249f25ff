package io.dotmac.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.dotmac.persistence.platform.DatabaseHealth;
import io.dotmac.persistence.platform.DatabaseState;
import io.dotmac.persistence.platform.Persistence;

/**
 * Watches the application's data source from a background thread: migrates the schema as soon as the database
 * can be reached (retrying until it can), then probes it every {@code probeIntervalMillis}. Once migrated it
 * enables {@link SchemaReady}, the data source registered again as {@code dotmac.migrated}, which the {@code Database}
 * and anything else that needs the tables bind to.
 */
@Component(service = DatabaseHealth.class, immediate = true, configurationPid = "io.dotmac.persistence")
@Designate(ocd = DatabaseMonitor.Config.class)
public class DatabaseMonitor implements DatabaseHealth {

    @ObjectClassDefinition(name = "DotMac persistence",
            description = "Schema migrations and database monitoring. The connection itself is configured in "
                    + "etc/org.ops4j.datasource-dotmac.cfg.")
    public @interface Config {
        @AttributeDefinition(description = "Milliseconds between two database probes (and migration attempts).")
        long probeIntervalMillis() default 2000;

        @AttributeDefinition(description = "Seconds a probe waits for the database to answer.")
        int validationTimeoutSeconds() default 2;

        @AttributeDefinition(description = "Database user that owns the schema and runs the migrations; empty: "
                + "the data source's own user.")
        String migrationUser() default "";

        @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password of migrationUser.")
        String migrationPassword() default "";

        @AttributeDefinition(description = "PostgreSQL: the role that works across tenants (billing runs, outbox "
                + "senders, ...), with its own small pool; the application role must not be it nor a member of it. "
                + "Required on PostgreSQL; unused on H2.")
        String systemUser() default "";

        @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password of systemUser.")
        String systemPassword() default "";

        @AttributeDefinition(description = "Connections of systemUser's pool.")
        int systemPoolSize() default 4;

        @AttributeDefinition(description = "PostgreSQL: the role a FreeRADIUS server connects as. It may read "
                + "radius_aaa's FreeRADIUS views (radcheck, radreply, nas, ...) across tenants and write accounting "
                + "(radacct, radpostauth), and nothing else. Empty: none.")
        String radiusUser() default "";

        @AttributeDefinition(description = "Seconds between two checks of the roles (PostgreSQL): an application "
                + "role that came to bypass row-level security or to be able to become the system role stops the "
                + "database work until it is fixed.")
        int roleCheckSeconds() default 60;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseMonitor.class);

    private final DataSource dataSource;
    private final Map<String, Object> dataSourceProperties;
    private final Config config;
    private final BundleContext context;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService executor;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<Map.Entry<Map<String, Object>, DataSourceFactory>> driverFactories = Collections.emptyList();

    private volatile DatabaseState state;
    private volatile String schemaVersion;
    private final ComponentContext component;
    private boolean schemaReadyEnabled;
    private boolean loggedDown;
    /** The last reason logged for being down: a new reason is logged again. */
    private String loggedReason;
    /** The system role's pool (PostgreSQL) or the application's data source (H2), and its registration. */
    private DataSource system;
    private ServiceRegistration<DataSource> systemRegistration;
    private Instant rolesCheckedAt = Instant.EPOCH;
    private final BundleSchemas schemas;
    private volatile String vendor;

    @Activate
    public DatabaseMonitor(
            @Reference(target = Persistence.DATASOURCE_FILTER) Map.Entry<Map<String, Object>, DataSource> dataSource,
            Config config, ComponentContext component) {
        this.dataSource = dataSource.getValue();
        this.dataSourceProperties = dataSource.getKey();
        this.config = config;
        this.context = component.getBundleContext();
        this.component = component;
        this.state = new DatabaseState(false, null, null, "not probed yet", clock.instant());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-database-monitor");
            t.setDaemon(true);
            return t;
        });
        this.schemas = new BundleSchemas(context, () -> {
            if (schemaVersion != null && !executor.isShutdown()) {
                executor.execute(this::migrateBundles);
            }
        });
        executor.scheduleWithFixedDelay(this::probe, 0, Math.max(100, config.probeIntervalMillis()),
                TimeUnit.MILLISECONDS);
        schemas.open();
    }

    @Deactivate
    void deactivate() {
        schemas.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (schemaReadyEnabled) {
                component.disableComponent(SchemaReady.class.getName());
                schemaReadyEnabled = false;
            }
            if (systemRegistration != null) {
                try {
                    systemRegistration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // our bundle is stopping
                }
                systemRegistration = null;
            }
            if (system instanceof AutoCloseable pool && system != dataSource) {
                try {
                    pool.close();
                } catch (Exception e) {
                    LOG.warn("Closing the system role's pool: {}", e.toString());
                }
            }
        }
    }

    @Override
    public DatabaseState state() {
        return state;
    }

    /** One round: migrate if not done yet, then check the database answers. Never throws. */
    void probe() {
        Instant now = clock.instant();
        try {
            if (schemaVersion == null) {
                migrate();
            }
            if (schemas.hasPending()) {
                migrateBundles();
            }
            String product;
            try (Connection c = dataSource.getConnection()) {
                if (!c.isValid(config.validationTimeoutSeconds())) {
                    throw new SQLException("connection is not valid");
                }
                product = c.getMetaData().getDatabaseProductName();
                if ("postgresql".equals(vendor) && schemaVersion != null && !now.isBefore(
                        rolesCheckedAt.plusSeconds(Math.max(1, config.roleCheckSeconds())))) {
                    rolesCheckedAt = now;
                    String problem = RoleCheck.problem(c, config.systemUser(), config.radiusUser());
                    if (problem != null) {
                        stopWork();
                        throw new SQLException("refusing to run: " + problem);
                    }
                }
            }
            if (loggedDown || !state.up()) {
                LOG.info("Database {} is up, schema version {}", product, schemaVersion);
            }
            loggedDown = false;
            loggedReason = null;
            state = new DatabaseState(true, product, schemaVersion, null, now);
        } catch (SQLException | RuntimeException | LinkageError | java.util.ServiceConfigurationError e) {
            // errors too: one escaping here would silently end the periodic probe
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            // once per reason: a down database is not logged every probe, a new reason always is
            if (!loggedDown || !reason.equals(loggedReason)) {
                if (e instanceof SQLException) {
                    LOG.warn("Database is down: {}", reason);
                } else {
                    LOG.error("Database probe failed: {}", reason, e);
                }
                loggedDown = true;
                loggedReason = reason;
            }
            DatabaseState previous = state;
            state = new DatabaseState(false, previous.product(), schemaVersion, reason, now);
        }
    }

    private void migrate() throws SQLException {
        DataSource owner = ownerDataSource();
        Bundle bundle = context.getBundle();
        String product;
        try (Connection c = owner.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        }
        vendor = SchemaMigrator.vendor(product);
        boolean postgres = "postgresql".equals(vendor);
        if (postgres) {
            Object app = dataSourceProperties.get("user");
            if (config.migrationUser().isBlank() || config.migrationUser().equals(app)) {
                throw new SQLException("refusing to run: on PostgreSQL the migrations run as a separate owner role "
                        + "(migrationUser in io.dotmac.persistence.cfg): an application role owning the tables could "
                        + "switch row-level security off (see README, PostgreSQL)");
            }
            try (Connection c = dataSource.getConnection()) {
                String problem = RoleCheck.problem(c, config.systemUser(), config.radiusUser());
                if (problem != null) {
                    throw new SQLException("refusing to run: " + problem);
                }
            }
        }
        BundleMigrations migrations = BundleSchemas.migrationsOf(bundle, vendor);
        String version = SchemaMigrator.migrate(owner, getClass().getClassLoader(), migrations, grantees());
        if (postgres) {
            SchemaMigrator.nameSystemRole(owner, config.systemUser());
            SchemaMigrator.nameRadiusRole(owner, radiusRole());
        }
        synchronized (this) {
            if (systemRegistration == null && !executor.isShutdown()) {
                system = postgres ? systemPool() : dataSource;
                Hashtable<String, Object> props = new Hashtable<>();
                props.put("osgi.jndi.service.name", JdbcDatabase.SYSTEM_DATASOURCE_NAME);
                systemRegistration = context.registerService(DataSource.class, system, props);
            }
            schemaVersion = version;
            rolesCheckedAt = clock.instant();
            if (!executor.isShutdown()) {
                component.enableComponent(SchemaReady.class.getName());
                schemaReadyEnabled = true;
            }
        }
    }

    /**
     * Takes the {@code Database} away (the roles no longer keep tenants apart): the next probes check the roles
     * again, and migrate and bring it back once they pass.
     */
    private synchronized void stopWork() {
        if (schemaReadyEnabled) {
            component.disableComponent(SchemaReady.class.getName());
            schemaReadyEnabled = false;
        }
        schemaVersion = null;
    }

    /**
     * The FreeRADIUS role ({@code radiusUser}), or none when it is one of DotMac's own roles: it reads every tenant's
     * credentials, which the application role must never do.
     */
    private String radiusRole() {
        String radius = config.radiusUser().trim();
        Object app = dataSourceProperties.get("user");
        for (String own : new String[] {app == null ? "" : app.toString(), config.systemUser(),
                config.migrationUser()}) {
            if (!radius.isEmpty() && radius.equalsIgnoreCase(own)) {
                LOG.error("radiusUser '{}' is one of DotMac's own roles (application, system or owner): FreeRADIUS "
                        + "needs a role of its own; no role is given FreeRADIUS's views", radius);
                return "";
            }
        }
        return radius;
    }

    /** The roles granted data access on what migrations create: the application's, and the system role. */
    private List<String> grantees() {
        List<String> roles = new ArrayList<>();
        Object app = dataSourceProperties.get("user");
        if (app != null) {
            roles.add(app.toString());
        }
        if (!config.systemUser().isBlank()) {
            roles.add(config.systemUser());
        }
        return roles;
    }

    /** The system role's own small pool (PostgreSQL), on the data source's driver and URL. */
    private DataSource systemPool() throws SQLException {
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(driverDataSource(config.systemUser(), config.systemPassword()));
        pool.setPoolName("dotmac-system");
        pool.setMaximumPoolSize(Math.max(1, config.systemPoolSize()));
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(5000);
        pool.setValidationTimeout(2000);
        pool.setInitializationFailTimeout(-1); // the database may be away now and then, like the main pool's
        return new HikariDataSource(pool);
    }

    /** Migrates the schemas of started bundles that declare one (on the monitor's thread). */
    private void migrateBundles() {
        if (schemaVersion == null) {
            return;
        }
        schemas.migratePending((bundle, table) -> {
            DataSource owner = ownerDataSource();
            String version = BundleSchemas.migrate(owner, getClass().getClassLoader(), bundle, vendor, grantees(),
                    table);
            if ("postgresql".equals(vendor)) {
                SchemaMigrator.nameRadiusRole(owner, radiusRole());
            }
            return version;
        });
    }

    /** The data source migrations run on: the application's, or one for {@code migrationUser}. */
    private DataSource ownerDataSource() throws SQLException {
        if (config.migrationUser().isBlank()) {
            return dataSource;
        }
        return driverDataSource(config.migrationUser(), config.migrationPassword());
    }

    /** An unpooled data source of the configured driver and URL, for another user. */
    private DataSource driverDataSource(String user, String password) throws SQLException {
        Object driverClass = dataSourceProperties.get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS);
        Object driverName = dataSourceProperties.get(DataSourceFactory.OSGI_JDBC_DRIVER_NAME);
        Object url = dataSourceProperties.get("url");
        if (url == null) {
            throw new SQLException("migrationUser is set but the data source configuration has no url");
        }
        for (Map.Entry<Map<String, Object>, DataSourceFactory> f : driverFactories) {
            Map<String, Object> p = f.getKey();
            if ((driverClass != null && driverClass.equals(p.get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS)))
                    || (driverName != null && driverName.equals(p.get(DataSourceFactory.OSGI_JDBC_DRIVER_NAME)))) {
                Properties props = new Properties();
                props.setProperty(DataSourceFactory.JDBC_URL, url.toString());
                props.setProperty(DataSourceFactory.JDBC_USER, user);
                props.setProperty(DataSourceFactory.JDBC_PASSWORD, password);
                return f.getValue().createDataSource(props);
            }
        }
        throw new SQLException("no JDBC driver for " + (driverClass != null ? driverClass : driverName));
    }
}
