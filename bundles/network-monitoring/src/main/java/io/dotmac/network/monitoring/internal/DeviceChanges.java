package io.dotmac.network.monitoring.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.persistence.ChangeListener;

/**
 * Hears that a node (this one too) changed a tenant's devices: the poller reads them again, so that whichever node
 * holds a device's part polls it as it is now.
 */
@Component(property = ChangeListener.KIND_PROPERTY + "=" + Devices.DEVICES_CHANGED)
public class DeviceChanges implements ChangeListener {

    /** Bound when it is there: taken dynamically, so that hearing never starts it (a cycle through the bus). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Poller poller;

    @Override
    public void changed(String kind, String key) {
        Poller target = poller;
        if (target != null) {
            target.reload(key);
        }
    }

    @Override
    public void reloadAll() {
        Poller target = poller;
        if (target != null) {
            target.reloadAll();
        }
    }
}
