package io.dotmac.licensing.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.persistence.ChangeListener;

/**
 * What other nodes change of the licensing: a tenant's plugin switches and add-ons (read again, their plugins
 * (de)activated here), and the instance licence (kept here too).
 */
@Component(property = { ChangeListener.KIND_PROPERTY + "=" + LicensingService.SWITCHES,
    ChangeListener.KIND_PROPERTY + "=" + LicensingService.INSTANCE })
public class ClusterLicensing implements ChangeListener {

    /** Bound when it is there: taken dynamically, so that hearing never starts it (a cycle through the bus). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LicensingService licensing;

    @Override
    public void changed(String kind, String key) {
        if (kind.equals(LicensingService.INSTANCE)) {
            LicensingService target = licensing;
            if (target != null) {
                target.applyInstanceTier(key);
            }
        } else {
            LicensingService target = licensing;
            if (target != null) {
                target.reloadSwitches(key);
            }
        }
    }

    @Override
    public void reloadAll() {
        LicensingService target = licensing;
        if (target != null) {
            target.reloadAllSwitches();
        }
    }
}
