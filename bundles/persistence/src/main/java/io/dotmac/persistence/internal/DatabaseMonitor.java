package io.dotmac.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
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

import io.dotmac.persistence.DatabaseHealth;
import io.dotmac.persistence.DatabaseState;
import io.dotmac.persistence.Persistence;

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
            }
            if (loggedDown || !state.up()) {
                LOG.info("Database {} is up, schema version {}", product, schemaVersion);
            }
            loggedDown = false;
            state = new DatabaseState(true, product, schemaVersion, null, now);
        } catch (SQLException | RuntimeException | LinkageError | java.util.ServiceConfigurationError e) {
            // errors too: one escaping here would silently end the periodic probe
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!loggedDown) {
                if (e instanceof SQLException) {
                    LOG.warn("Database is down: {}", reason);
                } else {
                    LOG.error("Database probe failed: {}", reason, e);
                }
                loggedDown = true;
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
        if ("postgresql".equals(vendor)) {
            refuseRoleThatBypassesRowLevelSecurity();
        }
        BundleMigrations migrations = BundleSchemas.migrationsOf(bundle, vendor);
        String version = SchemaMigrator.migrate(owner, getClass().getClassLoader(), migrations,
                (String) dataSourceProperties.get("user"));
        synchronized (this) {
            schemaVersion = version;
            if (!executor.isShutdown()) {
                component.enableComponent(SchemaReady.class.getName());
                schemaReadyEnabled = true;
            }
        }
    }

    /**
     * Tenant isolation on PostgreSQL rests on row-level security, which superusers and BYPASSRLS roles skip: with
     * such an application role DotMac does not start its schema (health stays DOWN, saying why).
     */
    private void refuseRoleThatBypassesRowLevelSecurity() throws SQLException {
        try (Connection c = dataSource.getConnection();
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery(
                        "SELECT current_user, rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")) {
            if (rs.next() && rs.getBoolean(2)) {
                throw new SQLException("refusing to run: the application role '" + rs.getString(1)
                        + "' bypasses row-level security (superuser or BYPASSRLS), so tenants would not be isolated; "
                        + "connect as a role that does not (see README, PostgreSQL)");
            }
        }
    }

    /** Migrates the schemas of started bundles that declare one (on the monitor's thread). */
    private void migrateBundles() {
        if (schemaVersion == null) {
            return;
        }
        schemas.migratePending((bundle, table) -> BundleSchemas.migrate(ownerDataSource(),
                getClass().getClassLoader(), bundle, vendor, (String) dataSourceProperties.get("user"), table));
    }

    /** The data source migrations run on: the application's, or one for {@code migrationUser}. */
    private DataSource ownerDataSource() throws SQLException {
        if (config.migrationUser().isBlank()) {
            return dataSource;
        }
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
                props.setProperty(DataSourceFactory.JDBC_USER, config.migrationUser());
                props.setProperty(DataSourceFactory.JDBC_PASSWORD, config.migrationPassword());
                return f.getValue().createDataSource(props);
            }
        }
        throw new SQLException("no JDBC driver for " + (driverClass != null ? driverClass : driverName));
    }
}
