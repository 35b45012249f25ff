package io.dotmac.automation.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's automation page: rules and their runs ({@code portal/automation.js} in this bundle). */
@Component(service = PortalPage.class)
public class AutomationPortalPage implements PortalPage {

    @Override
    public String id() {
        return "automation";
    }

    @Override
    public String label() {
        return "Automation";
    }

    @Override
    public String module() {
        return "portal/automation.js";
    }

    @Override
    public int order() {
        return 170;
    }
}
