package io.dotmac.automation.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.persistence.ChangeListener;

/**
 * Hears what other nodes change of the tenants' automation rules: this node forgets its cached copy. A component of its own, so that the
 * store's registration carries no more types than it did.
 */
@Component(property = ChangeListener.KIND_PROPERTY + "=" + RuleStore.RULES_CHANGED)
public class RuleChanges implements ChangeListener {

    private final RuleStore store;

    @Activate
    public RuleChanges(@Reference RuleStore store) {
        this.store = store;
    }

    @Override
    public void changed(String kind, String key) {
        store.changed(key);
    }

    @Override
    public void reloadAll() {
        store.reloadAll();
    }
}
