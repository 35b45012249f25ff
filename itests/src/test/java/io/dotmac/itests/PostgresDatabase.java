package io.dotmac.itests;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.ops4j.pax.exam.Option;

/**
 * A fresh PostgreSQL database for one suite, with the production layout: an owner role that runs the migrations,
 * a separate application role the data source connects as, and the system role that works across tenants. Created in the test JVM from
 * {@code DOTMAC_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}) and
 * dropped, with its roles, once all tests have run ({@link PostgresCleanup}). When PostgreSQL is unreachable,
 * {@link PostgresPaxExam} skips the suite with a loud message, unless {@code CI=true}, where it fails.
 */
final class PostgresDatabase {

    static final String ADMIN_URL = System.getenv().getOrDefault("DOTMAC_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    static final String ADMIN_USER = System.getenv().getOrDefault("DOTMAC_TEST_PG_USER", "postgres");
    static final String ADMIN_PASSWORD = System.getenv().getOrDefault("DOTMAC_TEST_PG_PASSWORD", "");

    /** Container properties for the suite's tests. */
    static final String DATABASE = "dotmac.it.pg.database";
    static final String OWNER = "dotmac.it.pg.owner";
    static final String APP = "dotmac.it.pg.app";
    static final String SYSTEM = "dotmac.it.pg.system";
    /** The role FreeRADIUS connects as (radiusUser); its password is {@code radius-<suffix>}, in RADIUS_PASSWORD. */
    static final String RADIUS = "dotmac.it.pg.radius";
    static final String RADIUS_PASSWORD = "dotmac.it.pg.radiusPassword";
    static final String ADMIN = "dotmac.it.pg.adminUrl";

    private PostgresDatabase() {
    }

    /** Whether this is a CI run ({@code CI=true}), where an unreachable PostgreSQL fails the suites. */
    static boolean ci() {
        return "true".equalsIgnoreCase(String.valueOf(System.getenv("CI")).trim());
    }

    /** Why PostgreSQL cannot be reached, or null when it can. */
    static String unreachable() {
        try (Connection c = admin()) {
            return null;
        } catch (SQLException e) {
            return "PostgreSQL at " + ADMIN_URL + " (user " + ADMIN_USER + ") is unreachable: " + e.getMessage();
        }
    }

    static Connection admin() throws SQLException {
        return DriverManager.getConnection(ADMIN_URL, ADMIN_USER, ADMIN_PASSWORD);
    }

    /** The URL of another database on the same server. */
    static String urlOf(String database) {
        int slash = ADMIN_URL.lastIndexOf('/');
        int query = ADMIN_URL.indexOf('?', slash);
        return ADMIN_URL.substring(0, slash + 1) + database + (query < 0 ? "" : ADMIN_URL.substring(query));
    }

    private static final java.util.Map<String, Option[]> CREATED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final List<String[]> DROP = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Drops every database (and its roles) this JVM created. */
    static void dropAll() {
        for (String[] d : DROP) {
            drop(d[0], d[1], d[2], d[3]);
        }
        DROP.clear();
    }

    /**
     * The options of {@code suite} on a new PostgreSQL database (or, when it is unreachable, of a skipped suite).
     * Pax Exam asks a suite for its configuration more than once; each suite gets one database.
     */
    static Option[] create(Class<?> suite) {
        return CREATED.computeIfAbsent(suite.getName(), name -> create(true, false));
    }

    /** Makes the next {@link #create} of {@code suite} a new database (this one is still dropped at the end). */
    static void forget(Class<?> suite) {
        CREATED.remove(suite.getName());
    }

    /** Like {@link #create(Class)}, but the application role may bypass row-level security (BYPASSRLS). */
    static Option[] createWithBypassingApplicationRole(Class<?> suite) {
        return CREATED.computeIfAbsent(suite.getName(), name -> create(true, true));
    }

    /** Like {@link #create(Class)}, but the database refuses connections until the test allows them. */
    static Option[] createRefusingConnections(Class<?> suite) {
        return CREATED.computeIfAbsent(suite.getName(), name -> create(false, false));
    }

    private static Option[] create(boolean allowConnections, boolean appBypassesRls) {
        // the creation time in the name lets a later run drop what a killed run left behind
        String suffix = (System.currentTimeMillis() / 1000) + "_" + UUID.randomUUID().toString().substring(0, 6);
        String db = "dotmac_it_" + suffix;
        String owner = "dotmac_it_owner_" + suffix;
        String app = "dotmac_it_app_" + suffix;
        String system = "dotmac_it_system_" + suffix;
        String radius = "dotmac_it_radius_" + suffix;
        try (Connection c = admin(); Statement s = c.createStatement()) {
            dropLeftovers(s);
            s.execute("CREATE ROLE " + owner + " LOGIN PASSWORD 'owner-" + suffix + "'");
            s.execute("CREATE ROLE " + app + " LOGIN PASSWORD 'app-" + suffix + "'"
                    + (appBypassesRls ? " BYPASSRLS" : ""));
            s.execute("CREATE ROLE " + system + " LOGIN PASSWORD 'system-" + suffix + "'");
            s.execute("CREATE ROLE " + radius + " LOGIN PASSWORD 'radius-" + suffix + "'");
            s.execute("CREATE DATABASE " + db + " OWNER " + owner);
            if (!allowConnections) {
                s.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
            }
        } catch (SQLException e) {
            // the runner (PostgresPaxExam) skips or fails the suite before a container starts; a configuration is
            // still asked for, so hand it a harmless one
            return DotMacTestSupport.distribution("PostgreSQL",
                    DotMacTestSupport.containerProperty(DotMacTestSupport.SKIP_REASON, String.valueOf(e.getMessage())));
        }
        DROP.add(new String[] {db, owner, app, system});
        String ds = "etc/org.ops4j.datasource-dotmac.cfg";
        String persistence = "etc/io.dotmac.persistence.cfg";
        return DotMacTestSupport.distribution("PostgreSQL",
                // the documented switch: one file, driver + url + user + password
                editConfigurationFilePut(ds, "osgi.jdbc.driver.class", "org.postgresql.Driver"),
                editConfigurationFilePut(ds, "url", urlOf(db)),
                editConfigurationFilePut(ds, "user", app),
                editConfigurationFilePut(ds, "password", "app-" + suffix),
                // migrations as the owner role
                editConfigurationFilePut(persistence, "migrationUser", owner),
                editConfigurationFilePut(persistence, "migrationPassword", "owner-" + suffix),
                // work across tenants as the system role
                editConfigurationFilePut(persistence, "systemUser", system),
                editConfigurationFilePut(persistence, "systemPassword", "system-" + suffix),
                // FreeRADIUS reads the radius_aaa views as its own role
                editConfigurationFilePut(persistence, "radiusUser", radius),
                DotMacTestSupport.containerProperty(RADIUS, radius),
                DotMacTestSupport.containerProperty(RADIUS_PASSWORD, "radius-" + suffix),
                DotMacTestSupport.containerProperty(DATABASE, db),
                DotMacTestSupport.containerProperty(OWNER, owner),
                DotMacTestSupport.containerProperty(APP, app),
                DotMacTestSupport.containerProperty(SYSTEM, system),
                DotMacTestSupport.containerProperty(ADMIN, ADMIN_URL),
                DotMacTestSupport.containerProperty(ADMIN + "User", ADMIN_USER),
                DotMacTestSupport.containerProperty(ADMIN + "Password", ADMIN_PASSWORD));
    }

    private static void dropLeftovers(Statement s) throws SQLException {
        // databases of runs killed before their shutdown hook ran: created more than two hours ago
        long cutoff = System.currentTimeMillis() / 1000 - 2 * 3600;
        List<String> dbs = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname ~ '^dotmac_it_[0-9]+_'")) {
            while (rs.next()) {
                dbs.add(rs.getString(1));
            }
        }
        for (String db : dbs) {
            String suffix = db.substring("dotmac_it_".length());
            if (Long.parseLong(suffix.substring(0, suffix.indexOf('_'))) < cutoff) {
                drop(s, db, "dotmac_it_owner_" + suffix, "dotmac_it_app_" + suffix, "dotmac_it_system_" + suffix);
            }
        }
    }

    private static void drop(String db, String owner, String app, String system) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            drop(s, db, owner, app, system);
        } catch (SQLException e) {
            System.err.println("could not drop test database " + db + ": " + e.getMessage());
        }
    }

    private static void drop(Statement s, String db, String owner, String app, String system) throws SQLException {
        s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        s.execute("DROP ROLE IF EXISTS " + app);
        s.execute("DROP ROLE IF EXISTS " + system);
        s.execute("DROP ROLE IF EXISTS " + owner);
        s.execute("DROP ROLE IF EXISTS " + owner.replace("_owner_", "_radius_"));
    }
}
