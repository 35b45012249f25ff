package io.dotmac.persistence.internal;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.dotmac.persistence.platform.RowDeletion;

/**
 * Some of a tenant's rows, named by primary key: listing them ({@link #keys}) and deleting a set of them except what
 * the tenant's other rows still need ({@link #delete}). The tables, keys and foreign keys come from the database's
 * catalogue, as {@link TenantRows} finds them, so a plugin's tables take part without it doing anything.
 */
final class SomeTenantRows {

    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final int BATCH = 500;

    private SomeTenantRows() {
    }

    /**
     * A table's shape: its key's columns, its text columns, and the foreign key inside its key (an invoice line's
     * {@code invoice_id}), if any.
     */
    private record Shape(String name, List<String> key, List<String> texts, String parentTable, String parentColumn) {

        boolean tenantState() {
            return key.contains("tenant_id");
        }
    }

    /** One row: its table, its key as text and as read, its text values, and its parent's key (see {@link Shape}). */
    private record Row(Shape table, String key, Object[] keyValues, List<String> texts, String parentKey) {

        String id() {
            return table.name() + '\u0000' + key;
        }
    }

    static Map<String, Set<String>> keys(Connection c, String tenantId) throws SQLException {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Shape shape : shapes(c)) {
            if (shape.tenantState()) {
                continue;
            }
            Set<String> keys = new TreeSet<>();
            for (Row row : rows(c, shape, tenantId)) {
                keys.add(row.key());
            }
            if (!keys.isEmpty()) {
                out.put(shape.name(), keys);
            }
        }
        return out;
    }

    static RowDeletion delete(Connection c, String tenantId, Map<String, Set<String>> named) throws SQLException {
        List<Shape> shapes = shapes(c);
        Map<String, Row> inSet = new HashMap<>();
        Map<String, List<Row>> bySingleKey = new HashMap<>();
        Map<String, List<Row>> components = new HashMap<>();
        List<Row> outside = new ArrayList<>();
        for (Shape shape : shapes) {
            Set<String> wanted = named.getOrDefault(shape.name(), Set.of());
            for (Row row : rows(c, shape, tenantId)) {
                if (!wanted.contains(row.key()) || shape.tenantState()) {
                    outside.add(row);
                    continue;
                }
                inSet.put(row.id(), row);
                if (shape.key().size() == 1) {
                    bySingleKey.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row);
                }
                if (row.parentKey() != null) {
                    components.computeIfAbsent(shape.parentTable() + '\u0000' + row.parentKey(),
                            k -> new ArrayList<>()).add(row);
                }
            }
        }

        // kept: what rows outside the set refer to, and, from there, what every kept row refers to or is made of
        Set<String> kept = new HashSet<>();
        Deque<Row> work = new ArrayDeque<>();
        for (Row row : outside) {
            refer(row, bySingleKey, kept, work);
        }
        for (Row row : inSet.values()) {
            if (row.parentKey() != null && !inSet.containsKey(row.table().parentTable() + '\u0000' + row.parentKey())) {
                keep(row, kept, work); // a component of a row outside the set
            }
        }
        while (!work.isEmpty()) {
            Row row = work.pop();
            refer(row, bySingleKey, kept, work);
            for (Row part : components.getOrDefault(row.id(), List.of())) {
                keep(part, kept, work);
            }
            if (row.parentKey() != null) {
                Row parent = inSet.get(row.table().parentTable() + '\u0000' + row.parentKey());
                if (parent != null) {
                    keep(parent, kept, work);
                }
            }
        }

        Map<String, List<Row>> doomed = new LinkedHashMap<>();
        Map<String, Integer> keptCount = new TreeMap<>();
        for (Row row : inSet.values()) {
            if (kept.contains(row.id())) {
                keptCount.merge(row.table().name(), 1, Integer::sum);
            } else {
                doomed.computeIfAbsent(row.table().name(), k -> new ArrayList<>()).add(row);
            }
        }
        return new RowDeletion(deleteInOrder(c, tenantId, shapes, doomed), keptCount);
    }

    private static void refer(Row row, Map<String, List<Row>> bySingleKey, Set<String> kept, Deque<Row> work) {
        for (String value : row.texts()) {
            if (value == null || value.equals(row.key()) && row.table().key().size() == 1) {
                continue;
            }
            for (Row target : bySingleKey.getOrDefault(value, List.of())) {
                keep(target, kept, work);
            }
        }
    }

    private static void keep(Row row, Set<String> kept, Deque<Row> work) {
        if (kept.add(row.id())) {
            work.push(row);
        }
    }

    /** Deletes table by table; a table a foreign key refuses is rolled back to its savepoint and tried after. */
    private static Map<String, Integer> deleteInOrder(Connection c, String tenantId, List<Shape> shapes,
            Map<String, List<Row>> doomed) throws SQLException {
        Map<String, Integer> deleted = new TreeMap<>();
        List<Shape> pending = new ArrayList<>(shapes.stream().filter(s -> doomed.containsKey(s.name())).toList());
        while (!pending.isEmpty()) {
            List<Shape> refused = new ArrayList<>();
            for (Shape shape : pending) {
                Savepoint before = c.setSavepoint();
                try {
                    int n = deleteRows(c, tenantId, shape, doomed.get(shape.name()));
                    c.releaseSavepoint(before);
                    if (n > 0) {
                        deleted.put(shape.name(), n);
                    }
                } catch (SQLException e) {
                    if (!foreignKeyViolation(e)) {
                        throw e;
                    }
                    c.rollback(before);
                    refused.add(shape);
                }
            }
            if (refused.size() == pending.size()) {
                throw new SQLException("tenant " + tenantId + "'s rows of " + refused.stream().map(Shape::name)
                        .toList() + " are kept by foreign keys from rows that are not the tenant's",
                        FOREIGN_KEY_VIOLATION);
            }
            pending = refused;
        }
        return deleted;
    }

    private static int deleteRows(Connection c, String tenantId, Shape shape, List<Row> rows) throws SQLException {
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(shape.name()).append(" WHERE tenant_id = ?");
        for (String column : shape.key()) {
            sql.append(" AND ").append(column).append(" = ?");
        }
        int n = 0;
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int from = 0; from < rows.size(); from += BATCH) {
                for (Row row : rows.subList(from, Math.min(rows.size(), from + BATCH))) {
                    s.setString(1, tenantId);
                    for (int i = 0; i < row.keyValues().length; i++) {
                        s.setObject(i + 2, row.keyValues()[i]);
                    }
                    s.addBatch();
                }
                for (int count : s.executeBatch()) {
                    n += Math.max(0, count);
                }
            }
        }
        return n;
    }

    private static boolean foreignKeyViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (FOREIGN_KEY_VIOLATION.equals(x.getSQLState())) {
                return true;
            }
            if (x.getCause() instanceof SQLException cause && FOREIGN_KEY_VIOLATION.equals(cause.getSQLState())) {
                return true;
            }
            if (!(x instanceof BatchUpdateException)) {
                break;
            }
        }
        return false;
    }

    /** Every row of the tenant in a table: its key and its text values. */
    private static List<Row> rows(Connection c, Shape shape, String tenantId) throws SQLException {
        List<String> columns = new ArrayList<>(shape.key());
        for (String t : shape.texts()) {
            if (!columns.contains(t)) {
                columns.add(t);
            }
        }
        List<Row> out = new ArrayList<>();
        int parentIndex = shape.parentColumn() == null ? -1 : shape.key().indexOf(shape.parentColumn());
        try (PreparedStatement s = c.prepareStatement("SELECT " + String.join(", ", columns) + " FROM "
                + shape.name() + " WHERE tenant_id = ?")) {
            s.setString(1, tenantId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Object[] key = new Object[shape.key().size()];
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < key.length; i++) {
                        key[i] = rs.getObject(i + 1);
                        text.append(i == 0 ? "" : "|").append(key[i]);
                    }
                    List<String> texts = new ArrayList<>(shape.texts().size());
                    for (String t : shape.texts()) {
                        texts.add(rs.getString(columns.indexOf(t) + 1));
                    }
                    out.add(new Row(shape, text.toString(), key, texts, parentIndex < 0 ? null
                            : String.valueOf(key[parentIndex])));
                }
            }
        }
        return out;
    }

    /** The tables with {@code tenant_id} and a primary key, from the catalogue. */
    private static List<Shape> shapes(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        boolean upper = meta.storesUpperCaseIdentifiers();
        String schema = c.getSchema();
        List<Shape> out = new ArrayList<>();
        for (String table : TenantRows.tables(c)) {
            String catalogName = upper ? table.toUpperCase(Locale.ROOT) : table;
            TreeMap<Integer, String> key = new TreeMap<>();
            try (ResultSet rs = meta.getPrimaryKeys(null, schema, catalogName)) {
                while (rs.next()) {
                    key.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            if (key.isEmpty()) {
                continue;
            }
            List<String> texts = new ArrayList<>();
            try (ResultSet rs = meta.getColumns(null, schema, catalogName, null)) {
                while (rs.next()) {
                    int type = rs.getInt("DATA_TYPE");
                    String column = rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                    if ((type == Types.VARCHAR || type == Types.CHAR || type == Types.NVARCHAR || type == Types.NCHAR)
                            && !column.equals("tenant_id")) {
                        texts.add(column);
                    }
                }
            }
            String parentTable = null;
            String parentColumn = null;
            Map<String, List<String[]>> foreignKeys = new HashMap<>();
            try (ResultSet rs = meta.getImportedKeys(null, schema, catalogName)) {
                while (rs.next()) {
                    String name = rs.getString("FK_NAME") + "/" + rs.getString("PKTABLE_NAME");
                    foreignKeys.computeIfAbsent(name, k -> new ArrayList<>()).add(new String[] {
                        rs.getString("FKCOLUMN_NAME").toLowerCase(Locale.ROOT),
                        rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT) });
                }
            }
            List<String> keyColumns = List.copyOf(key.values());
            if (keyColumns.size() > 1) {
                for (List<String[]> fk : foreignKeys.values()) {
                    if (fk.size() == 1 && keyColumns.contains(fk.get(0)[0])) {
                        parentColumn = fk.get(0)[0];
                        parentTable = fk.get(0)[1];
                        break;
                    }
                }
            }
            out.add(new Shape(table, keyColumns, List.copyOf(texts), parentTable, parentColumn));
        }
        return out;
    }
}
