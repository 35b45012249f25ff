package io.dotmac.radius.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.dotmac.persistence.PagedQuery;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;

/** The rows of radius_aaa, on the caller's tenant-bound connection: every statement is scoped by tenant. */
final class RadiusStore {

    private static final String ACCOUNT = "id, subscription_id, customer_id, kind, username, login, password, vlan, "
            + "status, plan_id, download_mbps, upload_mbps, created_at";
    private static final String NAS = "id, name, address, type, coa_port, created_at";
    private static final String COA = "id, account_id, subscription_id, nas_address, session_id, kind, reason, "
            + "result, error_cause, requested_at, answered_at";
    private static final String SESSION = "acctsessionid, nasipaddress, framedipaddress, acctstarttime, "
            + "acctupdatetime, acctstoptime, acctsessiontime, acctinputoctets, acctoutputoctets, acctterminatecause";

    private RadiusStore() {
    }

    // ---- settings ----

    static Optional<RadiusSettings> settings(Connection c, TenantRef tenant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT suspended_action, walled_garden_pool "
                + "FROM dotmac_radius_settings WHERE tenant_id = ?")) {
            s.setString(1, tenant.id());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new RadiusSettings(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Switches the tenant on or off for FreeRADIUS, creating its settings (REJECT) the first time. */
    static void enable(Connection c, TenantRef tenant, boolean enabled, Instant now) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE dotmac_radius_settings SET enabled = ?, updated_at = ? "
                + "WHERE tenant_id = ?")) {
            u.setBoolean(1, enabled);
            u.setTimestamp(2, Timestamp.from(now));
            u.setString(3, tenant.id());
            if (u.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_radius_settings (tenant_id, enabled, "
                + "suspended_action, walled_garden_pool, updated_at) VALUES (?, ?, 'REJECT', NULL, ?)")) {
            s.setString(1, tenant.id());
            s.setBoolean(2, enabled);
            s.setTimestamp(3, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    static void saveSettings(Connection c, TenantRef tenant, RadiusSettings settings, Instant now) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE dotmac_radius_settings SET suspended_action = ?, "
                + "walled_garden_pool = ?, updated_at = ? WHERE tenant_id = ?")) {
            u.setString(1, settings.suspendedAction());
            u.setString(2, settings.walledGardenPool());
            u.setTimestamp(3, Timestamp.from(now));
            u.setString(4, tenant.id());
            u.executeUpdate();
        }
    }

    // ---- accounts ----

    static void insert(Connection c, TenantRef tenant, RadiusAccount a) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_radius_account (tenant_id, " + ACCOUNT
                + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            s.setString(i++, tenant.id());
            s.setString(i++, a.id());
            s.setString(i++, a.subscriptionId());
            s.setString(i++, a.customerId());
            s.setString(i++, a.kind());
            s.setString(i++, a.username());
            s.setString(i++, a.login());
            s.setString(i++, a.password());
            setInteger(s, i++, a.vlan());
            s.setString(i++, a.status());
            s.setString(i++, a.planId());
            s.setInt(i++, a.downloadMbps());
            s.setInt(i++, a.uploadMbps());
            s.setTimestamp(i++, Timestamp.from(a.createdAt()));
            s.setTimestamp(i, Timestamp.from(a.createdAt()));
            s.executeUpdate();
        }
    }

    static Optional<RadiusAccount> account(Connection c, TenantRef tenant, String id) throws SQLException {
        return oneAccount(c, tenant, "id = ?", id);
    }

    static Optional<RadiusAccount> accountOfSubscription(Connection c, TenantRef tenant, String subscriptionId)
            throws SQLException {
        return oneAccount(c, tenant, "subscription_id = ?", subscriptionId);
    }

    private static Optional<RadiusAccount> oneAccount(Connection c, TenantRef tenant, String condition, String value)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + ACCOUNT + " FROM dotmac_radius_account "
                + "WHERE tenant_id = ? AND " + condition)) {
            s.setString(1, tenant.id());
            s.setString(2, value);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(account(rs)) : Optional.empty();
            }
        }
    }

    static Page<RadiusAccount> accounts(Connection c, TenantRef tenant, String subscriptionId, int limit,
            String cursor) throws SQLException {
        PagedQuery q = PagedQuery.of(ACCOUNT, "dotmac_radius_account", tenant.id());
        if (subscriptionId != null) {
            q.where("subscription_id = ?", subscriptionId);
        }
        return q.fetch(c, RadiusStore::account, RadiusAccount::id, limit, cursor);
    }

    /** The tenant's accounts of one plan (for a change of its speeds). */
    static List<RadiusAccount> accountsOfPlan(Connection c, TenantRef tenant, String planId) throws SQLException {
        List<RadiusAccount> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + ACCOUNT + " FROM dotmac_radius_account "
                + "WHERE tenant_id = ? AND plan_id = ? ORDER BY id")) {
            s.setString(1, tenant.id());
            s.setString(2, planId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(account(rs));
                }
            }
        }
        return out;
    }

    static void follow(Connection c, TenantRef tenant, String subscriptionId, String status, String planId,
            int downloadMbps, int uploadMbps, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_radius_account SET status = ?, plan_id = ?, "
                + "download_mbps = ?, upload_mbps = ?, updated_at = ? WHERE tenant_id = ? AND subscription_id = ?")) {
            s.setString(1, status);
            s.setString(2, planId);
            s.setInt(3, downloadMbps);
            s.setInt(4, uploadMbps);
            s.setTimestamp(5, Timestamp.from(now));
            s.setString(6, tenant.id());
            s.setString(7, subscriptionId);
            s.executeUpdate();
        }
    }

    static void planRates(Connection c, TenantRef tenant, String planId, int downloadMbps, int uploadMbps,
            Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_radius_account SET download_mbps = ?, "
                + "upload_mbps = ?, updated_at = ? WHERE tenant_id = ? AND plan_id = ?")) {
            s.setInt(1, downloadMbps);
            s.setInt(2, uploadMbps);
            s.setTimestamp(3, Timestamp.from(now));
            s.setString(4, tenant.id());
            s.setString(5, planId);
            s.executeUpdate();
        }
    }

    static void change(Connection c, TenantRef tenant, String id, String password, Integer vlan, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_radius_account SET password = ?, vlan = ?, "
                + "updated_at = ? WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, password);
            setInteger(s, 2, vlan);
            s.setTimestamp(3, Timestamp.from(now));
            s.setString(4, tenant.id());
            s.setString(5, id);
            s.executeUpdate();
        }
    }

    static boolean deleteAccount(Connection c, TenantRef tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_radius_account WHERE tenant_id = ? "
                + "AND id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            return s.executeUpdate() > 0;
        }
    }

    private static RadiusAccount account(ResultSet rs) throws SQLException {
        int vlan = rs.getInt(8);
        Integer v = rs.wasNull() ? null : vlan;
        return new RadiusAccount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), v, rs.getString(9), rs.getString(10),
                rs.getInt(11), rs.getInt(12), rs.getTimestamp(13).toInstant());
    }

    // ---- NASes ----

    static void insert(Connection c, TenantRef tenant, Nas n, String secret) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_radius_nas (tenant_id, id, name, address, "
                + "secret, type, coa_port, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, tenant.id());
            s.setString(2, n.id());
            s.setString(3, n.name());
            s.setString(4, n.address());
            s.setString(5, secret);
            s.setString(6, n.type());
            s.setInt(7, n.coaPort());
            s.setTimestamp(8, Timestamp.from(n.createdAt()));
            s.setTimestamp(9, Timestamp.from(n.createdAt()));
            s.executeUpdate();
        }
    }

    static Page<Nas> nases(Connection c, TenantRef tenant, int limit, String cursor) throws SQLException {
        return PagedQuery.of(NAS, "dotmac_radius_nas", tenant.id()).fetch(c, RadiusStore::nas, Nas::id, limit,
                cursor);
    }

    static Optional<Nas> nas(Connection c, TenantRef tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + NAS + " FROM dotmac_radius_nas WHERE tenant_id = ? "
                + "AND id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(nas(rs)) : Optional.empty();
            }
        }
    }

    /** The tenant's NAS at {@code address} with its secret, for a request to it. */
    static Optional<NasSecret> nasAt(Connection c, TenantRef tenant, String address) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + NAS + ", secret FROM dotmac_radius_nas "
                + "WHERE tenant_id = ? AND address = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, address);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new NasSecret(nas(rs), rs.getString(7))) : Optional.empty();
            }
        }
    }

    /** A NAS with its shared secret (never leaves this bundle). */
    record NasSecret(Nas nas, String secret) {
    }

    static boolean deleteNas(Connection c, TenantRef tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM dotmac_radius_nas WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            return s.executeUpdate() > 0;
        }
    }

    private static Nas nas(ResultSet rs) throws SQLException {
        return new Nas(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getTimestamp(6).toInstant());
    }

    // ---- CoA/Disconnect requests ----

    static void insert(Connection c, TenantRef tenant, CoaRequest r) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_radius_coa (tenant_id, " + COA
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            s.setString(i++, tenant.id());
            s.setString(i++, r.id());
            s.setString(i++, r.accountId());
            s.setString(i++, r.subscriptionId());
            s.setString(i++, r.nasAddress());
            s.setString(i++, r.sessionId());
            s.setString(i++, r.kind());
            s.setString(i++, r.reason());
            s.setString(i++, r.result());
            setInteger(s, i++, r.errorCause());
            s.setTimestamp(i++, Timestamp.from(r.requestedAt()));
            if (r.answeredAt() == null) {
                s.setNull(i, Types.TIMESTAMP);
            } else {
                s.setTimestamp(i, Timestamp.from(r.answeredAt()));
            }
            s.executeUpdate();
        }
    }

    static Page<CoaRequest> requests(Connection c, TenantRef tenant, String subscriptionId, int limit, String cursor)
            throws SQLException {
        PagedQuery q = PagedQuery.of(COA, "dotmac_radius_coa", tenant.id());
        if (subscriptionId != null) {
            q.where("subscription_id = ?", subscriptionId);
        }
        return q.fetch(c, rs -> {
            int cause = rs.getInt(9);
            Integer errorCause = rs.wasNull() ? null : cause;
            Timestamp answered = rs.getTimestamp(11);
            return new CoaRequest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), errorCause,
                    rs.getTimestamp(10).toInstant(), answered == null ? null : answered.toInstant());
        }, CoaRequest::id, limit, cursor);
    }

    // ---- accounting ----

    /** The open sessions of {@code login} (no stop time yet). */
    static List<Session> openSessions(Connection c, TenantRef tenant, String login) throws SQLException {
        return sessions(c, tenant, login, "acctstoptime IS NULL", null, null, 100);
    }

    /** Sessions of {@code login} started in [{@code from}, {@code to}), newest first, at most {@code limit}. */
    static List<Session> sessions(Connection c, TenantRef tenant, String login, Instant from, Instant to, int limit)
            throws SQLException {
        return sessions(c, tenant, login, "acctstarttime >= ? AND acctstarttime < ?", from, to, limit);
    }

    private static List<Session> sessions(Connection c, TenantRef tenant, String login, String condition,
            Instant from, Instant to, int limit) throws SQLException {
        List<Session> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + SESSION + " FROM radacct WHERE tenant_id = ? "
                + "AND username = ? AND " + condition + " ORDER BY acctstarttime DESC, radacctid DESC LIMIT ?")) {
            int i = 1;
            s.setString(i++, tenant.id());
            s.setString(i++, login);
            if (from != null) {
                s.setObject(i++, from.atOffset(java.time.ZoneOffset.UTC));
                s.setObject(i++, to.atOffset(java.time.ZoneOffset.UTC));
            }
            s.setInt(i, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Session(rs.getString(1), host(rs.getString(2)), host(rs.getString(3)),
                            instant(rs, 4), instant(rs, 5), instant(rs, 6), rs.getLong(7), rs.getLong(8),
                            rs.getLong(9), rs.getString(10)));
                }
            }
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** An address as PostgreSQL's inet prints it, without a host mask. */
    static String host(String inet) {
        if (inet == null) {
            return null;
        }
        int slash = inet.indexOf('/');
        return slash < 0 ? inet : inet.substring(0, slash);
    }

    private static void setInteger(PreparedStatement s, int i, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(i, Types.INTEGER);
        } else {
            s.setInt(i, value);
        }
    }
}
