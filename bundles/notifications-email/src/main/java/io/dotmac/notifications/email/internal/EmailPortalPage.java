package io.dotmac.notifications.email.internal;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PortalPage;

/** The portal's e-mail page: templates, outbox, settings ({@code portal/email.js} in this bundle). */
@Component(service = PortalPage.class)
public class EmailPortalPage implements PortalPage {

    @Override
    public String id() {
        return "email";
    }

    @Override
    public String label() {
        return "E-mail";
    }

    @Override
    public String module() {
        return "portal/email.js";
    }

    @Override
    public int order() {
        return 140;
    }
}
