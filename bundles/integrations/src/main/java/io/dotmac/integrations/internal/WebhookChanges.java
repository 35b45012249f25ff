package io.dotmac.integrations.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.persistence.ChangeListener;

/**
 * Hears what other nodes change of the tenants' webhooks: this node forgets its cached copy. A component of its own, so that the
 * store's registration carries no more types than it did.
 */
@Component(property = ChangeListener.KIND_PROPERTY + "=" + WebhookStore.HOOKS_CHANGED)
public class WebhookChanges implements ChangeListener {

    /** Bound when it is there: taken dynamically, so that hearing never starts it (a cycle through the bus). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile WebhookStore store;

    @Override
    public void changed(String kind, String key) {
        WebhookStore target = store;
        if (target != null) {
            target.changed(key);
        }
    }

    @Override
    public void reloadAll() {
        WebhookStore target = store;
        if (target != null) {
            target.reloadAll();
        }
    }
}
