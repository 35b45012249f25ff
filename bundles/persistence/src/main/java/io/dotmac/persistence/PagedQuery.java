package io.dotmac.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.dotmac.platform.api.Page;

/**
 * One page of a tenant's rows in id order: {@code SELECT <columns> FROM <table> WHERE tenant_id = ?}, the
 * conditions added with {@link #where}, the cursor's {@code id > ?}, {@code ORDER BY id LIMIT limit + 1}. The
 * extra row only tells whether a next page exists ({@link Page#of}). Tables must have {@code tenant_id} and an
 * ordered {@code id} (ours are {@link io.dotmac.platform.api.Ids}).
 */
public final class PagedQuery {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final StringBuilder sql;
    private final List<Object> args = new ArrayList<>();

    private PagedQuery(String columns, String table, String tenantId) {
        this.sql = new StringBuilder("SELECT " + columns + " FROM " + table + " WHERE tenant_id = ?");
        args.add(tenantId);
    }

    /** A query over {@code table}'s rows of one tenant; {@code columns} and {@code table} are our SQL, never input. */
    public static PagedQuery of(String columns, String table, String tenantId) {
        return new PagedQuery(columns, table, tenantId);
    }

    /** Adds {@code AND (<condition>)}, whose {@code ?} take {@code values}. */
    public PagedQuery where(String condition, Object... values) {
        sql.append(" AND (").append(condition).append(')');
        args.addAll(List.of(values));
        return this;
    }

    /**
     * Runs the query on {@code c} (inside the caller's tenant-bound transaction).
     *
     * @throws io.dotmac.platform.api.ValidationException when {@code cursor} is not one of ours
     */
    public <T> Page<T> fetch(Connection c, RowMapper<T> mapper, Function<T, String> id, int limit, String cursor)
            throws SQLException {
        String after = Page.key(cursor);
        StringBuilder query = new StringBuilder(sql);
        List<Object> values = new ArrayList<>(args);
        if (after != null) {
            query.append(" AND id > ?");
            values.add(after);
        }
        query.append(" ORDER BY id LIMIT ?");
        values.add(limit + 1);
        List<T> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(query.toString())) {
            for (int i = 0; i < values.size(); i++) {
                s.setObject(i + 1, values.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
        }
        return Page.of(rows, limit, id);
    }
}
