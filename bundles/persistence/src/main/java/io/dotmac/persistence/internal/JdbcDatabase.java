package io.dotmac.persistence.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.persistence.DataAccessException;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.Database.SqlWork;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.platform.Persistence;
import io.dotmac.platform.api.TenantRef;

/**
 * The transactions behind {@link Database} and {@link SystemDatabase} on the migrated data source: one pooled
 * connection per outermost transaction, joined by nested calls on the same thread (the transaction, not a tenant,
 * is what the thread carries). Work across tenants runs on the system role's own pool ({@value
 * #SYSTEM_DATASOURCE_NAME}; on PostgreSQL the only role whose sessions row-level security lets across tenants) and
 * cannot join a transaction of the application role. Registered under this internal class only, for the
 * bundle-scoped views ({@link BundleDatabase}, {@link PlatformDatabase}); the licensing bundle hides it from
 * plugins.
 */
@Component(service = JdbcDatabase.class)
public class JdbcDatabase {

    /** The service name of the system role's data source (on H2, the application's own). */
    static final String SYSTEM_DATASOURCE_NAME = "dotmac.system";

    private final DataSource dataSource;
    private final DataSource system;
    private final String vendor;
    private final ThreadLocal<Transaction> current = new ThreadLocal<>();
    /**
     * Turns at the pool, first come first served, one per pooled connection ({@code null}: pool size unknown).
     * HikariCP lets a thread that just asked take a freed connection ahead of threads already waiting, so under a
     * load above the pool's size some requests waited many times longer than others; queueing here first keeps
     * the order.
     */
    private final Semaphore turns;
    /** Turns at the system role's pool (the same as {@link #turns} when it is the application's). */
    private final Semaphore systemTurns;
    /** How long a transaction waits for its turn: the pool's own connection timeout. */
    private final long turnTimeoutMillis;

    @Activate
    public JdbcDatabase(@Reference(target = Persistence.MIGRATED_DATASOURCE_FILTER) DataSource dataSource,
            @Reference(target = "(osgi.jndi.service.name=" + SYSTEM_DATASOURCE_NAME + ")") DataSource system)
            throws SQLException {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection()) {
            this.vendor = SchemaMigrator.vendor(c.getMetaData().getDatabaseProductName());
        }
        DataSource pool = dataSource instanceof SchemaReady ready ? ready.delegate() : dataSource;
        this.system = system == pool ? dataSource : system;
        long size = poolSetting(pool, "getMaximumPoolSize");
        long timeout = poolSetting(pool, "getConnectionTimeout");
        this.turns = size > 0 ? new Semaphore((int) size, true) : null;
        long systemSize = poolSetting(system, "getMaximumPoolSize");
        this.systemTurns = this.system == dataSource ? turns : systemSize > 0 ? new Semaphore((int) systemSize, true)
                : null;
        this.turnTimeoutMillis = timeout > 0 ? timeout : 30_000;
    }

    /** A number HikariCP's data source reports ({@code getMaximumPoolSize}, ...), or 0 for another pool. */
    static long poolSetting(DataSource dataSource, String getter) {
        try {
            Object value = dataSource.getClass().getMethod(getter).invoke(dataSource);
            return value instanceof Number n ? n.longValue() : 0;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0;
        }
    }

    private void awaitTurn(Semaphore turns) {
        boolean got;
        try {
            got = turns.tryAcquire(turnTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) {
            throw new DataAccessException(new SQLTransientConnectionException("No database connection became free "
                    + "within " + turnTimeoutMillis + " ms", "08001"));
        }
    }

    /** For tests: a database on any data source, its work across tenants on the same one. */
    static JdbcDatabase on(DataSource dataSource) throws SQLException {
        return new JdbcDatabase(dataSource, dataSource);
    }

    /** For tests: a database on any data source, its work across tenants on {@code system}. */
    static JdbcDatabase on(DataSource dataSource, DataSource system) throws SQLException {
        return new JdbcDatabase(dataSource, system);
    }

    public String vendor() {
        return vendor;
    }

    /**
     * A connection of the application's pool held for the cluster's {@code LISTEN} (one of the pool's, for as long
     * as the listening lasts), in auto-commit.
     */
    Connection listeningConnection() throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(true);
        return c;
    }

    public <T> T inTransaction(SqlWork<T> work) {
        return run(null, null, work);
    }

    public <T> T inTenant(TenantRef tenant, SqlWork<T> work) {
        return run(Objects.requireNonNull(tenant, "tenant").id(), null, work);
    }

    /** Every tenant's rows of every table. */
    public <T> T inSystem(SqlWork<T> work) {
        return run(null, ALL_TABLES, work);
    }

    /** Every tenant's rows of the tables whose row-level security policy names {@code schema}. */
    public <T> T acrossTenants(String schema, SqlWork<T> work) {
        if (schema == null || !schema.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalStateException("work across tenants needs the bundle's schema (manifest header "
                    + MigratedSchema.SCHEMA_HEADER + ")");
        }
        return run(null, schema, work);
    }

    /** The value of {@value Database#SYSTEM_SETTING} for work across every table. */
    static final String ALL_TABLES = "on";

    public void afterCommit(Runnable action) {
        Objects.requireNonNull(action, "action");
        Transaction tx = current.get();
        if (tx == null) {
            action.run();
        } else {
            tx.afterCommit.add(action);
        }
    }

    /**
     * @param tenantId the tenant to bind, or {@code null}
     * @param across   {@value #ALL_TABLES}, a schema for work across tenants, or {@code null}
     */
    private <T> T run(String tenantId, String across, SqlWork<T> work) {
        Transaction tx = current.get();
        if (tx != null) {
            return join(tx, tenantId, across, work);
        }
        List<Runnable> committed = new ArrayList<>();
        T result = transaction(tenantId, across, work, committed);
        RuntimeException failure = null;
        for (Runnable action : committed) {
            try {
                action.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    /** Runs an outermost transaction; when it commits, {@code committed} holds its after-commit actions. */
    private <T> T transaction(String tenantId, String across, SqlWork<T> work, List<Runnable> committed) {
        Transaction tx;
        boolean systemWork = across != null;
        Semaphore queue = systemWork ? systemTurns : turns;
        if (queue != null) {
            awaitTurn(queue);
        }
        try (Connection c = (systemWork ? system : dataSource).getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            tx = new Transaction(c, systemWork);
            current.set(tx);
            try {
                if (tenantId != null) {
                    bindTenant(tx, tenantId);
                }
                if (across != null) {
                    bindAcross(tx, across);
                }
                T result = work.run(c);
                c.commit();
                committed.addAll(tx.afterCommit);
                return result;
            } catch (SQLException e) {
                rollback(c, e);
                throw new DataAccessException(e);
            } catch (RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            } finally {
                current.remove();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            // getConnection, setAutoCommit or commit
            throw new DataAccessException(e);
        } finally {
            if (queue != null) {
                queue.release();
            }
        }
    }

    private <T> T join(Transaction tx, String tenantId, String across, SqlWork<T> work) {
        if (across != null && !tx.system) {
            throw new IllegalStateException("work across tenants cannot join a transaction of the application role "
                    + "(for one tenant, or for none): it runs as the system role, on a connection of its own; start "
                    + "it outside that transaction");
        }
        try {
            if (across != null && !across.equals(tx.across) && !ALL_TABLES.equals(tx.across)) {
                if (tx.across != null && !ALL_TABLES.equals(across)) {
                    throw new IllegalStateException("a transaction across the tenants of the schema " + tx.across
                            + " cannot work across those of " + across);
                }
                bindAcross(tx, across);
            } else if (tenantId != null && !tenantId.equals(tx.tenantId)) {
                if (tx.across != null) {
                    return forTenant(tx, tenantId, work);
                }
                if (tx.tenantId != null) {
                    throw new IllegalStateException("a transaction bound to one tenant cannot act for another");
                }
                bindTenant(tx, tenantId);
            }
            return work.run(tx.connection);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /**
     * Nested work for one tenant inside work across tenants (a listener of an event that a batch over many tenants
     * published): bound to that tenant while it runs, then back to what the transaction was bound to, so the next
     * tenant's nested work is its own.
     */
    private <T> T forTenant(Transaction tx, String tenantId, SqlWork<T> work) throws SQLException {
        String previous = tx.tenantId;
        bindTenant(tx, tenantId);
        T result;
        try {
            result = work.run(tx.connection);
        } catch (SQLException | RuntimeException | Error e) {
            try {
                bindTenant(tx, previous);
            } catch (SQLException | RuntimeException restore) {
                e.addSuppressed(restore); // the transaction is lost anyway (PostgreSQL aborted it)
            }
            throw e;
        }
        bindTenant(tx, previous);
        return result;
    }

    /** Binds the transaction to a tenant, or ({@code null}) to none. */
    private void bindTenant(Transaction tx, String tenantId) throws SQLException {
        setLocal(tx, Database.TENANT_SETTING, tenantId == null ? "" : tenantId);
        tx.tenantId = tenantId;
    }

    private void bindAcross(Transaction tx, String across) throws SQLException {
        setLocal(tx, Database.SYSTEM_SETTING, across);
        tx.across = across;
    }

    /** Sets a PostgreSQL setting for the rest of the transaction (H2 has no row-level security to tell). */
    private void setLocal(Transaction tx, String setting, String value) throws SQLException {
        if ("postgresql".equals(vendor)) {
            try (PreparedStatement s = tx.connection.prepareStatement("SELECT set_config(?, ?, true)")) {
                s.setString(1, setting);
                s.setString(2, value);
                s.execute();
            }
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static final class Transaction {
        final Connection connection;
        /** On the system role's connection: work across tenants may join it. */
        final boolean system;
        String tenantId;
        /** {@value JdbcDatabase#ALL_TABLES}, the schema whose tables it works on across tenants, or null. */
        String across;
        final List<Runnable> afterCommit = new ArrayList<>();

        Transaction(Connection connection, boolean system) {
            this.connection = connection;
            this.system = system;
        }
    }
}
