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
import java.util.LinkedHashMap;
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
import io.dotmac.network.monitoring.DeviceSummary;
import io.dotmac.network.monitoring.HistoryPoint;
import io.dotmac.network.monitoring.InterfaceStatus;
import io.dotmac.network.monitoring.NetworkEvents;
import io.dotmac.network.monitoring.Outage;
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

    /** The tenant's devices counted by status. */
    static DeviceSummary summary(Connection c, TenantRef tenant) throws SQLException {
        Map<String, Integer> byStatus = new TreeMap<>();
        int total = 0;
        try (PreparedStatement s = c.prepareStatement("SELECT status, COUNT(*) FROM " + TABLE
                + " WHERE tenant_id = ? GROUP BY status")) {
            s.setString(1, tenant.id());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    byStatus.put(rs.getString(1), rs.getInt(2));
                    total += rs.getInt(2);
                }
            }
        }
        return new DeviceSummary(total, byStatus);
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
        for (String table : List.of("dotmac_network_sample", "dotmac_network_rollup", "dotmac_network_interface",
                "dotmac_network_outage")) {
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

    /** The device's outages overlapping {@code [from, to)}, oldest first. */
    static List<Outage> outages(Connection c, TenantRef tenant, String deviceId, Instant from, Instant to)
            throws SQLException {
        List<Outage> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT if_index, started_at, ended_at, reason FROM "
                + "dotmac_network_outage WHERE tenant_id = ? AND device_id = ? AND started_at < ? "
                + "AND (ended_at IS NULL OR ended_at > ?) ORDER BY started_at, if_index")) {
            s.setString(1, tenant.id());
            s.setString(2, deviceId);
            s.setTimestamp(3, Timestamp.from(to));
            s.setTimestamp(4, Timestamp.from(from));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp end = rs.getTimestamp(3);
                    out.add(new Outage(deviceId, rs.getInt(1), rs.getTimestamp(2).toInstant(),
                            end == null ? null : end.toInstant(), rs.getString(4)));
                }
            }
        }
        return out;
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

    /** Rows per multi-row statement: 250 rows of 23 values stay far below PostgreSQL's 32,767 parameters. */
    static final int ROWS_PER_STATEMENT = 250;

    /**
     * Stores the observations of several polls in the caller's transaction (across tenants): the devices' state
     * in one batch, their interfaces as multi-row upserts and their samples as multi-row inserts.
     *
     * @param vendor {@code h2} or {@code postgresql}: the upsert is written in each one's dialect
     */
    static List<Observation> write(Connection c, String vendor, List<Observation> observations) throws SQLException {
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
        writeInterfaces(c, vendor, stored);
        writeOutages(c, stored);
        // two polls of a device may fall in one second (a poll now, or a late one): one sample per second, the last
        Map<String, Object[]> samples = new LinkedHashMap<>();
        for (Observation o : stored) {
            for (Sample x : o.samples()) {
                samples.put(o.deviceId() + "/" + x.ifIndex() + "/" + x.ts(), new Object[] {o.tenant().id(),
                    o.deviceId(), x.ifIndex(), x.ts(), x.inBps(), x.outBps(), x.inErrors(), x.outErrors(),
                    x.inDiscards(), x.outDiscards()});
            }
        }
        String sampleColumns = "tenant_id, device_id, if_index, ts, in_bps, out_bps, in_errors, out_errors, "
                + "in_discards, out_discards";
        if ("postgresql".equals(vendor)) {
            insertRows(c, "INSERT INTO dotmac_network_sample (" + sampleColumns + ") VALUES ",
                    " ON CONFLICT (device_id, if_index, ts) DO NOTHING", new ArrayList<>(samples.values()));
        } else {
            insertRows(c, "MERGE INTO dotmac_network_sample (" + sampleColumns + ") KEY (device_id, if_index, ts) "
                    + "VALUES ", "", new ArrayList<>(samples.values()));
        }
        return stored;
    }

    /**
     * The outage log: a DOWN event opens an outage of the device (if_index 0) or interface from the event's
     * {@link NetworkEvents#SINCE}; an UP event ends the open one at the poll that saw it up.
     */
    private static void writeOutages(Connection c, List<Observation> stored) throws SQLException {
        try (PreparedStatement open = c.prepareStatement("INSERT INTO dotmac_network_outage (tenant_id, device_id, "
                + "if_index, started_at, reason) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement close = c.prepareStatement("UPDATE dotmac_network_outage SET ended_at = ? "
                + "WHERE tenant_id = ? AND device_id = ? AND if_index = ? AND ended_at IS NULL")) {
            boolean opened = false;
            boolean closed = false;
            for (Observation o : stored) {
                for (Observation.Event e : o.events()) {
                    Object ifIndex = e.properties().get(NetworkEvents.IF_INDEX);
                    int index = ifIndex instanceof Integer i ? i : 0;
                    switch (e.topic()) {
                    case NetworkEvents.DEVICE_DOWN, NetworkEvents.INTERFACE_DOWN -> {
                        Object since = e.properties().get(NetworkEvents.SINCE);
                        open.setString(1, o.tenant().id());
                        open.setString(2, o.deviceId());
                        open.setInt(3, index);
                        open.setTimestamp(4, Timestamp.from(since instanceof Long ms ? Instant.ofEpochMilli(ms)
                                : o.at()));
                        open.setString(5, cut(index == 0 ? o.reason() : "interface not up", 1000));
                        open.addBatch();
                        opened = true;
                    }
                    case NetworkEvents.DEVICE_UP, NetworkEvents.INTERFACE_UP -> {
                        close.setTimestamp(1, Timestamp.from(o.at()));
                        close.setString(2, o.tenant().id());
                        close.setString(3, o.deviceId());
                        close.setInt(4, index);
                        close.addBatch();
                        closed = true;
                    }
                    default -> {
                    }
                    }
                }
            }
            if (closed) {
                close.executeBatch();
            }
            if (opened) {
                open.executeBatch();
            }
        }
    }

    private static final String IF_COLUMNS = "tenant_id, device_id, if_index, name, descr, admin_status, "
            + "oper_status, status, down_polls, speed_mbps, in_bps, out_bps, in_errors, out_errors, in_discards, "
            + "out_discards, in_octets_raw, out_octets_raw, in_errors_raw, out_errors_raw, in_disc_raw, out_disc_raw, "
            + "updated_at";

    /** SQL types of {@link #IF_COLUMNS} for their nulls (name and descr are text, the rest numbers). */
    private static final int[] IF_NULL_TYPES = {Types.VARCHAR, Types.VARCHAR, Types.INTEGER, Types.VARCHAR,
        Types.VARCHAR};

    /** Every interface row of {@code stored}, inserted or replaced: {@code MERGE ... KEY} on H2, ON CONFLICT on PG. */
    private static void writeInterfaces(Connection c, String vendor, List<Observation> stored) throws SQLException {
        // a batch may hold two polls of one device: its interfaces as the later one left them (an upsert may not
        // touch a row twice)
        Map<String, Object[]> latest = new LinkedHashMap<>();
        for (Observation o : stored) {
            Timestamp at = Timestamp.from(o.at());
            for (IfRow r : o.interfaces()) {
                latest.put(o.deviceId() + "/" + r.ifIndex(), new Object[] {o.tenant().id(), o.deviceId(), r.ifIndex(), cut(r.name(), 255),
                    cut(r.descr(), 255), r.adminStatus(), r.operStatus(), r.status(), r.downPolls(), r.speedMbps(),
                    r.inBps(), r.outBps(), r.inErrors(), r.outErrors(), r.inDiscards(), r.outDiscards(),
                    r.inOctetsRaw(), r.outOctetsRaw(), r.inErrorsRaw(), r.outErrorsRaw(), r.inDiscardsRaw(),
                    r.outDiscardsRaw(), at});
            }
        }
        List<Object[]> rows = new ArrayList<>(latest.values());
        if ("postgresql".equals(vendor)) {
            StringBuilder update = new StringBuilder(" ON CONFLICT (device_id, if_index) DO UPDATE SET ");
            String[] columns = IF_COLUMNS.split(", ");
            for (int i = 3; i < columns.length; i++) {
                update.append(i > 3 ? ", " : "").append(columns[i]).append(" = EXCLUDED.").append(columns[i]);
            }
            insertRows(c, "INSERT INTO dotmac_network_interface (" + IF_COLUMNS + ") VALUES ", update.toString(),
                    rows, IF_NULL_TYPES);
        } else {
            insertRows(c, "MERGE INTO dotmac_network_interface (" + IF_COLUMNS + ") KEY (device_id, if_index) "
                    + "VALUES ", "", rows, IF_NULL_TYPES);
        }
    }

    /**
     * {@code head (?, ...), (?, ...), ... tail} for {@code rows}, {@link #ROWS_PER_STATEMENT} rows per statement; a
     * {@code null} in column k is sent as {@code nullTypes[k]} (BIGINT by default).
     */
    private static void insertRows(Connection c, String head, String tail, List<Object[]> rows, int... nullTypes)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int width = rows.get(0).length;
        String one = "(" + "?, ".repeat(width - 1) + "?)";
        PreparedStatement full = null;
        try {
            for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
                int n = Math.min(ROWS_PER_STATEMENT, rows.size() - from);
                PreparedStatement s;
                if (n == ROWS_PER_STATEMENT && full != null) {
                    s = full;
                } else {
                    StringBuilder sql = new StringBuilder(head);
                    for (int i = 0; i < n; i++) {
                        sql.append(i > 0 ? ", " : "").append(one);
                    }
                    s = c.prepareStatement(sql.append(tail).toString());
                    if (n == ROWS_PER_STATEMENT) {
                        full = s;
                    }
                }
                int p = 1;
                for (int i = from; i < from + n; i++) {
                    Object[] row = rows.get(i);
                    for (int k = 0; k < row.length; k++) {
                        Object v = row[k];
                        if (v == null) {
                            s.setNull(p++, nullTypes.length > k ? nullTypes[k] : Types.BIGINT);
                        } else if (v instanceof String str) {
                            s.setString(p++, str);
                        } else if (v instanceof Integer x) {
                            s.setInt(p++, x);
                        } else if (v instanceof Long x) {
                            s.setLong(p++, x);
                        } else {
                            s.setTimestamp(p++, (Timestamp) v);
                        }
                    }
                }
                s.executeUpdate();
                if (s != full) {
                    s.close();
                }
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
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
        String raw = "SELECT (ts / " + step * 1000 + ") * " + step + " AS b, COUNT(*), SUM(in_bps), MAX(in_bps), "
                + "SUM(out_bps), MAX(out_bps), SUM(in_errors), SUM(out_errors), SUM(in_discards), SUM(out_discards) "
                + "FROM dotmac_network_sample WHERE tenant_id = ? AND device_id = ? AND if_index = ? AND ts >= ? "
                + "AND ts < ? GROUP BY (ts / " + step * 1000 + ") * " + step;
        String rolled = "SELECT (bucket / " + step + ") * " + step + " AS b, SUM(samples), SUM(in_avg * samples), "
                + "MAX(in_max), SUM(out_avg * samples), MAX(out_max), SUM(in_errors), SUM(out_errors), "
                + "SUM(in_discards), SUM(out_discards) FROM dotmac_network_rollup WHERE tenant_id = ? AND "
                + "device_id = ? AND if_index = ? AND bucket >= ? AND bucket < ? GROUP BY (bucket / " + step + ") * "
                + step;
        for (String sql : List.of(raw, rolled)) {
            long scale = sql == raw ? 1000 : 1; // raw samples are in milliseconds, rollups in seconds
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, tenant.id());
                s.setString(2, id);
                s.setInt(3, ifIndex);
                s.setLong(4, from * scale);
                s.setLong(5, to * scale);
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
