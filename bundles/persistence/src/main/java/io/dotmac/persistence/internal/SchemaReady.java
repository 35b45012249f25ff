package io.dotmac.persistence.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.persistence.platform.Persistence;

/**
 * The application's data source, registered again under {@value Persistence#MIGRATED_DATASOURCE_NAME} only while
 * the schema is migrated: the {@link DatabaseMonitor} enables this component after a successful migration and
 * disables it when it goes away. The {@link JdbcDatabase} binds to it, so the {@code Database} service exists only
 * while the tables do, including when DotMac started while the database was down.
 */
@Component(service = DataSource.class, enabled = false,
        property = "osgi.jndi.service.name=" + Persistence.MIGRATED_DATASOURCE_NAME)
public class SchemaReady implements DataSource {

    private final DataSource delegate;

    @Activate
    public SchemaReady(@Reference(target = Persistence.DATASOURCE_FILTER) DataSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return delegate.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    /** The pooled data source this one hands out connections of. */
    DataSource delegate() {
        return delegate;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }
}
