package io.dotmac.customers.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's customers page ({@code portal/customers.js} in this bundle). */
@Component(service = PortalPage.class)
public class CustomersPortalPage implements PortalPage {

    @Override
    public String id() {
        return "customers";
    }

    @Override
    public String label() {
        return "Customers";
    }

    @Override
    public String module() {
        return "portal/customers.js";
    }

    @Override
    public int order() {
        return 10;
    }
}
