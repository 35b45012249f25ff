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

/** {@code tickets/by-status}: the tickets in each status now, by priority and in all (every status, even at 0). */
@Component(property = { ReportSource.NAME + "=tickets/by-status", ReportSource.PLUGIN + "=" + BasicReports.PLUGIN })
public class TicketsByStatusReport implements ReportSource {

    static final List<String> STATUSES = List.of("OPEN", "IN_PROGRESS", "RESOLVED", "CLOSED");
    static final List<String> PRIORITIES = List.of("LOW", "NORMAL", "HIGH", "URGENT");
    static final List<Column> COLUMNS = List.of(new Column("status", Type.CODE), new Column("low", Type.INTEGER),
            new Column("normal", Type.INTEGER), new Column("high", Type.INTEGER), new Column("urgent", Type.INTEGER),
            new Column("total", Type.INTEGER));

    private final Database db;

    /** Runs once the tables it reads are migrated (the tickets schema). */
    @Activate
    public TicketsByStatusReport(@Reference Database db,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=tickets)") MigratedSchema schema) {
        this.db = db;
    }

    @Override
    public Report generate(TenantRef tenant, Map<String, String> parameters) {
        ReportParameters p = ReportParameters.of(parameters);
        p.check();
        long[][] counts = new long[STATUSES.size()][PRIORITIES.size()];
        db.inTenant(tenant, c -> {
            Sql.query(c, "SELECT status, priority, COUNT(*) FROM dotmac_ticket WHERE tenant_id = ? "
                    + "GROUP BY status, priority", rs -> {
                        int s = STATUSES.indexOf(rs.getString(1));
                        int q = PRIORITIES.indexOf(rs.getString(2));
                        if (s >= 0 && q >= 0) {
                            counts[s][q] = rs.getLong(3);
                        }
                    }, tenant.id());
            return null;
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int s = 0; s < STATUSES.size(); s++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("status", STATUSES.get(s));
            long total = 0;
            for (int q = 0; q < PRIORITIES.size(); q++) {
                row.put(COLUMNS.get(q + 1).name(), counts[s][q]);
                total += counts[s][q];
            }
            row.put("total", total);
            rows.add(row);
        }
        return new Report("tickets/by-status", p.resolved(), COLUMNS, rows);
    }
}
