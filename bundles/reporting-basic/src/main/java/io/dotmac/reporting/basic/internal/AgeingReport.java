package io.dotmac.reporting.basic.internal;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
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
import io.dotmac.reporting.basic.ReportSource;

/**
 * {@code ageing}: what customers owed at the end of {@code asOf} (default today), per currency, and how long past its
 * due date each amount was: not yet due, 0–30, 31–60, 61–90 and more than 90 days. An invoice counts when it was
 * issued on or before {@code asOf}, is not void, and the payments received (less refunds) and credit notes issued by the
 * end of that day leave part of it open; it is then in one bucket with its whole open amount. The buckets add up to {@code outstanding}.
 */
@Component(property = { ReportSource.NAME + "=ageing", ReportSource.PLUGIN + "=" + BasicReports.PLUGIN })
public class AgeingReport implements ReportSource {

    static final List<Column> COLUMNS = List.of(new Column("currency", Type.CODE),
            new Column("invoices", Type.INTEGER), new Column("outstanding", Type.MONEY),
            new Column("notDue", Type.MONEY), new Column("days0to30", Type.MONEY),
            new Column("days31to60", Type.MONEY), new Column("days61to90", Type.MONEY),
            new Column("daysOver90", Type.MONEY));

    private final Database db;
    private final Clock clock = Clock.systemUTC();

    /** Runs once the tables it reads are migrated (the billing schema). */
    @Activate
    public AgeingReport(@Reference Database db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=billing)") MigratedSchema schema) {
        this.db = db;
    }

    /** The bucket (index into the figures after count and total) of an amount {@code days} past due. */
    static int bucket(long days) {
        if (days < 0) {
            return 0;
        }
        return days <= 30 ? 1 : days <= 60 ? 2 : days <= 90 ? 3 : 4;
    }

    @Override
    public Report generate(TenantRef tenant, Map<String, String> parameters) {
        ReportParameters p = ReportParameters.of(parameters);
        LocalDate asOf = p.date("asOf", LocalDate.now(clock));
        String only = p.currency("currency");
        p.check();
        // currency → {invoices, outstanding, notDue, 0-30, 31-60, 61-90, 90+}
        Map<String, long[]> figures = new TreeMap<>();
        Sql.Start end = new Sql.Start(asOf.plusDays(1));
        db.inTenant(tenant, c -> {
            // Open at the end of asOf: the total less what was paid (net of refunds) and credited by then. Read: the
            // invoices still ISSUED now, and PAID ones only when a payment, refund or credit note came after asOf.
            Sql.query(c, "SELECT i.currency, i.issue_date, i.due_date, i.total_minor - COALESCE((SELECT "
                    + "SUM(p.amount_minor) FROM dotmac_payment p WHERE p.tenant_id = i.tenant_id "
                    + "AND p.invoice_id = i.id AND p.received_at < ?), 0) + COALESCE((SELECT SUM(r.amount_minor) "
                    + "FROM dotmac_refund r WHERE r.tenant_id = i.tenant_id AND r.invoice_id = i.id "
                    + "AND r.refunded_at < ?), 0) - COALESCE((SELECT SUM(n.total_minor) FROM dotmac_credit_note n "
                    + "WHERE n.tenant_id = i.tenant_id AND n.invoice_id = i.id AND n.issue_date <= ?), 0) "
                    + "FROM dotmac_invoice i WHERE i.tenant_id = ? AND i.issue_date <= ? AND (i.status = 'ISSUED' "
                    + "OR (i.status = 'PAID' AND (i.id IN (SELECT q.invoice_id FROM dotmac_payment q "
                    + "WHERE q.tenant_id = ? AND q.received_at >= ?) OR i.id IN (SELECT n.invoice_id FROM "
                    + "dotmac_credit_note n WHERE n.tenant_id = ? AND n.issue_date > ?))))", rs -> {
                        long open = rs.getLong(4);
                        if (open <= 0) {
                            return;
                        }
                        Date due = rs.getDate(3);
                        LocalDate dueDate = due != null ? due.toLocalDate() : rs.getDate(2).toLocalDate();
                        long[] f = figures.computeIfAbsent(rs.getString(1), k -> new long[7]);
                        f[0]++;
                        f[1] += open;
                        f[2 + bucket(ChronoUnit.DAYS.between(dueDate, asOf))] += open;
                    }, end, end, asOf, tenant.id(), asOf, tenant.id(), end, tenant.id(), asOf);
            return null;
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        figures.forEach((currency, f) -> {
            if (only != null && !only.equals(currency)) {
                return;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("currency", currency);
            row.put("invoices", f[0]);
            for (int i = 2; i < COLUMNS.size(); i++) {
                row.put(COLUMNS.get(i).name(), Sql.money(f[i - 1], currency));
            }
            rows.add(row);
        });
        return new Report("ageing", p.resolved(), COLUMNS, rows);
    }
}
