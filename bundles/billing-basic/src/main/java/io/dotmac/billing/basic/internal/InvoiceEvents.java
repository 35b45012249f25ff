package io.dotmac.billing.basic.internal;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.dotmac.billing.basic.BillingEvents;
import io.dotmac.persistence.Database;
import io.dotmac.platform.api.TenantRef;

/**
 * Posts {@link BillingEvents} on EventAdmin once the transaction that caused them commits, so no one hears of an
 * invoice that was rolled back. Without an EventAdmin the events are dropped: billing itself does not need them.
 */
@Component(service = InvoiceEvents.class)
public class InvoiceEvents {

    private final Database db;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    @Activate
    public InvoiceEvents(@Reference Database db) {
        this.db = db;
    }

    /** Posts {@code topic} with {@code properties} and the tenant's, after the current transaction commits. */
    void postAfterCommit(TenantRef tenant, String topic, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put(BillingEvents.TENANT, tenant.id());
        all.put(BillingEvents.TENANT_SLUG, tenant.slug());
        db.afterCommit(() -> {
            EventAdmin admin = eventAdmin;
            if (admin != null) {
                admin.postEvent(new Event(topic, all));
            }
        });
    }
}
