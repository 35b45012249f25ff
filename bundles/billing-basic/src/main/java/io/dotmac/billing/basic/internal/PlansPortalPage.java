package io.dotmac.billing.basic.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's plans page ({@code portal/plans.js} in this bundle). */
@Component(service = PortalPage.class)
public class PlansPortalPage implements PortalPage {

    @Override
    public String id() {
        return "plans";
    }

    @Override
    public String label() {
        return "Plans";
    }

    @Override
    public String module() {
        return "portal/plans.js";
    }

    @Override
    public int order() {
        return 20;
    }
}
