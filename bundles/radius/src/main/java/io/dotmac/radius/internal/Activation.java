package io.dotmac.radius.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.PluginActivation;
import io.dotmac.platform.api.TenantRef;

/**
 * Per-tenant activation of {@code radius_aaa}: FreeRADIUS answers for the tenant's subscribers and NASes while it has
 * the plugin, and refuses them once it loses it (its rows are kept).
 */
@Component(property = PluginActivation.PLUGIN_PROPERTY + "=" + RadiusAccounts.PLUGIN)
public class Activation implements PluginActivation {

    private final RadiusAccounts accounts;

    @Activate
    public Activation(@Reference RadiusAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void activate(TenantRef tenant) {
        accounts.activate(tenant);
    }

    @Override
    public void deactivate(TenantRef tenant) {
        accounts.deactivate(tenant);
    }
}
