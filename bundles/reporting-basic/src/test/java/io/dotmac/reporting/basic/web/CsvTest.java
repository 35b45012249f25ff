package io.dotmac.reporting.basic.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dotmac.reporting.basic.Report;
import io.dotmac.reporting.basic.Report.Column;
import io.dotmac.reporting.basic.Report.Column.Type;

class CsvTest {

    private static Report report(List<Column> columns, List<Map<String, Object>> rows) {
        return new Report("test", Map.of(), columns, rows);
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    @Test
    void headerThenRowsEachEndingInCrLf() {
        Report r = report(List.of(new Column("month", Type.MONTH), new Column("issued", Type.MONEY),
                new Column("n", Type.INTEGER)), List.of(row("month", "2026-01", "issued", "49.90", "n", 3L)));
        assertEquals("month,issued,n\r\n2026-01,49.90,3\r\n", Csv.write(r));
    }

    @Test
    void commasQuotesAndLineBreaksAreQuotedWithQuotesDoubled() {
        Report r = report(List.of(new Column("plan", Type.TEXT), new Column("x", Type.CODE)),
                List.of(row("plan", "Fibre, \"fast\"", "x", "a\r\nb"), row("plan", "plain", "x", "line\nfeed")));
        assertEquals("plan,x\r\n\"Fibre, \"\"fast\"\"\",\"a\r\nb\"\r\nplain,\"line\nfeed\"\r\n", Csv.write(r));
    }

    @Test
    void textThatASpreadsheetWouldRunIsDefused() {
        Report r = report(List.of(new Column("plan", Type.TEXT), new Column("amount", Type.MONEY)),
                List.of(row("plan", "=HYPERLINK(\"http://x\")", "amount", "-5.00"), row("plan", "@SUM(A1)",
                        "amount", "0.00"), row("plan", "+1", "amount", "1.00"), row("plan", "-1", "amount", "2")));
        assertEquals("plan,amount\r\n\"'=HYPERLINK(\"\"http://x\"\")\",-5.00\r\n'@SUM(A1),0.00\r\n'+1,1.00\r\n"
                + "'-1,2\r\n", Csv.write(r));
    }

    @Test
    void absentValuesAreEmptyAndDecimalsArePlain() {
        Map<String, Object> row = new HashMap<>();
        row.put("a", null);
        row.put("b", new BigDecimal("1E+3"));
        Report r = report(List.of(new Column("a", Type.DECIMAL), new Column("b", Type.DECIMAL)), List.of(row));
        assertEquals("a,b\r\n,1000\r\n", Csv.write(r));
    }
}
