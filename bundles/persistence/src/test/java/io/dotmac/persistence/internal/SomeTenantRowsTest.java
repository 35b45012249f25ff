package io.dotmac.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import io.dotmac.persistence.platform.RowDeletion;

/**
 * Taking back what a piece of work made (a demo's sample data), on H2 and PostgreSQL: the keys made are listed, and
 * deleting them keeps what the tenant's own rows refer to (through a foreign key or not), the lines of a kept invoice,
 * the tenant's state rows and every other tenant's rows.
 */
class SomeTenantRowsTest {

    private static final String[] SCHEMA = {
        "CREATE TABLE xcustomer (id VARCHAR(26) PRIMARY KEY, tenant_id VARCHAR(26) NOT NULL, name VARCHAR(100))",
        "CREATE TABLE xplan (id VARCHAR(26) PRIMARY KEY, tenant_id VARCHAR(26) NOT NULL, name VARCHAR(100))",
        // customer_id without a foreign key (another bundle's table), plan_id with one
        "CREATE TABLE xsubscription (id VARCHAR(26) PRIMARY KEY, tenant_id VARCHAR(26) NOT NULL, "
            + "customer_id VARCHAR(26) NOT NULL, plan_id VARCHAR(26) NOT NULL REFERENCES xplan (id))",
        "CREATE TABLE xinvoice (id VARCHAR(26) PRIMARY KEY, tenant_id VARCHAR(26) NOT NULL, "
            + "customer_id VARCHAR(26) NOT NULL, number VARCHAR(20))",
        "CREATE TABLE xinvoice_line (invoice_id VARCHAR(26) NOT NULL REFERENCES xinvoice (id), line_no INTEGER NOT NULL, "
            + "tenant_id VARCHAR(26) NOT NULL, description VARCHAR(100), PRIMARY KEY (invoice_id, line_no))",
        "CREATE TABLE xpayment (id VARCHAR(26) PRIMARY KEY, tenant_id VARCHAR(26) NOT NULL, "
            + "invoice_id VARCHAR(26) NOT NULL REFERENCES xinvoice (id))",
        "CREATE TABLE xcounter (tenant_id VARCHAR(26) NOT NULL, yr INTEGER NOT NULL, last_number INTEGER NOT NULL, "
            + "PRIMARY KEY (tenant_id, yr))",
        // a period's charge of a subscription: keyed by the tenant, but a part of the subscription it names
        "CREATE TABLE xcharge (tenant_id VARCHAR(26) NOT NULL, subscription_id VARCHAR(26) NOT NULL, period INTEGER "
            + "NOT NULL, invoice_id VARCHAR(26), PRIMARY KEY (tenant_id, subscription_id, period))",
        // a device's polled interface: its key names the device
        "CREATE TABLE xdevice (id VARCHAR(26) PRIMARY KEY, tenant_id VARCHAR(26) NOT NULL, name VARCHAR(100))",
        "CREATE TABLE xinterface (device_id VARCHAR(26) NOT NULL REFERENCES xdevice (id), if_index INTEGER NOT NULL, "
            + "tenant_id VARCHAR(26) NOT NULL, PRIMARY KEY (device_id, if_index))",
        "CREATE TABLE xglobal (id VARCHAR(26) PRIMARY KEY, name VARCHAR(100))" };

    @Test
    void onH2() throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = h2.getConnection()) {
            check(c);
        }
    }

    @Test
    void onPostgres() throws SQLException {
        String schema = "some_rows_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = PostgresTests.adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            try {
                s.execute("SET search_path TO " + schema);
                check(c);
            } finally {
                c.setAutoCommit(true);
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static void check(Connection c) throws SQLException {
        c.setAutoCommit(false); // as in a system transaction: savepoints need one
        try (Statement s = c.createStatement()) {
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
            // what was there before: the tenant's state, and another tenant's customer
            s.execute("INSERT INTO xcounter VALUES ('t1', 2026, 0)");
            s.execute("INSERT INTO xcustomer VALUES ('OTHER-C', 't2', 'other tenant')");
        }
        Map<String, Set<String>> before = SomeTenantRows.keys(c, "t1");

        // the work: two customers, two plans, subscriptions, invoices with lines
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO xcustomer VALUES ('S-C1', 't1', 'sample one'), ('S-C2', 't1', 'sample two')");
            s.execute("INSERT INTO xplan VALUES ('S-P1', 't1', 'Home 50'), ('S-P2', 't1', 'Home 100')");
            s.execute("INSERT INTO xsubscription VALUES ('S-S1', 't1', 'S-C1', 'S-P1'), ('S-S2', 't1', 'S-C2', 'S-P2')");
            s.execute("INSERT INTO xinvoice VALUES ('S-I1', 't1', 'S-C1', 'INV-1'), ('S-I2', 't1', 'S-C2', 'INV-2')");
            s.execute("INSERT INTO xinvoice_line VALUES ('S-I1', 1, 't1', 'a'), ('S-I1', 2, 't1', 'b'), "
                    + "('S-I2', 1, 't1', 'c')");
            s.execute("UPDATE xcounter SET last_number = 2 WHERE tenant_id = 't1'");
            s.execute("INSERT INTO xcounter VALUES ('t1', 2027, 1)");
            s.execute("INSERT INTO xcharge VALUES ('t1', 'S-S1', 1, 'S-I1'), ('t1', 'S-S2', 1, 'S-I2')");
            s.execute("INSERT INTO xdevice VALUES ('S-D1', 't1', 'sample router')");
        }
        Map<String, Set<String>> after = SomeTenantRows.keys(c, "t1");
        assertEquals(Set.of("xcustomer", "xplan", "xsubscription", "xinvoice", "xinvoice_line", "xcounter", "xcharge",
                "xdevice"), after.keySet(), "other tenants' rows are not listed");
        assertEquals(Set.of("t1|2026", "t1|2027"), after.get("xcounter"));
        assertEquals(Set.of("S-I1|1", "S-I1|2", "S-I2|1"), after.get("xinvoice_line"));
        Map<String, Set<String>> made = new HashMap<>();
        after.forEach((table, keys) -> {
            Set<String> k = new HashSet<>(keys);
            k.removeAll(before.getOrDefault(table, Set.of()));
            made.put(table, k);
        });

        // the tenant's own rows after it: a subscription of a sample customer to its own plan, a payment of sample
        // invoice S-I1 (a foreign key), and a row naming a gone key
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO xplan VALUES ('OWN-P', 't1', 'own plan')");
            s.execute("INSERT INTO xsubscription VALUES ('OWN-S', 't1', 'S-C2', 'OWN-P')");
            s.execute("INSERT INTO xpayment VALUES ('OWN-PAY', 't1', 'S-I1')");
            s.execute("DELETE FROM xsubscription WHERE id = 'S-S1'");
            // polled after the work: the sample device's interfaces (parts of it, not the tenant's own rows)
            s.execute("INSERT INTO xinterface VALUES ('S-D1', 1, 't1'), ('S-D1', 2, 't1')");
        }

        RowDeletion done = SomeTenantRows.delete(c, "t1", made);

        // kept: S-C2 (the own subscription's customer, no foreign key), S-I1 (the payment's invoice) with both its
        // lines, S-C1, which the kept invoice S-I1 names, the counter of 2027 (state: its key names no entity) and
        // the charge of S-S1 (gone already, by the tenant's hand); deleted: the rest with the charge of S-S2
        assertEquals(Map.of("xcustomer", 2, "xinvoice", 1, "xinvoice_line", 2), done.kept());
        assertEquals(Map.of("xcounter", 1, "xcharge", 1), done.state());
        assertEquals(Map.of("xplan", 2, "xsubscription", 1, "xinvoice", 1, "xinvoice_line", 1, "xcharge", 1,
                "xdevice", 1, "xinterface", 2), done.deleted());
        assertEquals(List.of("S-C1", "S-C2"), ids(c, "xcustomer", "t1"));
        assertEquals(List.of("OWN-P"), ids(c, "xplan", "t1"));
        assertEquals(List.of("OWN-S"), ids(c, "xsubscription", "t1"));
        assertEquals(List.of("S-I1"), ids(c, "xinvoice", "t1"));
        assertEquals(List.of("OWN-PAY"), ids(c, "xpayment", "t1"));
        assertEquals(List.of("OTHER-C"), ids(c, "xcustomer", "t2"), "another tenant's rows are untouched");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM xinvoice_line")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "the kept invoice's two lines");
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT last_number FROM xcounter WHERE tenant_id = 't1'")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "the tenant's state is not deleted");
        }

        // deleting everything the work made once nothing refers to it any more
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM xpayment");
            s.execute("DELETE FROM xsubscription");
            s.execute("DELETE FROM xcharge");
        }
        RowDeletion rest = SomeTenantRows.delete(c, "t1", made);
        assertEquals(Map.of(), rest.kept());
        assertEquals(Map.of("xcounter", 1), rest.state());
        assertEquals(Map.of("xcustomer", 2, "xinvoice", 1, "xinvoice_line", 2), rest.deleted());
        assertEquals(List.of(), ids(c, "xcustomer", "t1"));
    }

    private static List<String> ids(Connection c, String table, String tenant) throws SQLException {
        TreeSet<String> out = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + table
                + " WHERE tenant_id = '" + tenant + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return List.copyOf(out);
    }
}
