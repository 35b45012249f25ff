package io.dotmac.billing.automated.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.billing.basic.BillingEvents;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.tenant.TenantService;

/**
 * Resumes a customer's service held by dunning as soon as the payment that clears it is recorded. (Each billing
 * run's dunning pass releases such holds too, so a payment whose event was lost in a crash is still noticed.)
 */
// the topic as a plain property: @EventTopics would require an osgi.implementation=osgi.event capability that Karaf
// 4.4's Felix EventAdmin does not declare
@Component(property = EventConstants.EVENT_TOPIC + "=" + BillingEvents.PAYMENT_RECEIVED)
public class PaymentsListener implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentsListener.class);

    private final Dunning dunning;
    private final TenantService tenants;

    @Activate
    public PaymentsListener(@Reference Dunning dunning, @Reference TenantService tenants) {
        this.dunning = dunning;
        this.tenants = tenants;
    }

    @Override
    public void handleEvent(Event event) {
        if (!Boolean.TRUE.equals(event.getProperty(BillingEvents.PAID))) {
            return;
        }
        String tenantId = (String) event.getProperty(BillingEvents.TENANT);
        String customerId = (String) event.getProperty(BillingEvents.CUSTOMER_ID);
        tenants.find(tenantId).ifPresent(tenant -> {
            try {
                dunning.releaseIfPaid(tenant.ref(), customerId);
            } catch (DotMacException e) {
                // the next run's dunning pass tries again
                LOG.warn("Could not resume customer {} of tenant {} yet: {}", customerId, tenant.slug(),
                        e.getMessage());
            }
        });
    }
}
