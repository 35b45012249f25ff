package io.dotmac.tickets.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's tickets page ({@code portal/tickets.js} in this bundle). */
@Component(service = PortalPage.class)
public class TicketsPortalPage implements PortalPage {

    @Override
    public String id() {
        return "tickets";
    }

    @Override
    public String label() {
        return "Tickets";
    }

    @Override
    public String module() {
        return "portal/tickets.js";
    }

    @Override
    public int order() {
        return 40;
    }
}
