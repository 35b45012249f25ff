package io.dotmac.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the schema migrations with Flyway, as the owner role, and lets the application role (when it is a
 * different one, on PostgreSQL) use what they created without owning it, which row-level security needs.
 */
final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    /** {@code h2} or {@code postgresql}: the vendor folder of migrations for a JDBC product name. */
    static String vendor(String productName) {
        String p = productName.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return "postgresql";
        }
        if (p.contains("h2")) {
            return "h2";
        }
        throw new IllegalStateException("unsupported database " + productName + "; DotMac runs on H2 and PostgreSQL");
    }

    /**
     * Migrates the schema reached through {@code owner} and returns the applied version.
     *
     * @param grantees the roles (on PostgreSQL: the application's and the system role) granted data access where
     *                 they differ from the owner
     */
    static String migrate(DataSource owner, ClassLoader loader, BundleMigrations migrations, List<String> grantees)
            throws SQLException {
        return migrate(owner, loader, migrations, grantees, CORE_HISTORY_TABLE, false);
    }

    /** The history table of the persistence bundle's own (core) schema. */
    static final String CORE_HISTORY_TABLE = "dotmac_schema_history";

    /**
     * Migrates one schema with its own history table; on PostgreSQL then grants data access to {@code grantees} and
     * makes every policy of the schema read the setting for work across tenants through
     * {@code dotmac_system_setting()} (the system role's alone), whatever the migrations wrote.
     *
     * @param baseline whether a schema that already holds other tables may get its first history table
     */
    static String migrate(DataSource owner, ClassLoader loader, BundleMigrations migrations, List<String> grantees,
            String historyTable, boolean baseline) throws SQLException {
        String product;
        String ownerUser;
        try (Connection c = owner.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
            ownerUser = c.getMetaData().getUserName();
        }
        Flyway flyway = Flyway.configure(loader)
                .dataSource(owner)
                .resourceProvider(migrations)
                .javaMigrationClassProvider(List::of)
                .table(historyTable)
                .baselineOnMigrate(baseline)
                .baselineVersion("0")
                .load();
        MigrateResult result = flyway.migrate();
        MigrationInfo current = flyway.info().current();
        String version = current == null ? "0" : current.getVersion().getVersion();
        LOG.info("Schema {} of {} at version {} ({} migrations applied now)", historyTable, product, version,
                result.migrationsExecuted);
        if ("postgresql".equals(vendor(product))) {
            for (String grantee : grantees) {
                if (grantee != null && !grantee.isBlank() && !grantee.equalsIgnoreCase(ownerUser)) {
                    grantToApplication(owner, grantee);
                }
            }
            systemOnly(owner);
        }
        return version;
    }

    /** Rewrites the schema's policies that still read {@code dotmac.system} directly (once the core has V4). */
    private static void systemOnly(DataSource owner) throws SQLException {
        try (Connection c = owner.getConnection(); Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT CASE WHEN to_regproc('dotmac_rls_system_only') "
                        + "IS NULL THEN -1 ELSE dotmac_rls_system_only() END")) {
            if (rs.next() && rs.getInt(1) > 0) {
                LOG.info("{} row-level security policies now let only the system role work across tenants",
                        rs.getInt(1));
            }
        }
    }

    /**
     * Names the role whose sessions may work across tenants (PostgreSQL): {@code dotmac_system_setting()} gives
     * the {@code dotmac.system} setting to that role's sessions and to no other. Run by the owner at every start,
     * so a changed {@code systemUser} takes effect.
     */
    static void nameSystemRole(DataSource owner, String systemRole) throws SQLException {
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE FUNCTION dotmac_system_setting() RETURNS text LANGUAGE sql STABLE AS $$ "
                    + "SELECT CASE WHEN current_user = " + literal(systemRole) + " THEN "
                    + "current_setting('dotmac.system', true) END $$");
        }
    }

    /**
     * Names the role FreeRADIUS connects as ({@code radiusUser}), once radius_aaa's schema is there: its
     * {@code dotmac_radius_grant(role)} grants that role its views and accounting tables and makes its row-level
     * security let that role (and no other) read across tenants. An empty role takes that away again.
     */
    static void nameRadiusRole(DataSource owner, String radiusRole) throws SQLException {
        try (Connection c = owner.getConnection()) {
            // two statements: a call of a function that does not exist fails at parse time, whatever guards it
            try (Statement s = c.createStatement();
                    java.sql.ResultSet rs = s.executeQuery("SELECT to_regproc('dotmac_radius_grant') IS NOT NULL")) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return;
                }
            }
            try (java.sql.PreparedStatement s = c.prepareStatement("SELECT dotmac_radius_grant(CAST(? AS text))")) {
                s.setString(1, radiusRole);
                try (java.sql.ResultSet rs = s.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null && !rs.getString(1).isEmpty()) {
                        LOG.debug("FreeRADIUS role: {}", rs.getString(1));
                    }
                }
            }
        }
    }

    /** A SQL string literal. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static void grantToApplication(DataSource owner, String appUser) throws SQLException {
        // data access, not ownership: FORCE'd row-level security holds for these roles
        String role = quote(appUser);
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            String schema = quote(c.getSchema());
            s.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + role);
            s.execute("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + role);
            // history tables are the owner's business alone
            List<String> histories = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = "
                    + "current_schema() AND tablename LIKE '" + CORE_HISTORY_TABLE + "%'")) {
                while (rs.next()) {
                    histories.add(rs.getString(1));
                }
            }
            for (String history : histories) {
                s.execute("REVOKE ALL ON " + schema + "." + quote(history) + " FROM " + role);
            }
        }
        LOG.info("Granted data access (not ownership) to role {}", appUser);
    }

    /** A SQL identifier in double quotes. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
