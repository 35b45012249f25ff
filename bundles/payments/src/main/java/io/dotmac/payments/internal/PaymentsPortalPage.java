package io.dotmac.payments.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's Payments page ({@code portal/payments.js} in this bundle). */
@Component(service = PortalPage.class)
public class PaymentsPortalPage implements PortalPage {

    @Override
    public String id() {
        return "payments";
    }

    @Override
    public String label() {
        return "Payments";
    }

    @Override
    public String module() {
        return "portal/payments.js";
    }

    @Override
    public int order() {
        return 45;
    }
}
