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
     * The domain event of a reservation that brought a tenant to 80 % ({@code percent} 80) or to 100 % (100: the next
     * reservation is refused) of a limit, published in the reserving transaction, with {@value #LIMIT},
     * {@value #USED}, {@value #MAXIMUM}, {@value #PERCENT} and {@value #TIER}.
     *
     * @since 1.11
     */
    String LIMIT_WARNING = "io/dotmac/licensing/LIMIT_WARNING";
    /** @since 1.11 */
    String LIMIT = "limit";
    /** @since 1.11 */
    String USED = "used";
    /** @since 1.11 */
    String MAXIMUM = "maximum";
    /** @since 1.11 */
    String PERCENT = "percent";
    /** @since 1.11 */
    String TIER = "tier";

    /**
     * Takes one unit of {@code limit} for {@code tenant}.
     *
     * @throws LimitExceededException when the tenant's tier allows no more
     */
    void reserve(TenantRef tenant, String limit);

    /** Gives one unit back (a closed customer); never below zero. */
    void release(TenantRef tenant, String limit);

    /**
     * Gives {@code units} back at once (rows deleted in bulk: a converted demo's dropped sample customers); never below
     * zero.
     *
     * @since 1.12
     */
    void release(TenantRef tenant, String limit, long units);

    /** The units in use. */
    long used(TenantRef tenant, String limit);

    /** The maximum of {@code limit} at {@code tier}; {@code -1} for unlimited. */
    long maximum(Tier tier, String limit);
}
