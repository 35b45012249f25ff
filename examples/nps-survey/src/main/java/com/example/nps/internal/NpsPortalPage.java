package com.example.nps.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's NPS page ({@code portal/nps.js} in this bundle). */
@Component(service = PortalPage.class)
public class NpsPortalPage implements PortalPage {

    @Override
    public String id() {
        return "nps";
    }

    @Override
    public String label() {
        return "NPS survey";
    }

    @Override
    public String module() {
        return "portal/nps.js";
    }

    @Override
    public int order() {
        return 300;
    }
}
