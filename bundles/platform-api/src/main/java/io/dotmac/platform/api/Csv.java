package io.dotmac.platform.api;

import java.util.List;

/**
 * RFC 4180 CSV lines: fields separated by commas, lines ending in CRLF, a field holding a comma, a double quote, CR
 * or LF quoted with its quotes doubled. {@link #text(String)} guards what users wrote: a value starting with
 * {@code = + - @}, tab or CR gets a leading apostrophe, so that a spreadsheet shows it rather than running it as a
 * formula (OWASP's CSV injection advice). Numbers, amounts, dates and ids are written as they are.
 */
public final class Csv {

    private Csv() {
    }

    /** Appends one line of {@code fields} ({@code null} as an empty field). */
    public static void line(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            field(out, fields.get(i) == null ? "" : fields.get(i));
        }
        out.append("\r\n");
    }

    /** A value a user wrote (a name, a description), made safe to open in a spreadsheet. */
    public static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    /** Appends one field, quoted when it must be. */
    public static void field(StringBuilder out, String value) {
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
