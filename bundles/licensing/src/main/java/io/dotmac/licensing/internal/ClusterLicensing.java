package io.dotmac.licensing.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.persistence.ChangeListener;

/**
 * What other nodes change of the licensing: a tenant's plugin switches and add-ons (read again, their plugins
 * (de)activated here), and the instance licence (kept here too).
 */
@Component(property = { ChangeListener.KIND_PROPERTY + "=" + LicensingService.SWITCHES,
    ChangeListener.KIND_PROPERTY + "=" + LicensingService.INSTANCE })
public class ClusterLicensing implements ChangeListener {

    private final LicensingService licensing;

    @Activate
    public ClusterLicensing(@Reference LicensingService licensing) {
        this.licensing = licensing;
    }

    @Override
    public void changed(String kind, String key) {
        if (kind.equals(LicensingService.INSTANCE)) {
            licensing.applyInstanceTier(key);
        } else {
            licensing.reloadSwitches(key);
        }
    }

    @Override
    public void reloadAll() {
        licensing.reloadAllSwitches();
    }
}
