package io.dotmac.persistence.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What keeps tenants apart on PostgreSQL, checked from an application-role connection at start and again
 * periodically: the application role must not skip row-level security (superuser, BYPASSRLS) nor own what it
 * could switch off or rewrite (the schema's tables, the function that names the system role: a separate owner
 * role runs the migrations), and work across tenants must be the system role's alone: a role of its own, which the
 * application role is not and cannot become (no membership, so no {@code SET ROLE}). The same holds for the
 * FreeRADIUS role ({@code radiusUser}), which reads every tenant's network credentials.
 */
final class RoleCheck {

    private RoleCheck() {
    }

    /** Why DotMac must not run with these roles, or {@code null} when it may (no FreeRADIUS role). */
    static String problem(Connection app, String systemRole) throws SQLException {
        return problem(app, systemRole, "");
    }

    /** Why DotMac must not run with these roles, or {@code null} when it may. */
    static String problem(Connection app, String systemRole, String radiusRole) throws SQLException {
        String appRole;
        try (PreparedStatement s = app.prepareStatement("SELECT current_user, rolsuper OR rolbypassrls FROM pg_roles "
                + "WHERE rolname = current_user"); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return "the application role is not in pg_roles";
            }
            appRole = rs.getString(1);
            if (rs.getBoolean(2)) {
                return "the application role '" + appRole + "' bypasses row-level security (superuser or BYPASSRLS), "
                        + "so tenants would not be isolated; connect as a role that does not (see README, PostgreSQL)";
            }
        }
        try (PreparedStatement s = app.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
                + "AND pg_get_userbyid(c.relowner) = current_user) OR EXISTS (SELECT 1 FROM pg_proc p "
                + "WHERE p.proname = 'dotmac_system_setting' AND pg_get_userbyid(p.proowner) = current_user)");
                ResultSet rs = s.executeQuery()) {
            if (rs.next() && rs.getBoolean(1)) {
                return "the application role '" + appRole + "' owns tables or functions of the schema, so it could "
                        + "switch row-level security off or rewrite who works across tenants; let a separate owner "
                        + "role run the migrations (migrationUser in io.dotmac.persistence.cfg, see README, PostgreSQL)";
            }
        }
        if (systemRole == null || systemRole.isBlank()) {
            return "no systemUser is set in io.dotmac.persistence.cfg: on PostgreSQL, work across tenants runs as a "
                    + "role of its own, which the application role cannot become (see README, PostgreSQL)";
        }
        if (systemRole.equals(appRole)) {
            return "systemUser is the application role '" + appRole + "' itself: work across tenants needs a role of "
                    + "its own (see README, PostgreSQL)";
        }
        try (PreparedStatement s = app.prepareStatement("SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles "
                + "WHERE rolname = ?")) {
            s.setString(1, systemRole);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return "the system role '" + systemRole + "' (systemUser) does not exist";
                }
                if (rs.getBoolean(1)) {
                    return "the application role '" + appRole + "' can become the system role '" + systemRole
                            + "' (it is a member of it), so any of its SQL could work across tenants; revoke the "
                            + "membership";
                }
            }
        }
        if (radiusRole != null && !radiusRole.isBlank()) {
            try (PreparedStatement s = app.prepareStatement("SELECT pg_has_role(current_user, oid, 'MEMBER') "
                    + "FROM pg_roles WHERE rolname = ?")) {
                s.setString(1, radiusRole);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return "the application role '" + appRole + "' is or can become the FreeRADIUS role '"
                                + radiusRole + "' (radiusUser), so any of its SQL could read every tenant's network "
                                + "credentials; give FreeRADIUS a role of its own";
                    }
                }
            }
        }
        return null;
    }
}
