package io.dotmac.billing.automated;

import java.time.LocalDate;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;

/**
 * Billing runs and billing settings of the tenants entitled to {@code automated_billing}. Every call is scoped to
 * {@code tenant}.
 */
@ProviderType
public interface BillingRunService {

    /**
     * Starts a run for {@code date} ({@code null}: today in the tenant's time zone) in the background. A run dated
     * ahead bills ahead (every subscription due by that date) and nothing more: dunning acts on what is overdue
     * today, whatever the run's date.
     *
     * @param confirmAhead must be {@code true} for a date more than a month (the shortest billing period) ahead
     * @throws io.dotmac.platform.api.ValidationException naming {@code date} when it is more than a year away, or
     *                                                    {@code confirmAhead} when it is more than a month ahead
     *                                                    without it
     * @throws io.dotmac.platform.api.ConflictException   when a run of the tenant is still running
     */
    BillingRun start(TenantRef tenant, LocalDate date, boolean confirmAhead);

    /** {@link #start(TenantRef, LocalDate, boolean)} without confirming a date more than a month ahead. */
    default BillingRun start(TenantRef tenant, LocalDate date) {
        return start(tenant, date, false);
    }

    /** @throws io.dotmac.platform.api.NotFoundException when the tenant has no such run */
    BillingRun get(TenantRef tenant, String id);

    /** Runs in the order they started. */
    Page<BillingRun> list(TenantRef tenant, int limit, String cursor);

    BillingSettings settings(TenantRef tenant);

    /**
     * Changes the fields given.
     *
     * @throws io.dotmac.platform.api.ValidationException naming every invalid field
     */
    BillingSettings updateSettings(TenantRef tenant, BillingSettings changes);

    /**
     * Adds a credit to the subscription's next invoice; once per {@code key}: adding a key again returns the credit
     * it added first, changing nothing.
     *
     * @throws io.dotmac.platform.api.ValidationException naming every invalid field: {@code subscriptionId},
     *                                                    {@code key} (1 to 200 characters), {@code description}
     *                                                    (1 to 200), {@code amount} (positive, at most the
     *                                                    currency's decimals)
     */
    BillingCredit addCredit(TenantRef tenant, BillingCredit.Input credit);

    /** The subscription's credits, newest first, waiting and invoiced ({@code null}: every subscription's). */
    java.util.List<BillingCredit> credits(TenantRef tenant, String subscriptionId);
}
