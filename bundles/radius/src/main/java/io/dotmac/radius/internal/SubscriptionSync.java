package io.dotmac.radius.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.billing.basic.BillingEvents;
import io.dotmac.persistence.TransactionalEventListener;
import io.dotmac.platform.api.TenantRef;

/**
 * Keeps each account in step with its subscription and plan <em>in the transaction that changes them</em>, so
 * FreeRADIUS refuses a suspended subscriber from the moment the suspension commits, and never after a crash.
 */
@Component(property = { TransactionalEventListener.TOPICS + "=" + BillingEvents.SUBSCRIPTION_CHANGED,
        TransactionalEventListener.TOPICS + "=" + BillingEvents.PLAN_CHANGED })
public class SubscriptionSync implements TransactionalEventListener {

    private final RadiusAccounts accounts;

    @Activate
    public SubscriptionSync(@Reference RadiusAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void inTransaction(TenantRef tenant, String topic, Map<String, Object> p) {
        if (BillingEvents.SUBSCRIPTION_CHANGED.equals(topic)) {
            accounts.follow(tenant, (String) p.get(BillingEvents.SUBSCRIPTION_ID), (String) p.get(BillingEvents.STATUS),
                    (String) p.get(BillingEvents.PLAN_ID));
        } else if (BillingEvents.PLAN_CHANGED.equals(topic)) {
            accounts.planRates(tenant, (String) p.get(BillingEvents.PLAN_ID),
                    ((Number) p.get(BillingEvents.DOWNLOAD_MBPS)).intValue(),
                    ((Number) p.get(BillingEvents.UPLOAD_MBPS)).intValue());
        }
    }
}
