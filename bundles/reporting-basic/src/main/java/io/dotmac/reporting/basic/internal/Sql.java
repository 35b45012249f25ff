package io.dotmac.reporting.basic.internal;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;

import io.dotmac.reporting.basic.Amounts;

/** What the report queries share: binding, reading months, formatting money. */
final class Sql {

    private Sql() {
    }

    /** Reads each row of a query. */
    @FunctionalInterface
    interface Rows {
        void row(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql} with {@code args} (dates become DATE, {@link Start} values TIMESTAMP) and reads each row. */
    static void query(Connection c, String sql, Rows rows, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object arg = args[i];
                if (arg instanceof LocalDate d) {
                    s.setDate(i + 1, Date.valueOf(d));
                } else if (arg instanceof Start t) {
                    s.setTimestamp(i + 1, Timestamp.valueOf(t.day().atStartOfDay()));
                } else {
                    s.setObject(i + 1, arg);
                }
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.row(rs);
                }
            }
        }
    }

    /** The first instant of a day, bound as a TIMESTAMP (timestamps are stored in the server's zone). */
    record Start(LocalDate day) {
    }

    /** The month of columns {@code year} and {@code month}. */
    static YearMonth month(ResultSet rs, int year, int month) throws SQLException {
        return YearMonth.of(rs.getInt(year), rs.getInt(month));
    }

    /** {@code minor} units of {@code currency} as an exact decimal string: 4990 USD is {@code "49.90"}. */
    static String money(long minor, String currency) {
        return Amounts.format(minor, currency);
    }
}
