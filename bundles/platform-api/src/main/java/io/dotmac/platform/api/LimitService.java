package io.dotmac.platform.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The limits of the tenants' tiers (for instance {@value #CUSTOMERS}). A reservation is atomic under concurrent
 * callers, and joins the caller's database transaction when there is one, so a rolled-back create gives its unit
 * back.
 */
@ProviderType
public interface LimitService {

    /** The number of customers a tenant may have. */
    String CUSTOMERS = "customers";

    /**
     * Takes one unit of {@code limit} for {@code tenant}.
     *
     * @throws LimitExceededException when the tenant's tier allows no more
     */
    void reserve(TenantRef tenant, String limit);

    /** Gives one unit back (a closed customer); never below zero. */
    void release(TenantRef tenant, String limit);

    /** The units in use. */
    long used(TenantRef tenant, String limit);

    /** The maximum of {@code limit} at {@code tier}; {@code -1} for unlimited. */
    long maximum(Tier tier, String limit);
}
