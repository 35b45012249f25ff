package io.dotmac.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The migrations, run by {@link SchemaMigrator} as they run in the container, on H2 and on real PostgreSQL. */
class SchemaMigratorTest {


    static BundleMigrations migrations(String vendor) {
        File root = new File("target/classes");
        return new BundleMigrations(folder -> {
            File[] files = new File(root, folder).listFiles((d, n) -> n.endsWith(".sql"));
            return files == null ? List.of()
                    : Arrays.stream(files).map(f -> folder + "/" + f.getName()).sorted().toList();
        }, path -> {
            try {
                return new File(root, path).toURI().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }, vendor);
    }

    @Test
    void vendorFolderFollowsTheProduct() {
        assertEquals("h2", SchemaMigrator.vendor("H2"));
        assertEquals("postgresql", SchemaMigrator.vendor("PostgreSQL"));
        assertThrows(IllegalStateException.class, () -> SchemaMigrator.vendor("MySQL"));
    }

    @Test
    void migratesH2AndIsIdempotent() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        String version = SchemaMigrator.migrate(ds, getClass().getClassLoader(), migrations("h2"), List.of("sa"));
        assertFalse(migrations("h2").names().isEmpty());
        assertEquals(latest(migrations("h2")), version);
        // a second start finds nothing to do
        assertEquals(version, SchemaMigrator.migrate(ds, getClass().getClassLoader(), migrations("h2"), List.of("sa")));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO dotmac_instance VALUES ('x', CURRENT_TIMESTAMP, 't')");
        }
    }

    @Test
    void onPostgresqlMigratesAsOwnerAndGrantsTheAppRoleDataAccessOnly() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String db = "dotmac_ut_" + suffix;
        String owner = "dotmac_owner_" + suffix;
        String app = "dotmac_app_" + suffix;
        try (Connection admin = PostgresTests.adminConnection(); Statement s = admin.createStatement()) {
            s.execute("CREATE ROLE " + owner + " LOGIN PASSWORD 'owner'");
            s.execute("CREATE ROLE " + app + " LOGIN PASSWORD 'app'");
            s.execute("CREATE DATABASE " + db + " OWNER " + owner);
        }
        try {
            String url = PostgresTests.urlOf(db);
            DataSource ownerDs = PostgresTests.dataSource(url, owner, "owner");
            String version = SchemaMigrator.migrate(ownerDs, getClass().getClassLoader(), migrations("postgresql"), List.of(app));
            assertEquals(latest(migrations("postgresql")), version);

            try (Connection c = PostgresTests.dataSource(url, app, "app").getConnection();
                    Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO dotmac_instance VALUES ('x', now(), 't')");
                try (ResultSet rs = s.executeQuery(
                        "SELECT tableowner FROM pg_tables WHERE tablename = 'dotmac_instance'")) {
                    assertTrue(rs.next());
                    assertEquals(owner, rs.getString(1), "the owner role owns the tables, not the app role");
                }
                assertThrows(SQLException.class, () -> s.execute("DROP TABLE dotmac_instance"),
                        "the application role must not be able to drop tables");
            }
        } finally {
            try (Connection admin = PostgresTests.adminConnection(); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                s.execute("DROP ROLE IF EXISTS " + app);
                s.execute("DROP ROLE IF EXISTS " + owner);
            }
        }
    }

    /** The highest version among the migrations' names ({@code V5__...}: "5"; the common ones and a vendor's). */
    private static String latest(BundleMigrations migrations) {
        return String.valueOf(migrations.names().stream().map(n -> n.replaceAll(".*/", "").replaceAll("^V", "")
                .replaceAll("__.*", "").split("_")[0]).mapToInt(Integer::parseInt).max().orElseThrow());
    }
}
