package io.dotmac.integrations.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's webhooks page: endpoints and their delivery log ({@code portal/webhooks.js} in this bundle). */
@Component(service = PortalPage.class)
public class WebhooksPortalPage implements PortalPage {

    @Override
    public String id() {
        return "webhooks";
    }

    @Override
    public String label() {
        return "Webhooks";
    }

    @Override
    public String module() {
        return "portal/webhooks.js";
    }

    @Override
    public int order() {
        return 180;
    }
}
