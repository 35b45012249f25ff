package io.dotmac.reporting.basic.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * {@code revenue}: per currency and calendar month of the range, the invoices issued (ISSUED or PAID, by issue date;
 * voided ones are not revenue) and their total less the credit notes issued that month, and the payments received
 * (by the time they came in) and their sum less the refunds made that month. Every month of the range has a row for
 * each currency that has any figure in it.
 */
@Component(property = { ReportSource.NAME + "=revenue", ReportSource.PLUGIN + "=" + BasicReports.PLUGIN })
public class RevenueReport implements ReportSource {

    static final List<Column> COLUMNS = List.of(new Column("month", Type.MONTH), new Column("currency", Type.CODE),
            new Column("invoices", Type.INTEGER), new Column("issued", Type.MONEY),
            new Column("payments", Type.INTEGER), new Column("collected", Type.MONEY));

    private final Database db;
    private final Clock clock = Clock.systemUTC();

    /** Runs once the tables it reads are migrated (the billing schema). */
    @Activate
    public RevenueReport(@Reference Database db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=billing)") MigratedSchema schema) {
        this.db = db;
    }

    @Override
    public Report generate(TenantRef tenant, Map<String, String> parameters) {
        ReportParameters p = ReportParameters.of(parameters);
        Range range = p.range(LocalDate.now(clock));
        String only = p.currency("currency");
        p.check();
        // currency → month → {invoices, issued, payments, collected}
        Map<String, Map<YearMonth, long[]>> figures = new TreeMap<>();
        db.inTenant(tenant, c -> {
            Sql.query(c, "SELECT currency, EXTRACT(YEAR FROM issue_date), EXTRACT(MONTH FROM issue_date), COUNT(*), "
                    + "SUM(total_minor) FROM dotmac_invoice WHERE tenant_id = ? AND status IN ('ISSUED', 'PAID') "
                    + "AND issue_date >= ? AND issue_date <= ? GROUP BY currency, EXTRACT(YEAR FROM issue_date), "
                    + "EXTRACT(MONTH FROM issue_date)", rs -> {
                        long[] f = cell(figures, rs.getString(1), Sql.month(rs, 2, 3));
                        f[0] += rs.getLong(4);
                        f[1] += rs.getLong(5);
                    }, tenant.id(), range.from(), range.to());
            Sql.query(c, "SELECT i.currency, EXTRACT(YEAR FROM p.received_at), EXTRACT(MONTH FROM p.received_at), "
                    + "COUNT(*), SUM(p.amount_minor) FROM dotmac_payment p JOIN dotmac_invoice i "
                    + "ON i.tenant_id = p.tenant_id AND i.id = p.invoice_id WHERE p.tenant_id = ? "
                    + "AND p.received_at >= ? AND p.received_at < ? GROUP BY i.currency, "
                    + "EXTRACT(YEAR FROM p.received_at), EXTRACT(MONTH FROM p.received_at)", rs -> {
                        long[] f = cell(figures, rs.getString(1), Sql.month(rs, 2, 3));
                        f[2] += rs.getLong(4);
                        f[3] += rs.getLong(5);
                    }, tenant.id(), new Sql.Start(range.from()), new Sql.Start(range.end()));
            // corrections: credit notes lower what was issued, refunds what was collected, in their own month
            Sql.query(c, "SELECT currency, EXTRACT(YEAR FROM issue_date), EXTRACT(MONTH FROM issue_date), "
                    + "SUM(total_minor) FROM dotmac_credit_note WHERE tenant_id = ? AND issue_date >= ? "
                    + "AND issue_date <= ? GROUP BY currency, EXTRACT(YEAR FROM issue_date), "
                    + "EXTRACT(MONTH FROM issue_date)", rs -> cell(figures, rs.getString(1), Sql.month(rs, 2, 3))[1]
                            -= rs.getLong(4), tenant.id(), range.from(), range.to());
            Sql.query(c, "SELECT i.currency, EXTRACT(YEAR FROM r.refunded_at), EXTRACT(MONTH FROM r.refunded_at), "
                    + "SUM(r.amount_minor) FROM dotmac_refund r JOIN dotmac_invoice i ON i.tenant_id = r.tenant_id "
                    + "AND i.id = r.invoice_id WHERE r.tenant_id = ? AND r.refunded_at >= ? AND r.refunded_at < ? "
                    + "GROUP BY i.currency, EXTRACT(YEAR FROM r.refunded_at), EXTRACT(MONTH FROM r.refunded_at)",
                    rs -> cell(figures, rs.getString(1), Sql.month(rs, 2, 3))[3] -= rs.getLong(4), tenant.id(),
                    new Sql.Start(range.from()), new Sql.Start(range.end()));
            return null;
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        for (YearMonth month : range.months()) {
            figures.forEach((currency, byMonth) -> {
                if (only != null && !only.equals(currency)) {
                    return;
                }
                long[] f = byMonth.getOrDefault(month, new long[4]);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("month", month.toString());
                row.put("currency", currency);
                row.put("invoices", f[0]);
                row.put("issued", Sql.money(f[1], currency));
                row.put("payments", f[2]);
                row.put("collected", Sql.money(f[3], currency));
                rows.add(row);
            });
        }
        return new Report("revenue", p.resolved(), COLUMNS, rows);
    }

    private static long[] cell(Map<String, Map<YearMonth, long[]>> figures, String currency, YearMonth month) {
        return figures.computeIfAbsent(currency, k -> new TreeMap<>()).computeIfAbsent(month, k -> new long[4]);
    }
}
