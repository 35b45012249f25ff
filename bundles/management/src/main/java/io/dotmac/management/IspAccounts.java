package io.dotmac.management;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;

/**
 * The ISPs as the platform's customers. Each ISP whose deployment is READY is a customer of the platform's own tenant
 * ({@code platformTenant} of {@code etc/io.dotmac.management.cfg}) with a subscription to its tier's plan (monthly,
 * or yearly at {@code annualDiscountPercent}) and one per marketplace add-on it bought; the platform tenant's billing
 * runs invoice them, prorating a tier change mid-period. {@link #reconcile} brings the subscriptions in line with
 * the ISPs (new, tier changed, add-on bought or cancelled, decommissioned): it runs every {@code accountsSyncSeconds},
 * when a deployment becomes READY or DECOMMISSIONED and when a shared ISP's tier changes, and is idempotent (the
 * customer's subscriptions are the record of what is billed, so a run cut short is finished by the next one).
 *
 * @since 1.2
 */
@ProviderType
public interface IspAccounts {

    /** Every ISP that has or had a READY deployment, in registration order. */
    Page<IspAccount> list(int limit, String cursor);

    /** @throws io.dotmac.platform.api.NotFoundException for an unknown or never-ready ISP */
    IspAccount get(String ispId);

    /**
     * Brings every ISP's subscriptions in line now.
     *
     * @return the subscriptions made, changed or cancelled
     * @throws io.dotmac.platform.api.UnavailableException when the platform tenant does not exist or cannot bill
     */
    int reconcile();
}
