package io.dotmac.billing.basic.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's invoices page ({@code portal/invoices.js} in this bundle). */
@Component(service = PortalPage.class)
public class InvoicesPortalPage implements PortalPage {

    @Override
    public String id() {
        return "invoices";
    }

    @Override
    public String label() {
        return "Invoices";
    }

    @Override
    public String module() {
        return "portal/invoices.js";
    }

    @Override
    public int order() {
        return 30;
    }
}
