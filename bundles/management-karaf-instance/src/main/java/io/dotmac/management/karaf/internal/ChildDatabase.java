package io.dotmac.management.karaf.internal;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A child's own PostgreSQL database with the production layout (an owner that runs the migrations, the application
 * role the child connects as, the system role that works across tenants), made and dropped through an account of the
 * region's that may create databases and roles ({@code CREATEDB}, {@code CREATEROLE}). Each operation may run again:
 * what exists is kept, what is gone is not an error.
 */
final class ChildDatabase {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Driver driver;
    private final String adminUrl;
    private final String user;
    private final String password;

    ChildDatabase(Driver driver, String adminUrl, String user, String password) {
        this.driver = driver;
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
    }

    /** The names of a child's database and roles. */
    record Names(String database, String owner, String app, String system) {
        static Names of(String instance) {
            String base = "dotmac_" + instance.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_");
            if (base.length() > 48) {
                base = base.substring(0, 48);
            }
            return new Names(base, base + "_owner", base + "_app", base + "_system");
        }
    }

    /** The URL of {@code database} on the admin URL's server. */
    String urlOf(String database) {
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        return adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
    }

    /** Makes the roles (or sets their passwords when they exist) and the database owned by the owner role. */
    void create(Names n, String ownerPassword, String appPassword, String systemPassword) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            role(c, s, n.owner(), ownerPassword);
            role(c, s, n.app(), appPassword);
            role(c, s, n.system(), systemPassword);
            boolean exists;
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                q.setString(1, n.database());
                try (ResultSet r = q.executeQuery()) {
                    exists = r.next();
                }
            }
            if (!exists) {
                s.execute("CREATE DATABASE " + id(n.database()) + " OWNER " + id(n.owner()));
            }
        }
    }

    /** Drops the database (closing its connections) and the roles. */
    void drop(Names n) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + id(n.database()) + " WITH (FORCE)");
            for (String role : new String[] {n.owner(), n.app(), n.system()}) {
                s.execute("DROP ROLE IF EXISTS " + id(role));
            }
        }
    }

    private static void role(Connection c, Statement s, String role, String password) throws SQLException {
        boolean exists;
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            q.setString(1, role);
            try (ResultSet r = q.executeQuery()) {
                exists = r.next();
            }
        }
        // generated passwords are letters and digits only: safe inside the literal
        if (!password.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("a generated password is letters and digits only");
        }
        s.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + id(role) + " LOGIN PASSWORD '" + password + "'");
    }

    private static String id(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain PostgreSQL name: " + name);
        }
        return name;
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password == null ? "" : password);
        Connection c = driver.connect(adminUrl, p);
        if (c == null) {
            throw new SQLException("the PostgreSQL driver does not take " + adminUrl);
        }
        return c;
    }
}
