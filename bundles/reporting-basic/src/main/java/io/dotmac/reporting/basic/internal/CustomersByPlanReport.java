package io.dotmac.reporting.basic.internal;

import java.util.ArrayList;
import java.util.Comparator;
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
import io.dotmac.reporting.basic.ReportSource;

/**
 * {@code customers/by-plan}: per plan (active plans, and retired ones that still have subscribers), its price and
 * period, the subscriptions not cancelled (ACTIVE and SUSPENDED), those ACTIVE, and the distinct customers holding
 * them. A customer with two plans counts under each. Ordered by plan name, ignoring case.
 */
@Component(property = { ReportSource.NAME + "=customers/by-plan", ReportSource.PLUGIN + "=" + BasicReports.PLUGIN })
public class CustomersByPlanReport implements ReportSource {

    static final List<Column> COLUMNS = List.of(new Column("planId", Type.CODE), new Column("plan", Type.TEXT),
            new Column("currency", Type.CODE), new Column("price", Type.MONEY),
            new Column("billingPeriod", Type.CODE), new Column("subscriptions", Type.INTEGER),
            new Column("active", Type.INTEGER), new Column("customers", Type.INTEGER));

    private final Database db;

    /** Runs once the tables it reads are migrated (the billing schema). */
    @Activate
    public CustomersByPlanReport(@Reference Database db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=billing)") MigratedSchema schema) {
        this.db = db;
    }

    @Override
    public Report generate(TenantRef tenant, Map<String, String> parameters) {
        ReportParameters p = ReportParameters.of(parameters);
        p.check();
        List<Map<String, Object>> rows = new ArrayList<>();
        db.inTenant(tenant, c -> {
            Sql.query(c, "SELECT p.id, p.name, p.currency, p.price_minor, p.billing_period, COUNT(s.id), "
                    + "SUM(CASE WHEN s.status = 'ACTIVE' THEN 1 ELSE 0 END), COUNT(DISTINCT s.customer_id) "
                    + "FROM dotmac_plan p LEFT JOIN dotmac_subscription s ON s.tenant_id = p.tenant_id "
                    + "AND s.plan_id = p.id AND s.status <> 'CANCELLED' WHERE p.tenant_id = ? "
                    + "GROUP BY p.id, p.name, p.currency, p.price_minor, p.billing_period, p.active "
                    + "HAVING p.active OR COUNT(s.id) > 0", rs -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        String currency = rs.getString(3);
                        row.put("planId", rs.getString(1));
                        row.put("plan", rs.getString(2));
                        row.put("currency", currency);
                        row.put("price", Sql.money(rs.getLong(4), currency));
                        row.put("billingPeriod", rs.getString(5));
                        row.put("subscriptions", rs.getLong(6));
                        row.put("active", rs.getLong(7));
                        row.put("customers", rs.getLong(8));
                        rows.add(row);
                    }, tenant.id());
            return null;
        });
        // sorted here, not by the database: H2 and PostgreSQL's collations order punctuation differently
        rows.sort(Comparator.comparing((Map<String, Object> r) -> (String) r.get("plan"), String.CASE_INSENSITIVE_ORDER)
                .thenComparing(r -> (String) r.get("plan")).thenComparing(r -> (String) r.get("planId")));
        return new Report("customers/by-plan", p.resolved(), COLUMNS, rows);
    }
}
