package io.dotmac.reporting.basic.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's reports page ({@code portal/reports.js} in this bundle). */
@Component(service = PortalPage.class)
public class ReportsPortalPage implements PortalPage {

    @Override
    public String id() {
        return "reports";
    }

    @Override
    public String label() {
        return "Reports";
    }

    @Override
    public String module() {
        return "portal/reports.js";
    }

    @Override
    public int order() {
        return 150;
    }
}
