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
import io.dotmac.persistence.Persistence;
import io.dotmac.platform.api.TenantRef;

/**
 * {@link Database} on the migrated data source: one pooled connection per outermost transaction, joined by
 * nested calls on the same thread (the transaction, not a tenant, is what the thread carries).
 */
@Component(service = Database.class)
public class JdbcDatabase implements Database {

    private final DataSource dataSource;
    private final String vendor;
    private final ThreadLocal<Transaction> current = new ThreadLocal<>();
    /**
     * Turns at the pool, first come first served, one per pooled connection ({@code null}: pool size unknown).
     * HikariCP lets a thread that just asked take a freed connection ahead of threads already waiting, so under a
     * load above the pool's size some requests waited many times longer than others; queueing here first keeps
     * the order.
     */
    private final Semaphore turns;
    /** How long a transaction waits for its turn: the pool's own connection timeout. */
    private final long turnTimeoutMillis;

    @Activate
    public JdbcDatabase(@Reference(target = Persistence.MIGRATED_DATASOURCE_FILTER) DataSource dataSource)
            throws SQLException {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection()) {
            this.vendor = SchemaMigrator.vendor(c.getMetaData().getDatabaseProductName());
        }
        DataSource pool = dataSource instanceof SchemaReady ready ? ready.delegate() : dataSource;
        long size = poolSetting(pool, "getMaximumPoolSize");
        long timeout = poolSetting(pool, "getConnectionTimeout");
        this.turns = size > 0 ? new Semaphore((int) size, true) : null;
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

    private void awaitTurn() {
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

    /** For tests: a database on any data source. */
    static JdbcDatabase on(DataSource dataSource) throws SQLException {
        return new JdbcDatabase(dataSource);
    }

    @Override
    public String vendor() {
        return vendor;
    }

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        return run(null, work);
    }

    @Override
    public <T> T inTenant(TenantRef tenant, SqlWork<T> work) {
        return run(Objects.requireNonNull(tenant, "tenant").id(), work);
    }

    @Override
    public <T> T inSystem(SqlWork<T> work) {
        return run(SYSTEM, work);
    }

    /** Marks a system transaction where a tenant id would go. */
    private static final String SYSTEM = "\u0000system";

    @Override
    public void afterCommit(Runnable action) {
        Objects.requireNonNull(action, "action");
        Transaction tx = current.get();
        if (tx == null) {
            action.run();
        } else {
            tx.afterCommit.add(action);
        }
    }

    private <T> T run(String tenantId, SqlWork<T> work) {
        Transaction tx = current.get();
        if (tx != null) {
            return join(tx, tenantId, work);
        }
        List<Runnable> committed = new ArrayList<>();
        T result = transaction(tenantId, work, committed);
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
    private <T> T transaction(String tenantId, SqlWork<T> work, List<Runnable> committed) {
        Transaction tx;
        if (turns != null) {
            awaitTurn();
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            tx = new Transaction(c);
            current.set(tx);
            try {
                if (tenantId != null) {
                    bind(tx, tenantId);
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
            if (turns != null) {
                turns.release();
            }
        }
    }

    private <T> T join(Transaction tx, String tenantId, SqlWork<T> work) {
        try {
            if (tenantId == SYSTEM) {
                if (!tx.system) {
                    bind(tx, SYSTEM);
                }
            } else if (tenantId != null) {
                if (tx.tenantId == null) {
                    bind(tx, tenantId);
                } else if (!tx.tenantId.equals(tenantId)) {
                    throw new IllegalStateException("a transaction bound to one tenant cannot act for another");
                }
            }
            return work.run(tx.connection);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private void bind(Transaction tx, String tenantId) throws SQLException {
        boolean system = tenantId == SYSTEM;
        if ("postgresql".equals(vendor)) {
            try (PreparedStatement s = tx.connection.prepareStatement("SELECT set_config(?, ?, true)")) {
                s.setString(1, system ? SYSTEM_SETTING : TENANT_SETTING);
                s.setString(2, system ? "on" : tenantId);
                s.execute();
            }
        }
        if (system) {
            tx.system = true;
        } else {
            tx.tenantId = tenantId;
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
        String tenantId;
        boolean system;
        final List<Runnable> afterCommit = new ArrayList<>();

        Transaction(Connection connection) {
            this.connection = connection;
        }
    }
}
