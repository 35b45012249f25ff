package io.dotmac.billing.automated.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's billing settings page, with the credits ({@code portal/billing-settings.js} in this bundle). */
@Component(service = PortalPage.class)
public class BillingSettingsPortalPage implements PortalPage {

    @Override
    public String id() {
        return "billing-settings";
    }

    @Override
    public String label() {
        return "Billing settings";
    }

    @Override
    public String module() {
        return "portal/billing-settings.js";
    }

    @Override
    public int order() {
        return 101;
    }
}
