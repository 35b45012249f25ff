package io.dotmac.security.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.dotmac.persistence.platform.SystemDatabase;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.Role;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.security.TenantUser;
import io.dotmac.security.UserService;

/**
 * {@link UserService} on {@code dotmac_user}. The last-administrator rule holds under concurrency: a change that
 * could remove an administrator first locks every active administrator row of the tenant, so two administrators
 * demoting each other at once take turns and the second is refused.
 */
final class UserDirectory implements UserService {

    private static final String COLUMNS = "id, username, email, role, active, created_at";
    private static final String TENANT_ROLES = "isp_admin, isp_staff or isp_readonly";

    private final SystemDatabase db;
    private final UserStore store;
    private final PasswordHashing hashing;
    private final TokenRevocations revocations;
    private final Clock clock;

    UserDirectory(SystemDatabase db, UserStore store, PasswordHashing hashing, TokenRevocations revocations,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.hashing = hashing;
        this.revocations = revocations;
        this.clock = clock;
    }

    /** Told, in the changing transaction, of a user whose tokens changed (the other nodes read it again). */
    private volatile java.util.function.Consumer<String> told = id -> { };

    void onChange(java.util.function.Consumer<String> told) {
        this.told = told;
    }

    /** Reads one user's revocation again (another node changed the user). */
    void reloadUser(String userId) {
        Integer[] state = db.inSystem(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT active, token_version FROM dotmac_user WHERE id = ?")) {
                s.setString(1, userId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? new Integer[] {rs.getBoolean(1) ? 1 : 0, rs.getInt(2)} : null;
                }
            }
        });
        if (state == null) {
            revocations.forget(userId);
        } else if (state[0] == 0) {
            revocations.revokeAll(userId);
        } else if (state[1] > 0) {
            revocations.require(userId, state[1]);
        } else {
            revocations.forget(userId);
        }
    }

    /** Reads every revocation again. */
    void reloadRevocations() {
        java.util.Map<String, Integer> fresh = new java.util.HashMap<>();
        db.inSystem(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, active, token_version FROM dotmac_user "
                    + "WHERE active = FALSE OR token_version > 0");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    fresh.put(rs.getString(1), rs.getBoolean(2) ? rs.getInt(3) : TokenRevocations.all());
                }
            }
            return null;
        });
        revocations.replaceAll(fresh);
    }

    /** Loads the revocations kept in the database (inactive users, role changes) into memory. */
    void loadRevocations() {
        db.inSystem(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, active, token_version FROM dotmac_user "
                    + "WHERE active = FALSE OR token_version > 0");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getBoolean(2)) {
                        revocations.revokeAll(rs.getString(1));
                    } else {
                        revocations.require(rs.getString(1), rs.getInt(3));
                    }
                }
            }
            return null;
        });
    }

    private static TenantUser read(ResultSet rs) throws SQLException {
        return new TenantUser(rs.getString(1), rs.getString(2), rs.getString(3), Role.valueOf(rs.getString(4)).id(),
                rs.getBoolean(5), rs.getTimestamp(6).toInstant());
    }

    private static Optional<Role> tenantRole(String id) {
        return Role.parse(id).filter(Role::tenantRole);
    }

    @Override
    public TenantUser create(TenantRef tenant, TenantUser.Input in) {
        if (in == null) {
            throw new ValidationException("body", "a user is required");
        }
        List<FieldError> errors = SecurityService.validateUser(in.username(), in.email(), in.password(), "");
        Optional<Role> role = tenantRole(in.role());
        if (role.isEmpty()) {
            errors.add(new FieldError("role", "must be " + TENANT_ROLES));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String id = store.createTenantUser(tenant, in.username(), in.email().strip(),
                hashing.hash(in.password().toCharArray()), role.get(), now);
        return new TenantUser(id, in.username(), in.email().strip(), role.get().id(), true, now);
    }

    @Override
    public TenantUser get(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> find(c, tenant, id, false));
    }

    private static TenantUser find(Connection c, TenantRef tenant, String id, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dotmac_user WHERE tenant_id = ? "
                + "AND id = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("No user '" + id + "'");
                }
                return read(rs);
            }
        }
    }

    @Override
    public Page<TenantUser> list(TenantRef tenant, String role, Boolean active, int limit, String cursor) {
        PagedQuery query = PagedQuery.of(COLUMNS, "dotmac_user", tenant.id());
        if (role != null) {
            query.where("role = ?", tenantRole(role).orElseThrow(() -> new ValidationException("role", "must be "
                    + TENANT_ROLES)).name());
        }
        if (active != null) {
            query.where("active = ?", active);
        }
        return db.inTenant(tenant, c -> query.fetch(c, UserDirectory::read, TenantUser::id, limit, cursor));
    }

    @Override
    public TenantUser update(TenantRef tenant, String id, TenantUser.Changes in) {
        if (in == null) {
            throw new ValidationException("body", "the changes are required");
        }
        List<FieldError> errors = new ArrayList<>();
        Optional<Role> role = in.role() == null ? Optional.empty() : tenantRole(in.role());
        if (in.role() != null && role.isEmpty()) {
            errors.add(new FieldError("role", "must be " + TENANT_ROLES));
        }
        String email = in.email() == null ? null : in.email().strip();
        if (email != null && (email.length() > 254 || !SecurityService.EMAIL.matcher(email).matches())) {
            errors.add(new FieldError("email", "must be an e-mail address"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Updated updated = db.inTenant(tenant, c -> {
            List<String> admins = lockActiveAdmins(c, tenant);
            TenantUser before = find(c, tenant, id, true);
            Role newRole = role.orElse(Role.parse(before.role()).orElseThrow());
            boolean newActive = in.active() != null ? in.active() : before.active();
            boolean staysAdmin = newRole == Role.ISP_ADMIN && newActive;
            if (admins.contains(id) && !staysAdmin && admins.size() == 1) {
                throw new ConflictException("User '" + before.username() + "' is the tenant's last active isp_admin;"
                        + " make another user isp_admin first");
            }
            TenantUser after = new TenantUser(id, before.username(), email != null ? email : before.email(),
                    newRole.id(), newActive, before.createdAt());
            boolean revoke = !after.role().equals(before.role()) || after.active() != before.active();
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_user SET email = ?, role = ?, active = ?, "
                    + "token_version = token_version + ?, updated_at = ? WHERE tenant_id = ? AND id = ?")) {
                s.setString(1, after.email());
                s.setString(2, newRole.name());
                s.setBoolean(3, newActive);
                s.setInt(4, revoke ? 1 : 0);
                s.setTimestamp(5, Timestamp.from(now));
                s.setString(6, tenant.id());
                s.setString(7, id);
                s.executeUpdate();
            }
            if (revoke) {
                told.accept(id);
            }
            return new Updated(after, revoke ? tokenVersion(c, tenant, id) : -1);
        });
        // once committed: the user's older tokens stop working on this node at once
        if (!updated.user().active()) {
            revocations.revokeAll(id);
        } else if (updated.tokenVersion() >= 0) {
            revocations.require(id, updated.tokenVersion());
        }
        return updated.user();
    }

    /** A changed user and their new token version ({@code -1}: unchanged). */
    private record Updated(TenantUser user, int tokenVersion) {
    }

    private static int tokenVersion(Connection c, TenantRef tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT token_version FROM dotmac_user WHERE tenant_id = ? "
                + "AND id = ?")) {
            s.setString(1, tenant.id());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static List<String> lockActiveAdmins(Connection c, TenantRef tenant) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM dotmac_user WHERE tenant_id = ? "
                + "AND role = 'ISP_ADMIN' AND active = TRUE ORDER BY id FOR UPDATE")) {
            s.setString(1, tenant.id());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }
}
