package io.dotmac.reporting.basic.web;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.dotmac.reporting.basic.Report;
import io.dotmac.reporting.basic.Report.Column;

/**
 * A report as RFC 4180 CSV: a header line of the column names, then one line per row, lines ending in CRLF. A field
 * holding a comma, a double quote, CR or LF is quoted, with its quotes doubled. A {@link Column.Type#TEXT} value
 * (which users wrote: a plan's name) starting with {@code = + - @}, tab or CR gets a leading apostrophe, so that a
 * spreadsheet shows it rather than running it as a formula (OWASP's CSV injection advice); numbers and amounts are
 * never touched. Absent values are empty fields.
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
        if (column.type() == Column.Type.TEXT && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    private static void line(StringBuilder out, Iterator<String> fields) {
        boolean first = true;
        while (fields.hasNext()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            field(out, fields.next());
        }
        out.append("\r\n");
    }

    static void field(StringBuilder out, String value) {
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }
}
