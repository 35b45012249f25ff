package io.dotmac.escapeplugin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.PluginActivation;
import io.dotmac.platform.api.TenantRef;

/**
 * An activation that fails the way third-party code does: it throws for a tenant whose slug starts with
 * {@code boom}, hangs for one starting with {@code hang}, and counts the others (by slug).
 */
@Component(service = { PluginActivation.class, FlakyActivation.class },
        property = PluginActivation.PLUGIN_PROPERTY + "=escape_plugin")
public class FlakyActivation implements PluginActivation {

    final List<String> activated = new CopyOnWriteArrayList<>();

    @Override
    public void activate(TenantRef tenant) {
        if (tenant.slug().startsWith("boom")) {
            throw new IllegalStateException("the escape plugin cannot set up " + tenant.slug());
        }
        if (tenant.slug().startsWith("hang")) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        activated.add(tenant.slug());
    }

    @Override
    public void deactivate(TenantRef tenant) {
        activated.remove(tenant.slug());
    }
}
