package io.dotmac.reporting.basic.internal;

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
import io.dotmac.reporting.basic.ReportSource;

/** {@code customers/by-status}: how many customers are ACTIVE, SUSPENDED and CLOSED now (every status, even at 0). */
@Component(property = { ReportSource.NAME + "=customers/by-status",
    ReportSource.PLUGIN + "=" + BasicReports.PLUGIN })
public class CustomersByStatusReport implements ReportSource {

    static final List<String> STATUSES = List.of("ACTIVE", "SUSPENDED", "CLOSED");
    static final List<Column> COLUMNS = List.of(new Column("status", Type.CODE),
            new Column("customers", Type.INTEGER));

    private final Database db;

    /** Runs once the tables it reads are migrated (the customers schema). */
    @Activate
    public CustomersByStatusReport(@Reference Database db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=customers)") MigratedSchema schema) {
        this.db = db;
    }

    @Override
    public Report generate(TenantRef tenant, Map<String, String> parameters) {
        ReportParameters p = ReportParameters.of(parameters);
        p.check();
        Map<String, Long> counts = new LinkedHashMap<>();
        STATUSES.forEach(s -> counts.put(s, 0L));
        db.inTenant(tenant, c -> {
            Sql.query(c, "SELECT status, COUNT(*) FROM dotmac_customer WHERE tenant_id = ? GROUP BY status",
                    rs -> counts.put(rs.getString(1), rs.getLong(2)), tenant.id());
            return null;
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        counts.forEach((status, n) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("status", status);
            row.put("customers", n);
            rows.add(row);
        });
        return new Report("customers/by-status", p.resolved(), COLUMNS, rows);
    }
}
