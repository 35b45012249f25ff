package io.dotmac.reporting.advanced.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Without network_monitoring installed the report says so (409); a tenant without it gets its 403.
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

    /** The value at the 95th percentile, nearest rank, of {@code values} (sorted here). */
    static long p95(long[] values) {
        Arrays.sort(values);
        int rank = (int) Math.ceil(0.95 * values.length);
        return values[Math.max(0, rank - 1)];
    }

    private static final class Series {
        final Map<Long, long[]> buckets = new TreeMap<>();

        void put(long bucket, long in, long out) {
            buckets.put(bucket, new long[] { in, out });
        }

        void add(long bucket, long in, long out) {
            long[] v = buckets.computeIfAbsent(bucket, k -> new long[2]);
            v[0] += in;
            v[1] += out;
        }

        long[] column(int i) {
            return buckets.values().stream().mapToLong(v -> v[i]).toArray();
        }
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
        Map<String, Map<Integer, Series>> series = new HashMap<>();
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
            // raw samples first, then rollups over them: a bucket in both (folded meanwhile) counts once
            try (PreparedStatement s = c.prepareStatement("SELECT device_id, if_index, ts / " + STEP_MILLIS
                    + ", AVG(in_bps), AVG(out_bps) FROM dotmac_network_sample WHERE tenant_id = ? AND ts >= ? "
                    + "AND ts < ? GROUP BY device_id, if_index, ts / " + STEP_MILLIS)) {
                s.setString(1, tenant.id());
                s.setLong(2, fromMillis);
                s.setLong(3, endMillis);
                s.setFetchSize(5000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        series.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                                .computeIfAbsent(rs.getInt(2), k -> new Series())
                                .put(rs.getLong(3) * STEP_MILLIS / 1000, Math.round(rs.getDouble(4)),
                                        Math.round(rs.getDouble(5)));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT device_id, if_index, bucket, in_avg, out_avg "
                    + "FROM dotmac_network_rollup WHERE tenant_id = ? AND bucket >= ? AND bucket < ?")) {
                s.setString(1, tenant.id());
                s.setLong(2, fromMillis / 1000);
                s.setLong(3, endMillis / 1000);
                s.setFetchSize(5000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        series.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                                .computeIfAbsent(rs.getInt(2), k -> new Series())
                                .put(rs.getLong(3), rs.getLong(4), rs.getLong(5));
                    }
                }
            }
            return null;
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        devices.forEach((deviceId, name) -> {
            Map<Integer, Series> perInterface = new TreeMap<>(series.getOrDefault(deviceId, Map.of()));
            Series total = new Series();
            perInterface.values().forEach(sr -> sr.buckets.forEach((b, v) -> total.add(b, v[0], v[1])));
            rows.add(row(deviceId, name, null, null, total, null));
            Map<Integer, Object[]> known = interfaces.getOrDefault(deviceId, Map.of());
            perInterface.forEach((ifIndex, sr) -> {
                Object[] info = known.getOrDefault(ifIndex, new Object[2]);
                rows.add(row(deviceId, name, ifIndex, (String) info[0], sr, (Long) info[1]));
            });
        });
        return new Report("network/utilisation", p.resolved(), COLUMNS, rows);
    }

    private static Map<String, Object> row(String deviceId, String device, Integer ifIndex, String name,
            Series series, Long speedMbps) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("deviceId", deviceId);
        row.put("device", device);
        row.put("ifIndex", ifIndex);
        row.put("interface", name);
        long[] in = series.column(0);
        long[] out = series.column(1);
        row.put("samples", (long) in.length);
        Long in95 = in.length == 0 ? null : p95(in);
        Long out95 = out.length == 0 ? null : p95(out);
        row.put("in95Bps", in95);
        row.put("out95Bps", out95);
        row.put("inMaxBps", in.length == 0 ? null : in[in.length - 1]);
        row.put("outMaxBps", out.length == 0 ? null : out[out.length - 1]);
        row.put("speedMbps", speedMbps);
        row.put("utilisation95", speedMbps == null || speedMbps == 0 || in95 == null ? null
                : BigDecimal.valueOf(Math.max(in95, out95)).multiply(BigDecimal.valueOf(100))
                        .divide(BigDecimal.valueOf(speedMbps * 1_000_000L), 2, RoundingMode.HALF_EVEN));
        return row;
    }
}
