package io.dotmac.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.dotmac.persistence.DataAccessException;
import io.dotmac.persistence.Database;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Tier;

/**
 * On real PostgreSQL, with the production roles (owner, application, system): a bundle's work across tenants, as the
 * system role, sees every tenant's rows of its own schema's tables and none of another's, the platform's system work
 * sees all, and nested work for one tenant inside it sees that tenant's rows only; the application role gets nothing
 * across tenants whatever it sets, cannot become the system role, and the role checks say why a setup is refused.
 */
class AcrossTenantsOnPostgresTest {

    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String DB = "dotmac_ut_" + SUFFIX;
    private static final String OWNER = "dotmac_owner_" + SUFFIX;
    private static final String APP = "dotmac_app_" + SUFFIX;
    private static final String SYSTEM = "dotmac_system_" + SUFFIX;
    private static final String RADIUS = "dotmac_radius_" + SUFFIX;
    private static final TenantRef T1 = new TenantRef("t1", "one", Tier.PREMIUM);
    private static final TenantRef T2 = new TenantRef("t2", "two", Tier.PREMIUM);

    private static JdbcDatabase transactions;
    private static Database alpha;
    private static Database beta;
    private static PlatformDatabase platform;

    @BeforeAll
    static void createDatabase() throws Exception {
        try (Connection admin = PostgresTests.adminConnection(); Statement s = admin.createStatement()) {
            s.execute("CREATE ROLE " + OWNER + " LOGIN PASSWORD 'owner'");
            s.execute("CREATE ROLE " + APP + " LOGIN PASSWORD 'app'");
            s.execute("CREATE ROLE " + SYSTEM + " LOGIN PASSWORD 'system'");
            s.execute("CREATE ROLE " + RADIUS + " LOGIN PASSWORD 'radius'");
            s.execute("CREATE DATABASE " + DB + " OWNER " + OWNER);
        }
        String url = PostgresTests.urlOf(DB);
        PGSimpleDataSource owner = PostgresTests.dataSource(url, OWNER, "owner");
        SchemaMigrator.migrate(owner, AcrossTenantsOnPostgresTest.class.getClassLoader(),
                SchemaMigratorTest.migrations("postgresql"), List.of(APP, SYSTEM));
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("alpha_item", "beta_item")) {
                s.execute("CREATE TABLE " + table + " (tenant_id VARCHAR(36) NOT NULL, name VARCHAR(20) NOT NULL)");
            }
            // an older bundle's migration: the policy written inline, reading dotmac.system itself
            s.execute("ALTER TABLE beta_item ENABLE ROW LEVEL SECURITY");
            s.execute("ALTER TABLE beta_item FORCE ROW LEVEL SECURITY");
            s.execute("CREATE POLICY beta_item_tenant ON beta_item USING (tenant_id = current_setting('dotmac.tenant', "
                    + "true) OR current_setting('dotmac.system', true) = 'on') WITH CHECK (tenant_id = "
                    + "current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on')");
        }
        // what the persistence bundle does after every migration and at each start: beta's policy is rewritten
        SchemaMigrator.migrate(owner, AcrossTenantsOnPostgresTest.class.getClassLoader(),
                SchemaMigratorTest.migrations("postgresql"), List.of(APP, SYSTEM));
        SchemaMigrator.nameSystemRole(owner, SYSTEM);
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            // the alpha bundle's tables let its own work across tenants through; beta's have the plain policy
            s.execute("SELECT dotmac_tenant_rls_across('alpha', 'alpha_item')");
            for (String table : List.of("alpha_item", "beta_item")) {
                s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO " + APP + ", " + SYSTEM);
            }
        }
        PGSimpleDataSource system = PostgresTests.dataSource(url, SYSTEM, "system");
        try (Connection c = system.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT set_config('dotmac.system', 'on', true)");
            for (String table : List.of("alpha_item", "beta_item")) {
                s.execute("INSERT INTO " + table + " VALUES ('t1', 'one'), ('t2', 'two')");
            }
            c.commit();
        }
        transactions = JdbcDatabase.on(PostgresTests.dataSource(url, APP, "app"), system);
        alpha = new BundleDatabase(transactions, "alpha");
        beta = new BundleDatabase(transactions, "beta");
        platform = new PlatformDatabase(transactions, "platform");
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (transactions == null) {
            return;
        }
        try (Connection admin = PostgresTests.adminConnection(); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
            s.execute("DROP ROLE IF EXISTS " + APP);
            s.execute("DROP ROLE IF EXISTS " + SYSTEM);
            s.execute("DROP ROLE IF EXISTS " + RADIUS);
            s.execute("DROP ROLE IF EXISTS " + OWNER);
        }
    }

    private static List<String> names(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM " + table + " ORDER BY name");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Test
    void aBundleWorksAcrossTheTenantsOfItsOwnTablesOnly() {
        assertEquals(List.of("one", "two"), alpha.acrossTenants(c -> names(c, "alpha_item")));
        assertEquals(List.of(), alpha.acrossTenants(c -> names(c, "beta_item")),
                "another bundle's rows stay hidden from alpha's work across tenants");
        assertEquals(List.of(), beta.acrossTenants(c -> names(c, "alpha_item")));
        assertEquals(List.of(), beta.acrossTenants(c -> names(c, "beta_item")),
                "a table whose policy names no schema lets no bundle's work across tenants through");
        DataAccessException refused = assertThrows(DataAccessException.class, () -> alpha.acrossTenants(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO beta_item VALUES ('t1', 'sneaked')");
            }
        }));
        assertTrue(refused.getMessage().contains("row-level security"), refused.getMessage());
    }

    @Test
    void thePlatformsSystemWorkSeesEveryTableAndATransactionForNoTenantSeesNothing() {
        assertEquals(List.of("one", "two"), platform.inSystem(c -> names(c, "alpha_item")));
        assertEquals(List.of("one", "two"), platform.inSystem(c -> names(c, "beta_item")));
        assertEquals(List.of(), alpha.inTransaction(c -> names(c, "alpha_item")));
        assertEquals(List.of("one"), alpha.inTenant(T1, c -> names(c, "beta_item")));
    }

    @Test
    void nestedWorkForOneTenantSeesThatTenantOnlyAndTheNextTenantsIsItsOwn() {
        List<List<String>> seen = alpha.acrossTenants(c -> {
            List<List<String>> each = new ArrayList<>();
            each.add(beta.inTenant(T1, inner -> names(inner, "beta_item")));
            each.add(names(c, "beta_item"));
            each.add(beta.inTenant(T2, inner -> names(inner, "beta_item")));
            each.add(names(c, "alpha_item"));
            return each;
        });
        assertEquals(List.of(List.of("one"), List.of(), List.of("two"), List.of("one", "two")), seen);
    }

    @Test
    void workAcrossOneSchemaCannotJoinAnothersAndNeedsASchema() {
        IllegalStateException mixed = assertThrows(IllegalStateException.class,
                () -> alpha.acrossTenants(c -> beta.acrossTenants(inner -> 1)));
        assertTrue(mixed.getMessage().contains("alpha"), mixed.getMessage());
        assertEquals(List.of("one", "two"), alpha.acrossTenants(c -> platform.inSystem(inner -> names(inner,
                "beta_item"))), "the platform's system work may join any");
        assertThrows(IllegalStateException.class, () -> new BundleDatabase(transactions, (String) null).acrossTenants(c -> 1));
        assertThrows(IllegalStateException.class,
                () -> alpha.inTenant(T1, c -> alpha.inTenant(T2, inner -> 1)),
                "a transaction bound to one tenant still cannot act for another");
    }

    @Test
    void theApplicationRoleGetsNothingAcrossTenantsWhateverItSets() {
        // any SQL of the application role may set dotmac.system: it no longer lets anything through
        assertEquals(List.of("one"), alpha.inTenant(T1, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT set_config('dotmac.system', 'on', true)");
            }
            return names(c, "beta_item");
        }));
        assertEquals(List.of(), alpha.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SET dotmac.system = 'alpha'");
                s.execute("SET dotmac.tenant = ''");
            }
            return names(c, "alpha_item");
        }));
        DataAccessException becomeSystem = assertThrows(DataAccessException.class, () -> alpha.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.execute("SET ROLE " + SYSTEM);
            }
        }));
        assertTrue(becomeSystem.getMessage().contains("permission denied"), becomeSystem.getMessage());
        // and work across tenants never joins the application role's transaction
        IllegalStateException join = assertThrows(IllegalStateException.class,
                () -> alpha.inTenant(T1, c -> alpha.acrossTenants(inner -> 1)));
        assertTrue(join.getMessage().contains("system role"), join.getMessage());
    }

    @Test
    void theRoleChecksSayWhyASetupIsRefused() throws Exception {
        PGSimpleDataSource app = PostgresTests.dataSource(PostgresTests.urlOf(DB), APP, "app");
        try (Connection c = app.getConnection(); Connection admin = PostgresTests.adminConnection();
                Statement s = admin.createStatement()) {
            assertEquals(null, RoleCheck.problem(c, SYSTEM));
            assertTrue(RoleCheck.problem(c, "").contains("no systemUser is set"));
            assertTrue(RoleCheck.problem(c, APP).contains("the application role"));
            assertTrue(RoleCheck.problem(c, "dotmac_nobody_" + SUFFIX).contains("does not exist"));
            s.execute("GRANT " + SYSTEM + " TO " + APP);
            try {
                assertTrue(RoleCheck.problem(c, SYSTEM).contains("can become the system role"),
                        RoleCheck.problem(c, SYSTEM));
            } finally {
                s.execute("REVOKE " + SYSTEM + " FROM " + APP);
            }
            // the FreeRADIUS role reads every tenant's credentials: the application role must not be able to become it
            assertEquals(null, RoleCheck.problem(c, SYSTEM, RADIUS));
            assertTrue(RoleCheck.problem(c, SYSTEM, APP).contains("FreeRADIUS role"),
                    RoleCheck.problem(c, SYSTEM, APP));
            s.execute("GRANT " + RADIUS + " TO " + APP);
            try {
                assertTrue(RoleCheck.problem(c, SYSTEM, RADIUS).contains("can become the FreeRADIUS role"),
                        RoleCheck.problem(c, SYSTEM, RADIUS));
            } finally {
                s.execute("REVOKE " + RADIUS + " FROM " + APP);
            }
            s.execute("ALTER ROLE " + APP + " BYPASSRLS");
            try {
                assertTrue(RoleCheck.problem(c, SYSTEM).contains("bypasses row-level security"));
            } finally {
                s.execute("ALTER ROLE " + APP + " NOBYPASSRLS");
            }
            assertEquals(null, RoleCheck.problem(c, SYSTEM));
        }
        // a role that owns the tables (no separate owner running the migrations) could switch the policies off
        try (Connection owner = PostgresTests.dataSource(PostgresTests.urlOf(DB), OWNER, "owner").getConnection()) {
            assertTrue(RoleCheck.problem(owner, SYSTEM).contains("owns tables or functions"),
                    RoleCheck.problem(owner, SYSTEM));
        }
    }
}
