package io.dotmac.reporting.basic.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
 * {@code tickets}: per calendar month of the range, the tickets opened and the tickets resolved (by the time they
 * were last resolved; a reopened ticket counts when it is resolved again), and the mean hours from opening to
 * resolution of those resolved, to two decimals (absent for a month with none).
 */
@Component(property = { ReportSource.NAME + "=tickets", ReportSource.PLUGIN + "=" + BasicReports.PLUGIN })
public class TicketsReport implements ReportSource {

    static final List<Column> COLUMNS = List.of(new Column("month", Type.MONTH), new Column("opened", Type.INTEGER),
            new Column("resolved", Type.INTEGER), new Column("meanHoursToResolve", Type.DECIMAL));

    private final Database db;
    private final Clock clock = Clock.systemUTC();

    /** Runs once the tables it reads are migrated (the tickets schema). */
    @Activate
    public TicketsReport(@Reference Database db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=tickets)") MigratedSchema schema) {
        this.db = db;
    }

    @Override
    public Report generate(TenantRef tenant, Map<String, String> parameters) {
        ReportParameters p = ReportParameters.of(parameters);
        Range range = p.range(LocalDate.now(clock));
        p.check();
        // month → {opened, resolved, seconds to resolve}
        Map<YearMonth, long[]> byMonth = new HashMap<>();
        Sql.Start from = new Sql.Start(range.from());
        Sql.Start end = new Sql.Start(range.end());
        String seconds = "postgresql".equals(db.vendor()) ? "EXTRACT(EPOCH FROM (resolved_at - created_at))"
                : "DATEDIFF(SECOND, created_at, resolved_at)";
        db.inTenant(tenant, c -> {
            Sql.query(c, "SELECT EXTRACT(YEAR FROM created_at), EXTRACT(MONTH FROM created_at), COUNT(*) "
                    + "FROM dotmac_ticket WHERE tenant_id = ? AND created_at >= ? AND created_at < ? "
                    + "GROUP BY EXTRACT(YEAR FROM created_at), EXTRACT(MONTH FROM created_at)",
                    rs -> byMonth.computeIfAbsent(Sql.month(rs, 1, 2), k -> new long[3])[0] += rs.getLong(3),
                    tenant.id(), from, end);
            Sql.query(c, "SELECT EXTRACT(YEAR FROM resolved_at), EXTRACT(MONTH FROM resolved_at), COUNT(*), "
                    + "SUM(" + seconds + ") FROM dotmac_ticket WHERE tenant_id = ? AND resolved_at >= ? "
                    + "AND resolved_at < ? GROUP BY EXTRACT(YEAR FROM resolved_at), EXTRACT(MONTH FROM resolved_at)",
                    rs -> {
                        long[] f = byMonth.computeIfAbsent(Sql.month(rs, 1, 2), k -> new long[3]);
                        f[1] += rs.getLong(3);
                        f[2] += rs.getLong(4);
                    }, tenant.id(), from, end);
            return null;
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        for (YearMonth month : range.months()) {
            long[] f = byMonth.getOrDefault(month, new long[3]);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("month", month.toString());
            row.put("opened", f[0]);
            row.put("resolved", f[1]);
            row.put("meanHoursToResolve", f[1] == 0 ? null
                    : BigDecimal.valueOf(f[2]).divide(BigDecimal.valueOf(f[1] * 3600L), 2, RoundingMode.HALF_EVEN));
            rows.add(row);
        }
        return new Report("tickets", p.resolved(), COLUMNS, rows);
    }
}
