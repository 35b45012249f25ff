package io.dotmac.network.monitoring.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dotmac.network.monitoring.Device;
import io.dotmac.network.monitoring.DeviceStatus;
import io.dotmac.network.monitoring.HistoryPoint;
import io.dotmac.network.monitoring.InterfaceStatus;
import io.dotmac.network.monitoring.internal.Observation.IfRow;
import io.dotmac.network.monitoring.internal.Observation.Sample;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.security.Secrets;
import io.dotmac.snmp.AuthProtocol;
import io.dotmac.snmp.PrivProtocol;
import io.dotmac.snmp.SnmpTarget;
import io.dotmac.snmp.SnmpVersion;
import io.dotmac.snmp.UsmCredentials;

/**
 * The tables of network monitoring, in SQL: devices (with their sealed secrets), interfaces, samples and
 * rollups. Every statement that serves a tenant names its {@code tenant_id}.
 */
@Component(service = DeviceStore.class, configurationPid = "io.dotmac.network.monitoring")
public class DeviceStore {

    static final String TABLE = "dotmac_network_device";
    static final String COLUMNS = "id, name, address, port, version, snmp_user, auth_protocol, priv_protocol, "
            + "poll_interval_s, timeout_ms, retries, site, customer_id, tags, created_at, updated_at";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The secrets of a device, sealed as JSON. */
    record Secret(String community, String authPassphrase, String privPassphrase) {
    }

    /** A device row with its secrets opened: what polling needs. */
    record Stored(Device device, Secret secret) {
    }

    private final Database db;
    private final Secrets secrets;
    private volatile Secrets.Sealer sealer;

    @Activate
    public DeviceStore(@Reference Database db, @Reference Secrets secrets,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=network_monitoring)") MigratedSchema schema,
            MonitoringConfig config) {
        this.db = db;
        this.secrets = secrets;
        modified(config);
    }

    @Modified
    void modified(MonitoringConfig config) {
        this.sealer = secrets.sealer(config.keyFile());
    }

    Database db() {
        return db;
    }

    String seal(Secret secret) {
        try {
            return sealer.seal(JSON.writeValueAsString(secret));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Secret open(String sealed) {
        try {
            return JSON.readValue(sealer.open(sealed), Secret.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a device's stored credentials are not readable", e);
        }
    }

    static SnmpTarget target(Device d, Secret s) {
        if ("v3".equals(d.version())) {
            UsmCredentials usm = new UsmCredentials(d.snmpUser(),
                    d.authProtocol() == null ? null : AuthProtocol.valueOf(d.authProtocol()), s.authPassphrase(),
                    d.privProtocol() == null ? null : PrivProtocol.valueOf(d.privProtocol()), s.privPassphrase());
            return new SnmpTarget(d.address(), d.port(), SnmpVersion.V3, null, usm, d.timeoutMillis(), d.retries());
        }
        return new SnmpTarget(d.address(), d.port(), SnmpVersion.V2C, s.community(), null, d.timeoutMillis(),
                d.retries());
    }

    static DeviceTracker.Settings settings(Stored s) {
        Device d = s.device();
        return new DeviceTracker.Settings(d.name(), d.address(), target(d, s.secret()), d.pollIntervalSeconds());
    }

    // ---- devices

    static Device map(ResultSet rs) throws SQLException {
        String tags = rs.getString("tags");
        return new Device(rs.getString("id"), rs.getString("name"), rs.getString("address"), rs.getInt("port"),
                rs.getString("version"), rs.getString("snmp_user"), rs.getString("auth_protocol"),
                rs.getString("priv_protocol"), rs.getInt("poll_interval_s"), rs.getInt("timeout_ms"),
                rs.getInt("retries"), rs.getString("site"), rs.getString("customer_id"),
                tags == null || tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    static String tags(List<String> tags) {
        return tags == null || tags.isEmpty() ? null : String.join(",", tags);
    }

    static void insert(Connection c, TenantRef tenant, Device d, String sealed) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE + " (id, tenant_id, name, address, "
                + "port, version, snmp_user, auth_protocol, priv_protocol, credentials_enc, poll_interval_s, "
                + "timeout_ms, retries, site, customer_id, tags, created_at, updated_at, status, failures) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'UNKNOWN', 0)")) {
            s.setString(1, d.id());
            s.setString(2, tenant.id());
            s.setString(3, d.name());
            s.setString(4, d.address());
            s.setInt(5, d.port());
            s.setString(6, d.version());
            s.setString(7, d.snmpUser());
            s.setString(8, d.authProtocol());
            s.setString(9, d.privProtocol());
            s.setString(10, sealed);
            s.setInt(11, d.pollIntervalSeconds());
            s.setInt(12, d.timeoutMillis());
            s.setInt(13, d.retries());
            s.setString(14, d.site());
            s.setString(15, d.customerId());
            s.setString(16, tags(d.tags()));
            s.setTimestamp(17, Timestamp.from(d.createdAt()));
            s.setTimestamp(18, Timestamp.from(d.updatedAt()));
            s.executeUpdate();
        }
    }

    static void update(Connection c, TenantRef tenant, Device d, String sealed) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + TABLE + " SET name = ?, address = ?, port = ?, "
                + "version = ?, snmp_user = ?, auth_protocol = ?, priv_protocol = ?, credentials_enc = ?, "
                + "poll_interval_s = ?, timeout_ms = ?, retries = ?, site = ?, customer_id = ?, tags = ?, "
                + "updated_at = ? WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, d.name());
            s.setString(2, d.address());
            s.setInt(3, d.port());
            s.setString(4, d.version());
            s.setString(5, d.snmpUser());
            s.setString(6, d.authProtocol());
            s.setString(7, d.privProtocol());
            s.setString(8, sealed);
            s.setInt(9, d.pollIntervalSeconds());
            s.setInt(10, d.timeoutMillis());
            s.setInt(11, d.retries());
            s.setString(12, d.site());
            s.setString(13, d.customerId());
            s.setString(14, tags(d.tags()));
            s.setTimestamp(15, Timestamp.from(d.updatedAt()));
            s.setString(16, tenant.id());
            s.setString(17, d.id());
            s.executeUpdate();
        }
    }

    /** The device with its sealed secrets, locked for update when {@code lock}. */
    Stored find(Connection c, TenantRef tenant, String id, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + ", credentials_enc FROM " + TABLE
                + " WHERE tenant_id = ? AND id = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("No device " + id);
                }
                return new Stored(map(rs), open(rs.getString("credentials_enc")));
            }
        }
    }

    static String idByAddress(Connection c, TenantRef tenant, String address) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM " + TABLE
                + " WHERE tenant_id = ? AND address = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, address);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static Map<String, String> idsByAddress(Connection c, TenantRef tenant) throws SQLException {
        Map<String, String> ids = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT address, id FROM " + TABLE + " WHERE tenant_id = ?")) {
            s.setString(1, tenant.id());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return ids;
    }

    static Page<Device> list(Connection c, TenantRef tenant, String site, String tag, int limit, String cursor)
            throws SQLException {
        PagedQuery q = PagedQuery.of(COLUMNS, TABLE, tenant.id());
        if (site != null) {
            q.where("site = ?", site);
        }
        if (tag != null) {
            q.where("',' || tags || ',' LIKE ?", "%," + tag + ",%");
        }
        return q.fetch(c, DeviceStore::map, Device::id, limit, cursor);
    }

    static void delete(Connection c, TenantRef tenant, String id) throws SQLException {
        for (String table : List.of("dotmac_network_sample", "dotmac_network_rollup", "dotmac_network_interface")) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table
                    + " WHERE tenant_id = ? AND device_id = ?")) {
                s.setString(1, tenant.id());
                s.setString(2, id);
                s.executeUpdate();
            }
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + TABLE + " WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            if (s.executeUpdate() == 0) {
                throw new NotFoundException("No device " + id);
            }
        }
    }

    // ---- polling state

    /** Every device of {@code tenant} with its tracker seeded from the stored state. */
    List<DeviceTracker> trackers(Connection c, TenantRef tenant) throws SQLException {
        Map<String, List<IfRow>> rows = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM dotmac_network_interface WHERE tenant_id = ?")) {
            s.setString(1, tenant.id());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.computeIfAbsent(rs.getString("device_id"), k -> new ArrayList<>()).add(ifRow(rs));
                }
            }
        }
        List<DeviceTracker> trackers = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + ", credentials_enc, status, failures, "
                + "sys_uptime, last_success_at FROM " + TABLE + " WHERE tenant_id = ? ORDER BY id")) {
            s.setString(1, tenant.id());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Stored stored = new Stored(map(rs), open(rs.getString("credentials_enc")));
                    DeviceTracker t = new DeviceTracker(stored.device().id(), tenant, settings(stored));
                    Long uptime = getLong(rs, "sys_uptime");
                    Timestamp ok = rs.getTimestamp("last_success_at");
                    t.seed(rs.getString("status"), rs.getInt("failures"), uptime, ok == null ? null : ok.toInstant(),
                            rows.getOrDefault(t.id, List.of()));
                    trackers.add(t);
                }
            }
        }
        return trackers;
    }

    private static IfRow ifRow(ResultSet rs) throws SQLException {
        return new IfRow(rs.getInt("if_index"), rs.getString("name"), rs.getString("descr"),
                rs.getInt("admin_status"), rs.getInt("oper_status"), rs.getString("status"), rs.getInt("down_polls"),
                getLong(rs, "speed_mbps"), getLong(rs, "in_bps"), getLong(rs, "out_bps"), getLong(rs, "in_errors"),
                getLong(rs, "out_errors"), getLong(rs, "in_discards"), getLong(rs, "out_discards"),
                getLong(rs, "in_octets_raw"), getLong(rs, "out_octets_raw"), getLong(rs, "in_errors_raw"),
                getLong(rs, "out_errors_raw"), getLong(rs, "in_disc_raw"), getLong(rs, "out_disc_raw"));
    }

    static Long getLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }

    /** Stores the observations of several polls in the caller's transaction (across tenants). */
    static List<Observation> write(Connection c, List<Observation> observations) throws SQLException {
        List<Observation> stored = new ArrayList<>(observations.size());
        try (PreparedStatement ok = c.prepareStatement("UPDATE " + TABLE + " SET status = ?, failures = 0, "
                + "last_poll_at = ?, last_success_at = ?, last_error = NULL, sys_uptime = ?, sys_name = ?, "
                + "sys_descr = ? WHERE tenant_id = ? AND id = ?");
             PreparedStatement failed = c.prepareStatement("UPDATE " + TABLE + " SET status = ?, failures = ?, "
                + "last_poll_at = ?, last_error = ? WHERE tenant_id = ? AND id = ?")) {
            for (Observation o : observations) {
                if (o.success()) {
                    ok.setString(1, o.status());
                    ok.setTimestamp(2, Timestamp.from(o.at()));
                    ok.setTimestamp(3, Timestamp.from(o.at()));
                    ok.setLong(4, o.sysUptime());
                    ok.setString(5, cut(o.sysName(), 255));
                    ok.setString(6, cut(o.sysDescr(), 1000));
                    ok.setString(7, o.tenant().id());
                    ok.setString(8, o.deviceId());
                    ok.addBatch();
                } else {
                    failed.setString(1, o.status());
                    failed.setInt(2, o.failures());
                    failed.setTimestamp(3, Timestamp.from(o.at()));
                    failed.setString(4, cut(o.reason(), 1000));
                    failed.setString(5, o.tenant().id());
                    failed.setString(6, o.deviceId());
                    failed.addBatch();
                }
            }
            int[] okCounts = ok.executeBatch();
            int[] failedCounts = failed.executeBatch();
            int i = 0;
            int j = 0;
            for (Observation o : observations) {
                int n = o.success() ? okCounts[i++] : failedCounts[j++];
                if (n > 0) {
                    stored.add(o); // else the device was deleted meanwhile
                }
            }
        }
        writeInterfaces(c, stored);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_network_sample (tenant_id, device_id, "
                + "if_index, ts, in_bps, out_bps, in_errors, out_errors, in_discards, out_discards) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (Observation o : stored) {
                for (Sample x : o.samples()) {
                    s.setString(1, o.tenant().id());
                    s.setString(2, o.deviceId());
                    s.setInt(3, x.ifIndex());
                    s.setLong(4, x.ts());
                    setLong(s, 5, x.inBps());
                    setLong(s, 6, x.outBps());
                    setLong(s, 7, x.inErrors());
                    setLong(s, 8, x.outErrors());
                    setLong(s, 9, x.inDiscards());
                    setLong(s, 10, x.outDiscards());
                    s.addBatch();
                    n++;
                }
            }
            if (n > 0) {
                s.executeBatch();
            }
        }
        return stored;
    }

    private static void writeInterfaces(Connection c, List<Observation> stored) throws SQLException {
        List<Object[]> missing = new ArrayList<>();
        String set = "name = ?, descr = ?, admin_status = ?, oper_status = ?, status = ?, down_polls = ?, "
                + "speed_mbps = ?, in_bps = ?, out_bps = ?, in_errors = ?, out_errors = ?, in_discards = ?, "
                + "out_discards = ?, in_octets_raw = ?, out_octets_raw = ?, in_errors_raw = ?, out_errors_raw = ?, "
                + "in_disc_raw = ?, out_disc_raw = ?, updated_at = ?";
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_network_interface SET " + set
                + " WHERE tenant_id = ? AND device_id = ? AND if_index = ?")) {
            List<Object[]> order = new ArrayList<>();
            for (Observation o : stored) {
                for (IfRow r : o.interfaces()) {
                    int i = bindRow(s, r, o.at());
                    s.setString(i++, o.tenant().id());
                    s.setString(i++, o.deviceId());
                    s.setInt(i, r.ifIndex());
                    s.addBatch();
                    order.add(new Object[] {o, r});
                }
            }
            if (order.isEmpty()) {
                return;
            }
            int[] counts = s.executeBatch();
            for (int k = 0; k < counts.length; k++) {
                if (counts[k] == 0) {
                    missing.add(order.get(k));
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_network_interface (name, descr, "
                + "admin_status, oper_status, status, down_polls, speed_mbps, in_bps, out_bps, in_errors, out_errors, "
                + "in_discards, out_discards, in_octets_raw, out_octets_raw, in_errors_raw, out_errors_raw, "
                + "in_disc_raw, out_disc_raw, updated_at, tenant_id, device_id, if_index) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Object[] m : missing) {
                Observation o = (Observation) m[0];
                IfRow r = (IfRow) m[1];
                int i = bindRow(s, r, o.at());
                s.setString(i++, o.tenant().id());
                s.setString(i++, o.deviceId());
                s.setInt(i, r.ifIndex());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static int bindRow(PreparedStatement s, IfRow r, Instant at) throws SQLException {
        int i = 1;
        s.setString(i++, cut(r.name(), 255));
        s.setString(i++, cut(r.descr(), 255));
        s.setInt(i++, r.adminStatus());
        s.setInt(i++, r.operStatus());
        s.setString(i++, r.status());
        s.setInt(i++, r.downPolls());
        setLong(s, i++, r.speedMbps());
        setLong(s, i++, r.inBps());
        setLong(s, i++, r.outBps());
        setLong(s, i++, r.inErrors());
        setLong(s, i++, r.outErrors());
        setLong(s, i++, r.inDiscards());
        setLong(s, i++, r.outDiscards());
        setLong(s, i++, r.inOctetsRaw());
        setLong(s, i++, r.outOctetsRaw());
        setLong(s, i++, r.inErrorsRaw());
        setLong(s, i++, r.outErrorsRaw());
        setLong(s, i++, r.inDiscardsRaw());
        setLong(s, i++, r.outDiscardsRaw());
        s.setTimestamp(i++, Timestamp.from(at));
        return i;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    // ---- status and history

    static DeviceStatus status(Connection c, TenantRef tenant, String id) throws SQLException {
        DeviceStatus head;
        try (PreparedStatement s = c.prepareStatement("SELECT id, name, address, status, last_error, failures, "
                + "last_poll_at, last_success_at, sys_uptime, sys_name, sys_descr FROM " + TABLE
                + " WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("No device " + id);
                }
                Timestamp poll = rs.getTimestamp("last_poll_at");
                Timestamp ok = rs.getTimestamp("last_success_at");
                Long uptime = getLong(rs, "sys_uptime");
                head = new DeviceStatus(rs.getString("id"), rs.getString("name"), rs.getString("address"),
                        rs.getString("status"), rs.getString("last_error"), rs.getInt("failures"),
                        poll == null ? null : poll.toInstant(), ok == null ? null : ok.toInstant(),
                        uptime == null ? null : uptime / 100, rs.getString("sys_name"), rs.getString("sys_descr"),
                        List.of());
            }
        }
        List<InterfaceStatus> interfaces = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM dotmac_network_interface WHERE tenant_id = ? "
                + "AND device_id = ? ORDER BY if_index")) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    IfRow r = ifRow(rs);
                    interfaces.add(new InterfaceStatus(r.ifIndex(), r.name(), r.descr(),
                            Statuses.name(r.adminStatus()), Statuses.name(r.operStatus()), r.status(), r.speedMbps(),
                            r.inBps(), r.outBps(), r.inErrors(), r.outErrors(), r.inDiscards(), r.outDiscards(),
                            rs.getTimestamp("updated_at").toInstant()));
                }
            }
        }
        return new DeviceStatus(head.deviceId(), head.name(), head.address(), head.status(), head.reason(),
                head.consecutiveFailures(), head.lastPollAt(), head.lastSuccessAt(), head.uptimeSeconds(),
                head.sysName(), head.sysDescr(), interfaces);
    }

    /**
     * Points of width {@code step} seconds in {@code [from, to)}: raw samples and rollups together (a rollup is
     * weighted by its sample count). {@code step} is a validated number, written into the SQL.
     */
    static List<HistoryPoint> history(Connection c, TenantRef tenant, String id, int ifIndex, long from, long to,
            long step) throws SQLException {
        Map<Long, long[]> points = new TreeMap<>();
        String raw = "SELECT (ts / " + step + ") * " + step + " AS b, COUNT(*), SUM(in_bps), MAX(in_bps), "
                + "SUM(out_bps), MAX(out_bps), SUM(in_errors), SUM(out_errors), SUM(in_discards), SUM(out_discards) "
                + "FROM dotmac_network_sample WHERE tenant_id = ? AND device_id = ? AND if_index = ? AND ts >= ? "
                + "AND ts < ? GROUP BY (ts / " + step + ") * " + step;
        String rolled = "SELECT (bucket / " + step + ") * " + step + " AS b, SUM(samples), SUM(in_avg * samples), "
                + "MAX(in_max), SUM(out_avg * samples), MAX(out_max), SUM(in_errors), SUM(out_errors), "
                + "SUM(in_discards), SUM(out_discards) FROM dotmac_network_rollup WHERE tenant_id = ? AND "
                + "device_id = ? AND if_index = ? AND bucket >= ? AND bucket < ? GROUP BY (bucket / " + step + ") * "
                + step;
        for (String sql : List.of(raw, rolled)) {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, tenant.id());
                s.setString(2, id);
                s.setInt(3, ifIndex);
                s.setLong(4, from);
                s.setLong(5, to);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long[] p = points.computeIfAbsent(rs.getLong(1), k -> new long[9]);
                        p[0] += rs.getLong(2);
                        p[1] += rs.getLong(3);
                        p[2] = Math.max(p[2], rs.getLong(4));
                        p[3] += rs.getLong(5);
                        p[4] = Math.max(p[4], rs.getLong(6));
                        for (int k = 5; k < 9; k++) {
                            p[k] += rs.getLong(k + 2);
                        }
                    }
                }
            }
        }
        List<HistoryPoint> out = new ArrayList<>(points.size());
        for (Map.Entry<Long, long[]> e : points.entrySet()) {
            long[] p = e.getValue();
            long n = Math.max(1, p[0]);
            out.add(new HistoryPoint(Instant.ofEpochSecond(e.getKey()), p[0], Math.round((double) p[1] / n), p[2],
                    Math.round((double) p[3] / n), p[4], p[5], p[6], p[7], p[8]));
        }
        return out;
    }
}
