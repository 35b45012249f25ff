package io.dotmac.radius.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's RADIUS page ({@code portal/radius.js} in this bundle). */
@Component(service = PortalPage.class)
public class RadiusPortalPage implements PortalPage {

    @Override
    public String id() {
        return "radius";
    }

    @Override
    public String label() {
        return "RADIUS";
    }

    @Override
    public String module() {
        return "portal/radius.js";
    }

    @Override
    public int order() {
        return 115;
    }
}
