package io.dotmac.reporting.basic.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.reporting.basic.Report;
import io.dotmac.reporting.basic.Report.Column;
import io.dotmac.reporting.basic.Report.Column.Type;
import io.dotmac.reporting.basic.ReportParameters;
import io.dotmac.reporting.basic.ReportParameters.Range;
import io.dotmac.reporting.basic.ReportSource;

/**
 * {@code customers/movements}: per calendar month of the range, the customers created ({@code new}) and closed
 * ({@code closed}) within the range's days, and how many were open (created and not closed) at the end of the month
 * or of the range if it ends first ({@code open}).
 */
@Component(property = { ReportSource.NAME + "=customers/movements",
    ReportSource.PLUGIN + "=" + BasicReports.PLUGIN })
public class CustomerMovementsReport implements ReportSource {

    static final List<Column> COLUMNS = List.of(new Column("month", Type.MONTH), new Column("new", Type.INTEGER),
            new Column("closed", Type.INTEGER), new Column("open", Type.INTEGER));

    private final Database db;
    private final Clock clock = Clock.systemUTC();

    /** Runs once the tables it reads are migrated (the customers schema). */
    @Activate
    public CustomerMovementsReport(@Reference Database db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=customers)") MigratedSchema schema) {
        this.db = db;
    }

    @Override
    public Report generate(TenantRef tenant, Map<String, String> parameters) {
        ReportParameters p = ReportParameters.of(parameters);
        Range range = p.range(LocalDate.now(clock));
        p.check();
        Map<YearMonth, long[]> byMonth = new HashMap<>();
        long[] before = new long[1];
        Sql.Start from = new Sql.Start(range.from());
        Sql.Start end = new Sql.Start(range.end());
        db.inTenant(tenant, c -> {
            Sql.query(c, "SELECT (SELECT COUNT(*) FROM dotmac_customer WHERE tenant_id = ? AND created_at < ?) - "
                    + "(SELECT COUNT(*) FROM dotmac_customer WHERE tenant_id = ? AND closed_at < ?)",
                    rs -> before[0] = rs.getLong(1), tenant.id(), from, tenant.id(), from);
            for (String[] column : new String[][] { { "created_at", "0" }, { "closed_at", "1" } }) {
                int index = Integer.parseInt(column[1]);
                Sql.query(c, "SELECT EXTRACT(YEAR FROM " + column[0] + "), EXTRACT(MONTH FROM " + column[0]
                        + "), COUNT(*) FROM dotmac_customer WHERE tenant_id = ? AND " + column[0] + " >= ? AND "
                        + column[0] + " < ? GROUP BY EXTRACT(YEAR FROM " + column[0] + "), EXTRACT(MONTH FROM "
                        + column[0] + ")", rs -> byMonth.computeIfAbsent(Sql.month(rs, 1, 2),
                                k -> new long[2])[index] += rs.getLong(3), tenant.id(), from, end);
            }
            return null;
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        long open = before[0];
        for (YearMonth month : range.months()) {
            long[] f = byMonth.getOrDefault(month, new long[2]);
            open += f[0] - f[1];
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("month", month.toString());
            row.put("new", f[0]);
            row.put("closed", f[1]);
            row.put("open", open);
            rows.add(row);
        }
        return new Report("customers/movements", p.resolved(), COLUMNS, rows);
    }
}
