package io.dotmac.apiaccess.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.persistence.ChangeListener;

/**
 * Hears what other nodes change of the API keys: this node forgets its cached copy. A component of its own, so that the
 * store's registration carries no more types than it did.
 */
@Component(property = ChangeListener.KIND_PROPERTY + "=" + ApiKeyStore.KEY_CHANGED)
public class ApiKeyChanges implements ChangeListener {

    /** Bound when it is there: taken dynamically, so that hearing never starts it (a cycle through the bus). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ApiKeyStore store;

    @Override
    public void changed(String kind, String key) {
        ApiKeyStore target = store;
        if (target != null) {
            target.changed(key);
        }
    }

    @Override
    public void reloadAll() {
        ApiKeyStore target = store;
        if (target != null) {
            target.reloadAll();
        }
    }
}
