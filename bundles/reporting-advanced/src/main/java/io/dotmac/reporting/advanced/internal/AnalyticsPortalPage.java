package io.dotmac.reporting.advanced.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's analytics page ({@code portal/analytics.js} in this bundle). */
@Component(service = PortalPage.class)
public class AnalyticsPortalPage implements PortalPage {

    @Override
    public String id() {
        return "analytics";
    }

    @Override
    public String label() {
        return "Analytics";
    }

    @Override
    public String module() {
        return "portal/analytics.js";
    }

    @Override
    public int order() {
        return 160;
    }
}
