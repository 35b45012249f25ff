package io.dotmac.marketplace.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.persistence.ChangeListener;

/**
 * Hears that a node installed, changed or removed a marketplace plugin: this node does the same (from the archive
 * kept in the database), so the catalogue is the same on every node.
 */
@Component(property = ChangeListener.KIND_PROPERTY + "=" + MarketplaceService.INSTALLS_CHANGED)
public class MarketplaceInstalls implements ChangeListener {

    /** Bound when it is there: taken dynamically, so that hearing never starts it (a cycle through the bus). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MarketplaceService marketplace;

    @Override
    public void changed(String kind, String key) {
        MarketplaceService target = marketplace;
        if (target != null) {
            target.followLater(key, false);
        }
    }

    @Override
    public void reloadAll() {
        MarketplaceService target = marketplace;
        if (target != null) {
            target.followAll();
        }
    }
}
