package io.dotmac.network.monitoring.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.PluginActivation;
import io.dotmac.platform.api.TenantRef;

/** Per-tenant activation of {@code network_monitoring}: starts and stops polling the tenant's devices. */
@Component(property = PluginActivation.PLUGIN_PROPERTY + "=" + Poller.PLUGIN)
public class Activation implements PluginActivation {

    private final Poller poller;

    @Activate
    public Activation(@Reference Poller poller) {
        this.poller = poller;
    }

    @Override
    public void activate(TenantRef tenant) {
        poller.activate(tenant);
    }

    @Override
    public void deactivate(TenantRef tenant) {
        poller.deactivate(tenant);
    }
}
