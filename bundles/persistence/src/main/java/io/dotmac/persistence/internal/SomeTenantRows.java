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
 * the tenant's other rows still need ({@link #delete}). The tables and keys come from the database's catalogue, as
 * {@link TenantRows} finds them, so a plugin's tables take part without it doing anything. References are found by
 * value: the platform's ids are unique, so a text value equal to an entity's id refers to it, whether a foreign key
 * says so or not (tables of different bundles have none between them).
 */
final class SomeTenantRows {

    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final int BATCH = 500;

    private SomeTenantRows() {
    }

    /** A table's shape: its key's columns and its text columns. */
    private record Shape(String name, List<String> key, List<String> texts) {

        /** Rows with one key column, not the tenant: the platform's entities, named by a unique id. */
        boolean entity() {
            return key.size() == 1 && !key.get(0).equals("tenant_id");
        }
    }

    /** One row: its table, its key as text and as read, its key's values as text, and its text values. */
    private record Row(Shape table, String key, Object[] keyValues, List<String> keyTexts, List<String> texts) {

        String id() {
            return table.name() + '\u0000' + key;
        }
    }

    static Map<String, Set<String>> keys(Connection c, String tenantId) throws SQLException {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Shape shape : shapes(c)) {
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
        Map<String, List<Row>> entities = new HashMap<>(); // entities of the set by key (ids are unique)
        List<Row> candidates = new ArrayList<>();
        Set<String> listed = new HashSet<>(); // ids of the set's rows
        for (Shape shape : shapes) {
            Set<String> wanted = named.getOrDefault(shape.name(), Set.of());
            for (Row row : rows(c, shape, tenantId)) {
                candidates.add(row);
                if (wanted.contains(row.key())) {
                    listed.add(row.id());
                    if (shape.entity()) {
                        entities.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row);
                    }
                }
            }
        }
        // dependents: the set's other rows, and the parts of its entities made after it (a device's polled
        // interfaces): their key names one; they go with it, not keep it
        List<Row> dependents = new ArrayList<>();
        List<Row> outside = new ArrayList<>();
        for (Row row : candidates) {
            if (row.table().entity()) {
                if (!listed.contains(row.id())) {
                    outside.add(row);
                }
            } else if (listed.contains(row.id()) || row.keyTexts().stream().anyMatch(entities::containsKey)) {
                dependents.add(row);
            } else {
                outside.add(row);
            }
        }

        // kept entities: those rows outside the set refer to, then those kept rows refer to; a dependent of the set
        // goes with the first entity its key names that goes, else stays (a counter, a setting: the tenant's
        // state), and what a staying dependent refers to stays too; until nothing changes
        Set<String> kept = new HashSet<>();
        Deque<Row> work = new ArrayDeque<>();
        for (Row row : outside) {
            refer(row, entities, kept, work);
        }
        Set<String> doomedDependents = new HashSet<>();
        boolean changed = true;
        while (changed) {
            while (!work.isEmpty()) {
                refer(work.pop(), entities, kept, work);
            }
            changed = false;
            doomedDependents.clear();
            for (Row row : dependents) {
                if (goes(row, entities, kept)) {
                    doomedDependents.add(row.id());
                } else {
                    int before = kept.size();
                    refer(row, entities, kept, work);
                    changed |= kept.size() != before;
                }
            }
        }

        Map<String, List<Row>> doomed = new LinkedHashMap<>();
        Map<String, Integer> keptCount = new TreeMap<>();
        Map<String, Integer> stateCount = new TreeMap<>();
        List<Row> all = new ArrayList<>(dependents);
        entities.values().forEach(all::addAll);
        for (Row row : all) {
            boolean goes = row.table().entity() ? !kept.contains(row.id()) : doomedDependents.contains(row.id());
            if (goes) {
                doomed.computeIfAbsent(row.table().name(), k -> new ArrayList<>()).add(row);
            } else if (!listed.contains(row.id())) {
                continue; // a part made after the set, staying with its entity
            } else if (row.table().entity() || row.keyTexts().stream().anyMatch(entities::containsKey)) {
                keptCount.merge(row.table().name(), 1, Integer::sum);
            } else {
                stateCount.merge(row.table().name(), 1, Integer::sum);
            }
        }
        return new RowDeletion(deleteInOrder(c, tenantId, shapes, doomed), keptCount, stateCount);
    }

    /** Whether a dependent's key names an entity of the set that is not kept. */
    private static boolean goes(Row row, Map<String, List<Row>> entities, Set<String> kept) {
        for (String value : row.keyTexts()) {
            for (Row parent : entities.getOrDefault(value, List.of())) {
                if (!kept.contains(parent.id())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Keeps the entities whose ids the row holds (its own key aside). */
    private static void refer(Row row, Map<String, List<Row>> entities, Set<String> kept, Deque<Row> work) {
        for (String value : row.texts()) {
            if (value == null || row.table().entity() && value.equals(row.key())) {
                continue;
            }
            for (Row target : entities.getOrDefault(value, List.of())) {
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
        try (PreparedStatement s = c.prepareStatement("SELECT " + String.join(", ", columns) + " FROM "
                + shape.name() + " WHERE tenant_id = ?")) {
            s.setString(1, tenantId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Object[] key = new Object[shape.key().size()];
                    List<String> keyTexts = new ArrayList<>(key.length);
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < key.length; i++) {
                        key[i] = rs.getObject(i + 1);
                        text.append(i == 0 ? "" : "|").append(key[i]);
                        if (!shape.key().get(i).equals("tenant_id") && key[i] != null) {
                            keyTexts.add(String.valueOf(key[i]));
                        }
                    }
                    List<String> texts = new ArrayList<>(shape.texts().size());
                    for (String t : shape.texts()) {
                        texts.add(rs.getString(columns.indexOf(t) + 1));
                    }
                    out.add(new Row(shape, text.toString(), key, keyTexts, texts));
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
            List<String> keyColumns = List.copyOf(key.values());
            out.add(new Shape(table, keyColumns, List.copyOf(texts)));
        }
        return out;
    }
}
