package io.dotmac.billing.basic;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;

/** A tenant's subscriptions; every call is scoped to {@code tenant}. */
@ProviderType
public interface SubscriptionService {

    /**
     * @throws io.dotmac.platform.api.ValidationException naming every invalid field, an unknown or closed customer
     *                                                    and an unknown or inactive plan included
     */
    Subscription create(TenantRef tenant, SubscriptionInput input);

    Subscription get(TenantRef tenant, String id);

    /** Subscriptions in id order, optionally of one customer and one status. */
    Page<Subscription> list(TenantRef tenant, String customerId, SubscriptionStatus status, int limit,
            String cursor);

    /** Suspends, resumes or moves to another (active) plan; a cancelled subscription cannot change (409). */
    Subscription update(TenantRef tenant, String id, SubscriptionInput changes);

    /** Cancels at the end of the current period, or at once. */
    Subscription cancel(TenantRef tenant, String id, boolean atEndOfPeriod);
}
