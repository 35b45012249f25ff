package io.dotmac.payments.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.billing.basic.BillingEvents;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.tenant.TenantService;

/** A pay link for every invoice issued by a tenant that may use online_payments, as it is issued. */
@Component(property = EventConstants.EVENT_TOPIC + "=" + BillingEvents.INVOICE_ISSUED)
public class PayLinkIssuer implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PayLinkIssuer.class);

    private final OnlinePayments payments;
    private final TenantService tenants;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TenantServices licensing;

    @Activate
    public PayLinkIssuer(@Reference OnlinePayments payments, @Reference TenantService tenants) {
        this.payments = payments;
        this.tenants = tenants;
    }

    @Override
    public void handleEvent(Event event) {
        TenantRef tenant = tenants.find((String) event.getProperty(BillingEvents.TENANT)).map(t -> t.ref())
                .orElse(null);
        TenantServices gate = licensing;
        if (tenant == null || gate == null) {
            return;
        }
        try {
            gate.check(tenant, OnlinePayments.PLUGIN);
            payments.linkOf(tenant, (String) event.getProperty(BillingEvents.INVOICE_ID));
        } catch (DotMacException notForThisTenant) {
            // no plugin, no pay link
        } catch (RuntimeException e) {
            LOG.warn("No pay link for invoice {} of tenant {}: {}", event.getProperty(BillingEvents.NUMBER),
                    tenant.slug(), e.getMessage());
        }
    }
}
