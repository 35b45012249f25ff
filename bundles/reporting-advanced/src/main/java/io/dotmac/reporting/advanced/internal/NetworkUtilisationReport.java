package io.dotmac.reporting.advanced.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.reporting.basic.Report;
import io.dotmac.reporting.basic.Report.Column;
import io.dotmac.reporting.basic.Report.Column.Type;
import io.dotmac.reporting.basic.ReportParameters;
import io.dotmac.reporting.basic.ReportParameters.Range;
import io.dotmac.reporting.basic.ReportSource;

/**
 * {@code network/utilisation}: the 95th percentile of each interface's traffic over the range (UTC days, default the
 * last 30), in and out, from network_monitoring's data: the 5-minute averages of its rollups, and raw samples averaged
 * per 5 minutes where they are not rolled up yet. Nearest rank: the highest 5 % of the 5-minute values are dropped,
 * as burstable billing does. Each device's row first: the 95th percentile of the sum of its interfaces per 5 minutes.
 * The percentiles are computed by the database (PERCENTILE_DISC). Without network_monitoring installed the report says
 * so (409); a tenant without it gets its 403.
 */
@Component(property = { ReportSource.NAME + "=network/utilisation",
    ReportSource.PLUGIN + "=" + AdvancedReports.PLUGIN })
public class NetworkUtilisationReport implements ReportSource {

    static final String NETWORK_PLUGIN = "network_monitoring";
    static final long STEP_MILLIS = 300_000L;

    static final List<Column> COLUMNS = List.of(new Column("deviceId", Type.CODE), new Column("device", Type.TEXT),
            new Column("ifIndex", Type.INTEGER), new Column("interface", Type.TEXT),
            new Column("samples", Type.INTEGER), new Column("in95Bps", Type.INTEGER),
            new Column("out95Bps", Type.INTEGER), new Column("inMaxBps", Type.INTEGER),
            new Column("outMaxBps", Type.INTEGER), new Column("speedMbps", Type.INTEGER),
            new Column("utilisation95", Type.DECIMAL));

    private final Database db;
    private final TenantServices services;
    private final Clock clock;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=" + NETWORK_PLUGIN + ")")
    volatile MigratedSchema networkSchema;

    @Activate
    public NetworkUtilisationReport(@Reference Database db, @Reference TenantServices services) {
        this(db, services, Clock.systemUTC());
    }

    NetworkUtilisationReport(Database db, TenantServices services, Clock clock) {
        this.db = db;
        this.services = services;
        this.clock = clock;
    }

    /** Count, in and out 95th percentile, in and out maximum of one interface or device. */
    private record Figures(long samples, long in95, long out95, long inMax, long outMax) {
    }

    /**
     * The 5-minute values of the range: rollups, and raw samples averaged per 5 minutes where no rollup holds that
     * bucket yet. Parameters: tenant, from (s), end (s), tenant, from (ms), end (ms).
     */
    private static final String VALUES = "SELECT device_id, if_index, bucket, in_avg AS i, out_avg AS o "
            + "FROM dotmac_network_rollup WHERE tenant_id = ? AND bucket >= ? AND bucket < ? UNION ALL "
            + "SELECT s.device_id, s.if_index, s.ts / " + STEP_MILLIS + " * " + STEP_MILLIS / 1000 + ", "
            + "CAST(ROUND(AVG(s.in_bps)) AS BIGINT), CAST(ROUND(AVG(s.out_bps)) AS BIGINT) "
            + "FROM dotmac_network_sample s WHERE s.tenant_id = ? AND s.ts >= ? AND s.ts < ? AND NOT EXISTS "
            + "(SELECT 1 FROM dotmac_network_rollup r WHERE r.device_id = s.device_id AND r.if_index = s.if_index "
            + "AND r.bucket = s.ts / " + STEP_MILLIS + " * " + STEP_MILLIS / 1000 + ") "
            + "GROUP BY s.device_id, s.if_index, s.ts / " + STEP_MILLIS + " * " + STEP_MILLIS / 1000;

    /** PERCENTILE_DISC is the nearest rank: the first value whose cumulative share reaches 0.95. */
    private static final String FIGURES = "COUNT(*), PERCENTILE_DISC(0.95) WITHIN GROUP (ORDER BY i), "
            + "PERCENTILE_DISC(0.95) WITHIN GROUP (ORDER BY o), MAX(i), MAX(o)";

    private static Figures figures(ResultSet rs, int first) throws java.sql.SQLException {
        return new Figures(rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2), rs.getLong(first + 3),
                rs.getLong(first + 4));
    }

    private static void bindRange(PreparedStatement s, String tenantId, long fromMillis, long endMillis)
            throws java.sql.SQLException {
        s.setString(1, tenantId);
        s.setLong(2, fromMillis / 1000);
        s.setLong(3, endMillis / 1000);
        s.setString(4, tenantId);
        s.setLong(5, fromMillis);
        s.setLong(6, endMillis);
    }

    @Override
    public Report generate(TenantRef tenant, Map<String, String> parameters) {
        ReportParameters p = ReportParameters.of(parameters);
        Range range = p.range(LocalDate.now(clock), to -> to.minusDays(29));
        p.check();
        if (networkSchema == null) {
            throw new ConflictException("Network utilisation needs the plugin '" + NETWORK_PLUGIN
                    + "', which is not installed on this instance: there is no monitoring data to report");
        }
        services.check(tenant, NETWORK_PLUGIN);
        long fromMillis = range.from().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long endMillis = range.end().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Map<String, String> devices = new TreeMap<>();
        Map<String, Map<Integer, Object[]>> interfaces = new HashMap<>();
        Map<String, Map<Integer, Figures>> perInterface = new HashMap<>();
        Map<String, Figures> perDevice = new HashMap<>();
        db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, name FROM dotmac_network_device "
                    + "WHERE tenant_id = ?")) {
                s.setString(1, tenant.id());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        devices.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT device_id, if_index, name, descr, speed_mbps "
                    + "FROM dotmac_network_interface WHERE tenant_id = ?")) {
                s.setString(1, tenant.id());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long speed = rs.getLong(5);
                        Long speedMbps = rs.wasNull() ? null : speed;
                        interfaces.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getInt(2),
                                new Object[] { rs.getString(3) != null ? rs.getString(3) : rs.getString(4),
                                    speedMbps });
                    }
                }
            }
            // the percentiles are computed by the database: only one row per interface and device comes back
            try (PreparedStatement s = c.prepareStatement("SELECT device_id, if_index, " + FIGURES
                    + " FROM (" + VALUES + ") v GROUP BY device_id, if_index")) {
                bindRange(s, tenant.id(), fromMillis, endMillis);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        perInterface.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getInt(2),
                                figures(rs, 3));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT device_id, " + FIGURES
                    + " FROM (SELECT device_id, bucket, SUM(i) AS i, SUM(o) AS o FROM (" + VALUES + ") v "
                    + "GROUP BY device_id, bucket) d GROUP BY device_id")) {
                bindRange(s, tenant.id(), fromMillis, endMillis);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        perDevice.put(rs.getString(1), figures(rs, 2));
                    }
                }
            }
            return null;
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        devices.forEach((deviceId, name) -> {
            rows.add(row(deviceId, name, null, null, perDevice.get(deviceId), null));
            Map<Integer, Object[]> known = interfaces.getOrDefault(deviceId, Map.of());
            perInterface.getOrDefault(deviceId, Map.of()).forEach((ifIndex, f) -> {
                Object[] info = known.getOrDefault(ifIndex, new Object[2]);
                rows.add(row(deviceId, name, ifIndex, (String) info[0], f, (Long) info[1]));
            });
        });
        return new Report("network/utilisation", p.resolved(), COLUMNS, rows);
    }

    private static Map<String, Object> row(String deviceId, String device, Integer ifIndex, String name,
            Figures f, Long speedMbps) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("deviceId", deviceId);
        row.put("device", device);
        row.put("ifIndex", ifIndex);
        row.put("interface", name);
        row.put("samples", f == null ? 0L : f.samples());
        row.put("in95Bps", f == null ? null : f.in95());
        row.put("out95Bps", f == null ? null : f.out95());
        row.put("inMaxBps", f == null ? null : f.inMax());
        row.put("outMaxBps", f == null ? null : f.outMax());
        row.put("speedMbps", speedMbps);
        row.put("utilisation95", speedMbps == null || speedMbps == 0 || f == null ? null
                : BigDecimal.valueOf(Math.max(f.in95(), f.out95())).multiply(BigDecimal.valueOf(100))
                        .divide(BigDecimal.valueOf(speedMbps * 1_000_000L), 2, RoundingMode.HALF_EVEN));
        return row;
    }
}
