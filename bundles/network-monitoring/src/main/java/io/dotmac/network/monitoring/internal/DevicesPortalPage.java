package io.dotmac.network.monitoring.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's devices page ({@code portal/devices.js} in this bundle). */
@Component(service = PortalPage.class)
public class DevicesPortalPage implements PortalPage {

    @Override
    public String id() {
        return "devices";
    }

    @Override
    public String label() {
        return "Devices";
    }

    @Override
    public String module() {
        return "portal/devices.js";
    }

    @Override
    public int order() {
        return 120;
    }
}
