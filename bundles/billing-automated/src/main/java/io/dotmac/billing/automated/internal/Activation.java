package io.dotmac.billing.automated.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.PluginActivation;
import io.dotmac.platform.api.TenantRef;

/**
 * Per-tenant activation of {@code automated_billing}: an active tenant gets its daily run; a deactivated one no
 * longer does, and keeps its runs, settings and invoices.
 */
@Component(property = PluginActivation.PLUGIN_PROPERTY + "=" + BillingRuns.PLUGIN)
public class Activation implements PluginActivation {

    private final BillingRuns runs;

    @Activate
    public Activation(@Reference BillingRuns runs) {
        this.runs = runs;
    }

    @Override
    public void activate(TenantRef tenant) {
        runs.setActive(tenant, true);
    }

    @Override
    public void deactivate(TenantRef tenant) {
        runs.setActive(tenant, false);
    }
}
