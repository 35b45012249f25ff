package io.dotmac.tenant;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.Tier;

/**
 * The tenant registry. Reads ({@link #find}, {@link #resolveHost}) are answered from memory; writes go to the
 * database and are announced to every {@link TenantListener} once committed.
 */
@ProviderType
public interface TenantService {

    /**
     * Creates a tenant and its first administrator in one transaction.
     *
     * @throws io.dotmac.platform.api.ValidationException naming every invalid field ({@code admin.password}, ...)
     * @throws io.dotmac.platform.api.ConflictException   when the slug (or the admin's username) is taken
     */
    Tenant create(NewTenant tenant);

    /** The tenant with this id or slug. */
    Optional<Tenant> find(String idOrSlug);

    /** The tenant with this id or slug; 404 when there is none. */
    Tenant get(String idOrSlug);

    /**
     * The slug a Host header names as {@code <slug>.<base domain>} (base domain from {@code etc/io.dotmac.tenant.cfg});
     * empty when the Host is not a subdomain of it, or no base domain is set. The tenant itself may not exist.
     */
    Optional<String> slugOfHost(String host);

    /** Tenants ordered by id. */
    Page<Tenant> list(int limit, String cursor);

    /** Renames a tenant. */
    Tenant rename(String id, String name);

    /**
     * Changes the currency the tenant bills in from now on (documents already made keep theirs).
     *
     * @throws io.dotmac.platform.api.ValidationException naming {@code currency} when it is no ISO 4217 currency
     */
    Tenant changeCurrency(String id, String currency);

    /** Changes the tenant's tier; a no-op when unchanged. */
    Tenant changeTier(String id, Tier tier);

    Tenant suspend(String id);

    Tenant resume(String id);

    /** How many tenants exist. */
    int count();
}
