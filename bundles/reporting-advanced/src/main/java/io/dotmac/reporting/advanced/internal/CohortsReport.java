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
import io.dotmac.reporting.basic.Report;
import io.dotmac.reporting.basic.Report.Column;
import io.dotmac.reporting.basic.Report.Column.Type;
import io.dotmac.reporting.basic.ReportParameters;
import io.dotmac.reporting.basic.ReportParameters.Range;
import io.dotmac.reporting.basic.ReportSource;

/**
 * {@code cohorts}: one row per signup month of the range: the customers who signed up, and in {@code month0},
 * {@code month1}, ... the percentage of them with a live subscription at the end of that month after signup (two
 * decimals; absent for months not reached yet).
 */
@Component(property = { ReportSource.NAME + "=cohorts", ReportSource.PLUGIN + "=" + AdvancedReports.PLUGIN })
public class CohortsReport implements ReportSource {

    private final Database db;
    private final Clock clock = Clock.systemUTC();

    /** Runs once billing's tables are migrated. */
    @Activate
    public CohortsReport(@Reference Database db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=billing)") MigratedSchema schema) {
        this.db = db;
    }

    @Override
    public Report generate(TenantRef tenant, Map<String, String> parameters) {
        ReportParameters p = ReportParameters.of(parameters);
        LocalDate today = LocalDate.now(clock);
        Range range = p.range(today);
        p.check();
        List<Segment> segments = db.inTenant(tenant, c -> SubscriptionBook.read(c, tenant.id()));
        int width = range.months().size();
        List<Column> columns = new ArrayList<>(List.of(new Column("cohort", Type.MONTH),
                new Column("customers", Type.INTEGER)));
        for (int k = 0; k < width; k++) {
            columns.add(new Column("month" + k, Type.DECIMAL));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Cohorts.Cohort cohort : Cohorts.of(segments, range.months(), today)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("cohort", cohort.signup().toString());
            row.put("customers", (long) cohort.customers());
            for (int k = 0; k < width; k++) {
                row.put("month" + k, k < cohort.retained().size()
                        ? Mrr.percent(cohort.retained().get(k), cohort.customers()) : null);
            }
            rows.add(row);
        }
        return new Report("cohorts", p.resolved(), columns, rows);
    }
}
