package io.dotmac.tenant.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.persistence.ChangeListener;

/**
 * Hears what other nodes change of the tenants. A component of its own: registering the registry itself as a
 * {@link ChangeListener} (a type of the published API) would show the platform's {@code TenantService} to plugins
 * that look it up by filter.
 */
@Component(property = ChangeListener.KIND_PROPERTY + "=" + TenantRegistry.KIND)
public class TenantChanges implements ChangeListener {

    /** Bound when it is there: taken dynamically, so that hearing never starts it (a cycle through the bus). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TenantRegistry registry;

    @Override
    public void changed(String kind, String tenantId) {
        TenantRegistry target = registry;
        if (target != null) {
            target.changed(tenantId);
        }
    }

    @Override
    public void reloadAll() {
        TenantRegistry target = registry;
        if (target != null) {
            target.reloadAll();
        }
    }
}
