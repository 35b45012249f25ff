package io.dotmac.platform.api;

import java.util.Locale;
import java.util.Optional;

/**
 * Roles of users. {@link #PLATFORM_ADMIN} belongs to the instance's operators, who belong to no tenant; the
 * other three to a tenant's users.
 */
public enum Role {
    /** Operates the instance: manages tenants and the instance license; may act for any tenant. */
    PLATFORM_ADMIN,
    /** Everything inside the tenant, users and plugins included. */
    ISP_ADMIN,
    /** Day-to-day work inside the tenant; cannot manage users or plugins. */
    ISP_STAFF,
    /** Reads inside the tenant, changes nothing. */
    ISP_READONLY;

    /** The name used in tokens and in the API: {@code platform_admin}, {@code isp_admin}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this is a role of a tenant's user. */
    public boolean tenantRole() {
        return this != PLATFORM_ADMIN;
    }

    /** The role named {@code id} ({@code isp_admin}; case-insensitive), empty when there is none. */
    public static Optional<Role> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (Role r : values()) {
            if (r.id().equalsIgnoreCase(id.trim())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
