package io.dotmac.automation.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.persistence.ChangeListener;

/**
 * Hears what other nodes change of the tenants' automation rules: this node forgets its cached copy. A component of its own, so that the
 * store's registration carries no more types than it did.
 */
@Component(property = ChangeListener.KIND_PROPERTY + "=" + RuleStore.RULES_CHANGED)
public class RuleChanges implements ChangeListener {

    /** Bound when it is there: taken dynamically, so that hearing never starts it (a cycle through the bus). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RuleStore store;

    @Override
    public void changed(String kind, String key) {
        RuleStore target = store;
        if (target != null) {
            target.changed(key);
        }
    }

    @Override
    public void reloadAll() {
        RuleStore target = store;
        if (target != null) {
            target.reloadAll();
        }
    }
}
