package io.dotmac.security;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;

/**
 * The users of a tenant. Every call is scoped to {@code tenant}. A tenant always keeps at least one active
 * {@code isp_admin}: a change that would leave none is a {@link io.dotmac.platform.api.ConflictException}. Changing
 * a user's role or deactivating them ends their tokens already issued at once.
 */
@ProviderType
public interface UserService {

    /**
     * @throws io.dotmac.platform.api.ValidationException naming every invalid field
     * @throws io.dotmac.platform.api.ConflictException   when the username is taken in this tenant
     */
    TenantUser create(TenantRef tenant, TenantUser.Input user);

    /** @throws io.dotmac.platform.api.NotFoundException when the tenant has no such user */
    TenantUser get(TenantRef tenant, String id);

    /** Users in id order; {@code role} (an id such as {@code isp_staff}) and {@code active} filter when set. */
    Page<TenantUser> list(TenantRef tenant, String role, Boolean active, int limit, String cursor);

    TenantUser update(TenantRef tenant, String id, TenantUser.Changes changes);
}
