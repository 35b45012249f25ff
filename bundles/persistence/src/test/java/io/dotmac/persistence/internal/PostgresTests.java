package io.dotmac.persistence.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.postgresql.ds.PGSimpleDataSource;

/** Real PostgreSQL for these unit tests: the test server's URL, its superuser, data sources of other roles. */
final class PostgresTests {

    static final String PG_URL = System.getenv().getOrDefault("DOTMAC_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");

    private PostgresTests() {
    }

    /** The URL of another database on the same server. */
    static String urlOf(String database) {
        return PG_URL.substring(0, PG_URL.lastIndexOf('/') + 1) + database;
    }

    static PGSimpleDataSource dataSource(String url, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    /** A connection as the PostgreSQL test superuser; skips (fails under CI=true) when PostgreSQL is absent. */
    static Connection adminConnection() throws SQLException {
        try {
            return DriverManager.getConnection(PG_URL, "postgres", "");
        } catch (SQLException e) {
            boolean ci = "true".equalsIgnoreCase(String.valueOf(System.getenv("CI")).trim());
            String message = "PostgreSQL at " + PG_URL + " is unreachable (" + e.getMessage() + ")";
            if (ci) {
                throw new SQLException(message + "; CI=true, so this fails", e);
            }
            System.err.println("\n*** SKIPPING PostgreSQL test: " + message + " ***\n");
            assumeTrue(false, message);
            return null;
        }
    }
}
