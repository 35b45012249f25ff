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

    /**
     * The tenant an approved custom domain in a Host header names (a port is ignored); empty for any other Host.
     * Whether the tenant may use custom domains now (white_label) is the caller's to check.
     */
    Optional<TenantDomain> customDomainOfHost(String host);

    /** The tenant's custom domain, pending or approved. */
    Optional<TenantDomain> domainOf(String tenantId);

    /**
     * Asks for {@code domain} as the tenant's custom domain, replacing the one it had: it is pending until a
     * platform operator approves it (asking again for the approved domain changes nothing).
     *
     * @throws io.dotmac.platform.api.ValidationException naming {@code domain}: no host name, an IP address, or in
     *                                                    the base domain's subdomains
     * @throws io.dotmac.platform.api.ConflictException   when another tenant has it
     */
    TenantDomain requestDomain(String tenantId, String domain);

    /** Removes the tenant's custom domain (a no-op when it has none). */
    void removeDomain(String tenantId);

    /** Custom domains, pending first, then by domain; {@code status} {@code null} for all. */
    java.util.List<TenantDomain> domains(TenantDomain.Status status);

    /**
     * Approves a pending domain (an approved one stays so).
     *
     * @throws io.dotmac.platform.api.NotFoundException when no tenant asked for it
     */
    TenantDomain approveDomain(String domain);

    /**
     * Removes a domain, pending or approved (an operator refusing it, or taking it back).
     *
     * @throws io.dotmac.platform.api.NotFoundException when no tenant asked for it
     */
    TenantDomain rejectDomain(String domain);

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

    /**
     * Deletes the tenant and every row it owns, in every table with a {@code tenant_id} (plugins' included): it
     * stops resolving at once, its listeners are told ({@code after} null: the licensing bundle has every plugin
     * deactivate it first), then its rows go in one transaction.
     *
     * @return the rows deleted per table
     * @throws io.dotmac.platform.api.NotFoundException for an unknown tenant
     * @since 1.3
     */
    java.util.Map<String, Integer> delete(String idOrSlug);
}
