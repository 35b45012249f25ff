package io.dotmac.notifications.email.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.PluginActivation;
import io.dotmac.platform.api.TenantRef;

/**
 * Per-tenant activation of {@code email_notifications}: an active tenant's outbox is sent; a deactivated tenant's
 * messages wait (and no new ones are written: licensing layer 2 refuses it), and go out if it gets the plugin back.
 */
@Component(property = PluginActivation.PLUGIN_PROPERTY + "=" + EmailOutbox.PLUGIN)
public class Activation implements PluginActivation {

    private final EmailOutbox outbox;

    @Activate
    public Activation(@Reference EmailOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void activate(TenantRef tenant) {
        outbox.setActive(tenant, true);
    }

    @Override
    public void deactivate(TenantRef tenant) {
        outbox.setActive(tenant, false);
    }
}
