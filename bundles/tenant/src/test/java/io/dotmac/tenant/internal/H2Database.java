package io.dotmac.tenant.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;

import io.dotmac.persistence.DataAccessException;
import io.dotmac.persistence.Database;
import io.dotmac.platform.api.TenantRef;

/** A {@link Database} on a private in-memory H2 database with the bundle's migrations applied (tests only). */
final class H2Database implements Database {

    private final JdbcDataSource ds = new JdbcDataSource();
    private final Connection keepAlive;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    H2Database(String... migrations) throws SQLException, IOException {
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        keepAlive = ds.getConnection();
        try (Statement s = keepAlive.createStatement()) {
            for (String m : migrations) {
                s.execute(Files.readString(Path.of(m)));
            }
        }
    }

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        Connection joined = current.get();
        try {
            if (joined != null) {
                return work.run(joined);
            }
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                current.set(c);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    current.remove();
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    @Override
    public <T> T inTenant(TenantRef tenant, SqlWork<T> work) {
        return inTransaction(work);
    }

    @Override
    public <T> T acrossTenants(SqlWork<T> work) {
        return inTransaction(work);
    }

    @Override
    public String vendor() {
        return "h2";
    }

    @Override
    public void afterCommit(Runnable action) {
        action.run(); // these tests need no deferral
    }
}
