package io.dotmac.security.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import io.dotmac.persistence.DataAccessException;
import io.dotmac.persistence.Database;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.Role;
import io.dotmac.platform.api.TenantRef;

/** Rows of {@code dotmac_user} (tenant users) and {@code dotmac_operator} (platform operators). */
final class UserStore {

    /** A user able to log in, as stored. */
    record Account(String id, String tenantId, String username, String passwordHash, Role role, boolean active,
            int tokenVersion) {
    }

    private final Database db;

    UserStore(Database db) {
        this.db = db;
    }

    Optional<Account> tenantUser(TenantRef tenant, String username) {
        return db.inTenant(tenant, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, password_hash, role, active, token_version FROM dotmac_user "
                    + "WHERE tenant_id = ? AND username = ?")) {
                s.setString(1, tenant.id());
                s.setString(2, username);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Account(rs.getString(1), tenant.id(), username, rs.getString(2),
                            Role.valueOf(rs.getString(3)), rs.getBoolean(4), rs.getInt(5)));
                }
            }
        });
    }

    Optional<Account> operator(String username) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, password_hash, active FROM dotmac_operator WHERE username = ?")) {
                s.setString(1, username);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Account(rs.getString(1), null, username, rs.getString(2),
                            Role.PLATFORM_ADMIN, rs.getBoolean(3), 0));
                }
            }
        });
    }

    boolean anyOperator() {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM dotmac_operator");
                    ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** Creates a tenant user (joining the caller's transaction when there is one). */
    String createTenantUser(TenantRef tenant, String username, String email, String hash, Role role, Instant now) {
        String id = Ids.next();
        try {
            db.inTenant(tenant, c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_user (id, tenant_id, username, "
                        + "email, password_hash, role, active, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, TRUE, ?, ?)")) {
                    s.setString(1, id);
                    s.setString(2, tenant.id());
                    s.setString(3, username);
                    s.setString(4, email);
                    s.setString(5, hash);
                    s.setString(6, role.name());
                    s.setTimestamp(7, Timestamp.from(now));
                    s.setTimestamp(8, Timestamp.from(now));
                    s.executeUpdate();
                }
                return null;
            });
        } catch (DataAccessException e) {
            if (e.uniqueViolation()) {
                throw new ConflictException("A user named '" + username + "' already exists in this tenant");
            }
            throw e;
        }
        return id;
    }

    /** Creates a platform operator unless one with that name exists; true when created. */
    boolean createOperator(String username, String hash, Instant now) {
        return db.inTransaction(c -> {
            if (exists(c, username)) {
                return false;
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dotmac_operator (id, username, "
                    + "password_hash, active, created_at, updated_at) VALUES (?, ?, ?, TRUE, ?, ?)")) {
                s.setString(1, Ids.next());
                s.setString(2, username);
                s.setString(3, hash);
                s.setTimestamp(4, Timestamp.from(now));
                s.setTimestamp(5, Timestamp.from(now));
                s.executeUpdate();
            }
            return true;
        });
    }

    /**
     * Replaces a password hash (after a login found it made with older parameters).
     *
     * @param tenant the account's tenant; {@code null} for a platform operator
     */
    void rehash(Account account, TenantRef tenant, String hash) {
        String table = tenant == null ? "dotmac_operator" : "dotmac_user";
        Database.SqlWork<Object> work = c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE " + table + " SET password_hash = ?, updated_at = ? WHERE id = ?")) {
                s.setString(1, hash);
                s.setTimestamp(2, Timestamp.from(Instant.now()));
                s.setString(3, account.id());
                s.executeUpdate();
            }
            return null;
        };
        if (tenant == null) {
            db.inTransaction(work);
        } else {
            db.inTenant(tenant, work);
        }
    }

    private static boolean exists(Connection c, String username) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM dotmac_operator WHERE username = ?")) {
            s.setString(1, username);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
