package io.dotmac.reporting.advanced.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.reporting.basic.Amounts;
import io.dotmac.reporting.basic.Report;
import io.dotmac.reporting.basic.Report.Column;
import io.dotmac.reporting.basic.Report.Column.Type;
import io.dotmac.reporting.basic.ReportParameters;
import io.dotmac.reporting.basic.ReportParameters.Range;
import io.dotmac.reporting.basic.ReportSource;

/**
 * {@code mrr}: per calendar month of the range and currency, MRR, ARR, paying customers and ARPU at the month's end,
 * the month's MRR movements, and its churn and retention rates ({@link Mrr}; definitions in the bundle's README).
 * {@code mrr/movements} is the movements alone, for its stacked bar chart.
 */
@Component(service = { ReportSource.class, MrrReport.class },
        property = { ReportSource.NAME + "=mrr", ReportSource.PLUGIN + "=" + AdvancedReports.PLUGIN })
public class MrrReport implements ReportSource {

    static final List<Column> COLUMNS = List.of(new Column("month", Type.MONTH), new Column("currency", Type.CODE),
            new Column("mrr", Type.MONEY), new Column("arr", Type.MONEY), new Column("customers", Type.INTEGER),
            new Column("arpu", Type.MONEY), new Column("newMrr", Type.MONEY), new Column("expansionMrr", Type.MONEY),
            new Column("contractionMrr", Type.MONEY), new Column("churnedMrr", Type.MONEY),
            new Column("netNewMrr", Type.MONEY), new Column("newCustomers", Type.INTEGER),
            new Column("churnedCustomers", Type.INTEGER), new Column("customerChurnRate", Type.DECIMAL),
            new Column("revenueChurnRate", Type.DECIMAL), new Column("netRevenueRetention", Type.DECIMAL));

    static final List<Column> MOVEMENTS = List.of(new Column("month", Type.MONTH), new Column("currency", Type.CODE),
            new Column("newMrr", Type.MONEY), new Column("expansionMrr", Type.MONEY),
            new Column("contractionMrr", Type.MONEY), new Column("churnedMrr", Type.MONEY),
            new Column("netNewMrr", Type.MONEY), new Column("mrr", Type.MONEY));

    private final Database db;
    private final Clock clock = Clock.systemUTC();

    /** Runs once billing's tables are migrated. */
    @Activate
    public MrrReport(@Reference Database db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=billing)") MigratedSchema schema) {
        this.db = db;
    }

    @Override
    public Report generate(TenantRef tenant, Map<String, String> parameters) {
        return generate(tenant, parameters, false);
    }

    Report generate(TenantRef tenant, Map<String, String> parameters, boolean movementsOnly) {
        ReportParameters p = ReportParameters.of(parameters);
        Range range = p.range(LocalDate.now(clock));
        String only = p.currency("currency");
        p.check();
        List<Segment> segments = db.inTenant(tenant, c -> SubscriptionBook.read(c, tenant.id()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Mrr.Month m : Mrr.months(segments, range.months())) {
            if (only != null && !only.equals(m.currency())) {
                continue;
            }
            String cur = m.currency();
            long newMrr = Mrr.minor(m.newMrr());
            long expansion = Mrr.minor(m.expansion());
            long contraction = Mrr.minor(m.contraction());
            long churned = Mrr.minor(m.churned());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("month", m.month().toString());
            row.put("currency", cur);
            if (movementsOnly) {
                row.put("newMrr", Amounts.format(newMrr, cur));
                row.put("expansionMrr", Amounts.format(expansion, cur));
                row.put("contractionMrr", Amounts.format(contraction, cur));
                row.put("churnedMrr", Amounts.format(churned, cur));
                row.put("netNewMrr", Amounts.format(Mrr.minor(m.mrr() - m.startMrr()), cur));
                row.put("mrr", Amounts.format(m.mrrMinor(), cur));
            } else {
                row.put("mrr", Amounts.format(m.mrrMinor(), cur));
                row.put("arr", Amounts.format(m.arrMinor(), cur));
                row.put("customers", m.customers());
                row.put("arpu", m.arpuMinor() == null ? null : Amounts.format(m.arpuMinor(), cur));
                row.put("newMrr", Amounts.format(newMrr, cur));
                row.put("expansionMrr", Amounts.format(expansion, cur));
                row.put("contractionMrr", Amounts.format(contraction, cur));
                row.put("churnedMrr", Amounts.format(churned, cur));
                row.put("netNewMrr", Amounts.format(Mrr.minor(m.mrr() - m.startMrr()), cur));
                row.put("newCustomers", m.newCustomers());
                row.put("churnedCustomers", m.churnedCustomers());
                row.put("customerChurnRate", m.customerChurnRate());
                row.put("revenueChurnRate", m.revenueChurnRate());
                row.put("netRevenueRetention", m.netRevenueRetention());
            }
            rows.add(row);
        }
        return new Report(movementsOnly ? "mrr/movements" : "mrr", p.resolved(), movementsOnly ? MOVEMENTS : COLUMNS,
                rows);
    }
}
