package io.dotmac.reporting.basic.web;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.dotmac.reporting.basic.Report;
import io.dotmac.reporting.basic.Report.Column;

/**
 * A report as RFC 4180 CSV ({@link io.dotmac.platform.api.Csv}): a header line of the column names, then one line per
 * row. A {@link Column.Type#TEXT} value (which users wrote: a plan's name) is guarded against formula injection;
 * numbers and amounts are never touched. Absent values are empty fields.
 */
public final class Csv {

    private Csv() {
    }

    public static String write(Report report) {
        StringBuilder out = new StringBuilder(64 + report.rows().size() * 16 * Math.max(1, report.columns().size()));
        List<Column> columns = report.columns();
        line(out, columns.stream().map(Column::name).iterator());
        for (Map<String, Object> row : report.rows()) {
            line(out, columns.stream().map(c -> cell(c, row.get(c.name()))).iterator());
        }
        return out.toString();
    }

    private static String cell(Column column, Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString();
        return column.type() == Column.Type.TEXT ? io.dotmac.platform.api.Csv.text(text) : text;
    }

    private static void line(StringBuilder out, Iterator<String> fields) {
        List<String> all = new ArrayList<>();
        fields.forEachRemaining(all::add);
        io.dotmac.platform.api.Csv.line(out, all);
    }

    static void field(StringBuilder out, String value) {
        io.dotmac.platform.api.Csv.field(out, value);
    }
}
