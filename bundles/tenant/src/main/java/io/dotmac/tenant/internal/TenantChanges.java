package io.dotmac.tenant.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.persistence.ChangeListener;

/**
 * Hears what other nodes change of the tenants. A component of its own: registering the registry itself as a
 * {@link ChangeListener} (a type of the published API) would show the platform's {@code TenantService} to plugins
 * that look it up by filter.
 */
@Component(property = ChangeListener.KIND_PROPERTY + "=" + TenantRegistry.KIND)
public class TenantChanges implements ChangeListener {

    private final TenantRegistry registry;

    @Activate
    public TenantChanges(@Reference TenantRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void changed(String kind, String tenantId) {
        registry.changed(tenantId);
    }

    @Override
    public void reloadAll() {
        registry.reloadAll();
    }
}
