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

    /** Tenant id → the bytes of its values in every table with {@code tenant_id} (text length; binary as is). */
    static Map<String, Long> bytes(Connection c) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        DatabaseMetaData meta = c.getMetaData();
        String schema = c.getSchema();
        for (String table : tables(c)) {
            StringBuilder sum = new StringBuilder();
            try (ResultSet rs = meta.getColumns(null, schema, meta.storesUpperCaseIdentifiers()
                    ? table.toUpperCase(Locale.ROOT) : table, null)) {
                while (rs.next()) {
                    String column = rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                    int type = rs.getInt("DATA_TYPE");
                    boolean binary = type == java.sql.Types.BINARY || type == java.sql.Types.VARBINARY
                            || type == java.sql.Types.LONGVARBINARY || type == java.sql.Types.BLOB;
                    sum.append(sum.length() == 0 ? "" : " + ").append("COALESCE(OCTET_LENGTH(")
                            .append(binary ? column : "CAST(" + column + " AS VARCHAR)").append("), 0)");
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT tenant_id, SUM(" + sum + ") FROM " + table
                    + " GROUP BY tenant_id"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.merge(rs.getString(1), rs.getLong(2), Long::sum);
                }
            }
        }
        return out;
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
