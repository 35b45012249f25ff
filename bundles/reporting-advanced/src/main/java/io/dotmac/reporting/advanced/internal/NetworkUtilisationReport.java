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
    private final Clock clock = Clock.systemUTC();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=" + NETWORK_PLUGIN + ")")
    volatile MigratedSchema networkSchema;

    @Activate
    public NetworkUtilisationReport(@Reference Database db, @Reference TenantServices services) {
        this.db = db;
        this.services = services;
    }

    /** Count, in and out 95th percentile, in and out maximum of one interface or device. */
    private record Figures(long samples, long in95, long out95, long inMax, long outMax) {

        /** The figures of the first {@code n} values of {@code in} and {@code out}. */
        static Figures of(long[] in, long[] out, int n) {
            long[] i = Arrays.copyOf(in, n);
            long[] o = Arrays.copyOf(out, n);
            return new Figures(n, p95(i), p95(o), max(in, n), max(out, n));
        }
    }

    private static long max(long[] values, int n) {
        long max = Long.MIN_VALUE;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, values[k]);
        }
        return max;
    }

    /**
     * The value at the 95th percentile, nearest rank (the ⌈0.95 × n⌉-th smallest), of {@code values}, which it
     * reorders: a quickselect, linear on average (a month of 5-minute values is 8,640 per interface).
     */
    static long p95(long[] values) {
        int k = Math.max(0, (int) Math.ceil(0.95 * values.length) - 1);
        int lo = 0;
        int hi = values.length - 1;
        java.util.SplittableRandom random = new java.util.SplittableRandom(values.length);
        while (lo < hi) {
            long pivot = values[lo + random.nextInt(hi - lo + 1)];
            // three-way partition: below the pivot, equal to it, above it
            int lt = lo;
            int gt = hi;
            int at = lo;
            while (at <= gt) {
                if (values[at] < pivot) {
                    swap(values, lt++, at++);
                } else if (values[at] > pivot) {
                    swap(values, at, gt--);
                } else {
                    at++;
                }
            }
            if (k < lt) {
                hi = lt - 1;
            } else if (k > gt) {
                lo = gt + 1;
            } else {
                return pivot;
            }
        }
        return values[k];
    }

    private static void swap(long[] values, int a, int b) {
        long t = values[a];
        values[a] = values[b];
        values[b] = t;
    }

    /** One interface's 5-minute values, in primitive arrays (a month of 80 interfaces is 700,000 of them). */
    private static final class Values {
        long[] buckets = new long[512];
        long[] in = new long[512];
        long[] out = new long[512];
        int n;

        void add(long bucket, long i, long o) {
            if (n == buckets.length) {
                buckets = Arrays.copyOf(buckets, n * 2);
                in = Arrays.copyOf(in, n * 2);
                out = Arrays.copyOf(out, n * 2);
            }
            buckets[n] = bucket;
            in[n] = i;
            out[n++] = o;
        }
    }

    /**
     * The device's figures: of the sum of its interfaces' values per bucket. Buckets on the 5-minute grid (as
     * network_monitoring writes them) are summed in arrays indexed by their offset; any other bucket through a map.
     */
    private static Figures device(Map<Integer, Values> interfaces) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean grid = true;
        for (Values v : interfaces.values()) {
            for (int k = 0; k < v.n; k++) {
                min = Math.min(min, v.buckets[k]);
                max = Math.max(max, v.buckets[k]);
            }
        }
        if (min > max) {
            return null;
        }
        long step = STEP_MILLIS / 1000;
        for (Values v : interfaces.values()) {
            for (int k = 0; k < v.n && grid; k++) {
                grid = (v.buckets[k] - min) % step == 0;
            }
        }
        if (grid && (max - min) / step < 4_000_000) {
            int span = (int) ((max - min) / step) + 1;
            long[] in = new long[span];
            long[] out = new long[span];
            boolean[] seen = new boolean[span];
            for (Values v : interfaces.values()) {
                for (int k = 0; k < v.n; k++) {
                    int at = (int) ((v.buckets[k] - min) / step);
                    in[at] += v.in[k];
                    out[at] += v.out[k];
                    seen[at] = true;
                }
            }
            int n = 0;
            for (int at = 0; at < span; at++) {
                if (seen[at]) {
                    in[n] = in[at];
                    out[n++] = out[at];
                }
            }
            return Figures.of(in, out, n);
        }
        Map<Long, long[]> sums = new HashMap<>();
        for (Values v : interfaces.values()) {
            for (int k = 0; k < v.n; k++) {
                long[] sum = sums.computeIfAbsent(v.buckets[k], b -> new long[2]);
                sum[0] += v.in[k];
                sum[1] += v.out[k];
            }
        }
        long[] in = new long[sums.size()];
        long[] out = new long[sums.size()];
        int k = 0;
        for (long[] sum : sums.values()) {
            in[k] = sum[0];
            out[k++] = sum[1];
        }
        return Figures.of(in, out, k);
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
        Map<String, Map<Integer, Values>> values = new HashMap<>();
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
            // rollups, then raw samples averaged per 5 minutes where no rollup holds that bucket yet
            try (PreparedStatement s = c.prepareStatement("SELECT device_id, if_index, bucket, in_avg, out_avg "
                    + "FROM dotmac_network_rollup WHERE tenant_id = ? AND bucket >= ? AND bucket < ?")) {
                s.setString(1, tenant.id());
                s.setLong(2, fromMillis / 1000);
                s.setLong(3, endMillis / 1000);
                s.setFetchSize(10_000);
                read(s, values);
            }
            String bucket = "s.ts / " + STEP_MILLIS + " * " + STEP_MILLIS / 1000;
            try (PreparedStatement s = c.prepareStatement("SELECT s.device_id, s.if_index, " + bucket + ", "
                    + "CAST(ROUND(AVG(s.in_bps)) AS BIGINT), CAST(ROUND(AVG(s.out_bps)) AS BIGINT) "
                    + "FROM dotmac_network_sample s WHERE s.tenant_id = ? AND s.ts >= ? AND s.ts < ? AND NOT EXISTS "
                    + "(SELECT 1 FROM dotmac_network_rollup r WHERE r.device_id = s.device_id "
                    + "AND r.if_index = s.if_index AND r.bucket = " + bucket + ") "
                    + "GROUP BY s.device_id, s.if_index, " + bucket)) {
                s.setString(1, tenant.id());
                s.setLong(2, fromMillis);
                s.setLong(3, endMillis);
                s.setFetchSize(10_000);
                read(s, values);
            }
            return null;
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        devices.forEach((deviceId, name) -> {
            Map<Integer, Values> perInterface = new TreeMap<>(values.getOrDefault(deviceId, Map.of()));
            rows.add(row(deviceId, name, null, null, device(perInterface), null));
            Map<Integer, Object[]> known = interfaces.getOrDefault(deviceId, Map.of());
            perInterface.forEach((ifIndex, v) -> {
                Object[] info = known.getOrDefault(ifIndex, new Object[2]);
                rows.add(row(deviceId, name, ifIndex, (String) info[0], Figures.of(v.in, v.out, v.n),
                        (Long) info[1]));
            });
        });
        return new Report("network/utilisation", p.resolved(), COLUMNS, rows);
    }

    private static void read(PreparedStatement s, Map<String, Map<Integer, Values>> values)
            throws java.sql.SQLException {
        try (ResultSet rs = s.executeQuery()) {
            String device = null;
            Map<Integer, Values> perInterface = null;
            while (rs.next()) {
                String d = rs.getString(1);
                if (!d.equals(device)) {
                    device = d;
                    perInterface = values.computeIfAbsent(d, k -> new HashMap<>());
                }
                perInterface.computeIfAbsent(rs.getInt(2), k -> new Values()).add(rs.getLong(3), rs.getLong(4),
                        rs.getLong(5));
            }
        }
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
