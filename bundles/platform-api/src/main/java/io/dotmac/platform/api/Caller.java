package io.dotmac.platform.api;

import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Who makes a request, once authenticated: the user, its role and the tenant the request acts for (the user's own
 * tenant, or for a platform operator the tenant named by {@code X-Tenant-ID} or the Host, if any). In a JAX-RS
 * resource of the DotMac application it is the {@code SecurityContext}'s user principal.
 */
@ProviderType
public record Caller(String userId, String username, Role role, TenantRef tenant) implements Principal {

    public Caller {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
    }

    @Override
    public String getName() {
        return username;
    }

    /** The tenant the request acts for, if any. */
    public Optional<TenantRef> actingTenant() {
        return Optional.ofNullable(tenant);
    }

    /**
     * The tenant the request acts for.
     *
     * @throws ValidationException when there is none (a platform operator who named no tenant)
     */
    public TenantRef requireTenant() {
        if (tenant == null) {
            throw new ValidationException("X-Tenant-ID",
                    "this request acts for a tenant; a platform operator names it with this header");
        }
        return tenant;
    }

    /** Whether the caller has {@code role}; a platform operator acting for a tenant has every tenant role. */
    public boolean has(Role wanted) {
        return role == wanted || (role == Role.PLATFORM_ADMIN && wanted.tenantRole() && tenant != null);
    }
}
