package io.dotmac.persistence.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Deleting a tenant's rows from every table that carries {@code tenant_id}, found in the database's own catalogue
 * (so a plugin's tables are included without it doing anything). Foreign keys between those tables decide the
 * order: a delete a key refuses is rolled back to its savepoint (PostgreSQL aborts the transaction otherwise) and
 * tried again once the others are done, until a pass deletes nothing more.
 */
final class TenantRows {

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private TenantRows() {
    }

    /** The tables of the connection's schema with a {@code tenant_id} column, sorted. */
    static TreeSet<String> tables(Connection c) throws SQLException {
        TreeSet<String> out = new TreeSet<>();
        DatabaseMetaData meta = c.getMetaData();
        boolean upper = meta.storesUpperCaseIdentifiers();
        String schema = c.getSchema();
        try (ResultSet rs = meta.getColumns(null, schema, null, upper ? "TENANT_ID" : "tenant_id")) {
            while (rs.next()) {
                String type = tableType(meta, rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"));
                if ("TABLE".equals(type) || "BASE TABLE".equals(type)) {
                    out.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static String tableType(DatabaseMetaData meta, String schema, String table) throws SQLException {
        try (ResultSet rs = meta.getTables(null, schema, table, null)) {
            return rs.next() ? rs.getString("TABLE_TYPE") : null;
        }
    }

    static Map<String, Integer> delete(Connection c, String tenantId) throws SQLException {
        Map<String, Integer> deleted = new TreeMap<>();
        ArrayList<String> pending = new ArrayList<>(tables(c));
        while (!pending.isEmpty()) {
            ArrayList<String> refused = new ArrayList<>();
            for (String table : pending) {
                Savepoint before = c.setSavepoint();
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE tenant_id = ?")) {
                    s.setString(1, tenantId);
                    int n = s.executeUpdate();
                    if (n > 0) {
                        deleted.merge(table, n, Integer::sum);
                    }
                    c.releaseSavepoint(before);
                } catch (SQLException e) {
                    if (!FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                    c.rollback(before);
                    refused.add(table);
                }
            }
            if (refused.size() == pending.size()) {
                throw new SQLException("tenant " + tenantId + "'s rows of " + refused + " are kept by foreign keys "
                        + "from rows that are not the tenant's", FOREIGN_KEY_VIOLATION);
            }
            pending = refused;
        }
        return deleted;
    }
}
