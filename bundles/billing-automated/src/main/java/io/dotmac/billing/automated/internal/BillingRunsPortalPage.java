package io.dotmac.billing.automated.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's billing runs page ({@code portal/billing-runs.js} in this bundle). */
@Component(service = PortalPage.class)
public class BillingRunsPortalPage implements PortalPage {

    @Override
    public String id() {
        return "billing-runs";
    }

    @Override
    public String label() {
        return "Billing runs";
    }

    @Override
    public String module() {
        return "portal/billing-runs.js";
    }

    @Override
    public int order() {
        return 100;
    }
}
