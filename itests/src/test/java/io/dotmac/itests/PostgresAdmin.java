package io.dotmac.itests;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Properties;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.jdbc.DataSourceFactory;

/** Superuser actions on the suite's PostgreSQL database, from inside the container (through its JDBC driver). */
final class PostgresAdmin {

    private PostgresAdmin() {
    }

    static DataSource admin(BundleContext context) throws SQLException, InvalidSyntaxException {
        Collection<ServiceReference<DataSourceFactory>> refs = context.getServiceReferences(DataSourceFactory.class,
                "(" + DataSourceFactory.OSGI_JDBC_DRIVER_CLASS + "=org.postgresql.Driver)");
        if (refs.isEmpty()) {
            throw new AssertionError("no PostgreSQL DataSourceFactory in the container");
        }
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_URL, System.getProperty(PostgresDatabase.ADMIN));
        p.setProperty(DataSourceFactory.JDBC_USER, System.getProperty(PostgresDatabase.ADMIN + "User"));
        p.setProperty(DataSourceFactory.JDBC_PASSWORD, System.getProperty(PostgresDatabase.ADMIN + "Password", ""));
        return context.getService(refs.iterator().next()).createDataSource(p);
    }

    /**
     * Lets the suite's database accept connections again, or refuses them and ends its open sessions (returning
     * how many it ended).
     */
    static int allowConnections(BundleContext context, boolean allow) throws Exception {
        String db = System.getProperty(PostgresDatabase.DATABASE);
        try (Connection c = admin(context).getConnection(); Statement s = c.createStatement()) {
            try (java.sql.ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw new AssertionError("the PostgreSQL admin connection is not a superuser");
                }
            }
            s.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS " + allow);
            try (java.sql.ResultSet rs = s.executeQuery("SELECT datallowconn FROM pg_database WHERE datname = '" + db + "'")) {
                if (!rs.next() || rs.getBoolean(1) != allow) {
                    throw new AssertionError("database " + db + " did not change to allow_connections=" + allow);
                }
            }
            int ended = 0;
            if (!allow) {
                try (java.sql.ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = '" + db + "'")) {
                    while (rs.next()) {
                        ended++;
                    }
                }
            }
            return ended;
        }
    }

    /** The suite database's state as the server sees it. */
    static String describe(BundleContext context) throws Exception {
        String db = System.getProperty(PostgresDatabase.DATABASE);
        try (Connection c = admin(context).getConnection(); Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT d.datallowconn, (SELECT count(*) FROM pg_stat_activity a"
                        + " WHERE a.datname = d.datname) FROM pg_database d WHERE d.datname = '" + db + "'")) {
            return rs.next() ? db + ": allow_connections=" + rs.getBoolean(1) + ", sessions=" + rs.getInt(2)
                    : db + " does not exist";
        }
    }
}
