package io.dotmac.persistence.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;

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

    @Activate
    public JdbcDatabase(@Reference(target = Persistence.MIGRATED_DATASOURCE_FILTER) DataSource dataSource)
            throws SQLException {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection()) {
            this.vendor = SchemaMigrator.vendor(c.getMetaData().getDatabaseProductName());
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

    private <T> T run(String tenantId, SqlWork<T> work) {
        Transaction tx = current.get();
        if (tx != null) {
            return join(tx, tenantId, work);
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

        Transaction(Connection connection) {
            this.connection = connection;
        }
    }
}
