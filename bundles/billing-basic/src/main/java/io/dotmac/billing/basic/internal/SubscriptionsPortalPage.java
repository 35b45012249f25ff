package io.dotmac.billing.basic.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's subscriptions page ({@code portal/subscriptions.js} in this bundle). */
@Component(service = PortalPage.class)
public class SubscriptionsPortalPage implements PortalPage {

    @Override
    public String id() {
        return "subscriptions";
    }

    @Override
    public String label() {
        return "Subscriptions";
    }

    @Override
    public String module() {
        return "portal/subscriptions.js";
    }

    @Override
    public int order() {
        return 25;
    }
}
