package io.dotmac.integrations.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.persistence.ChangeListener;

/**
 * Hears what other nodes change of the tenants' webhooks: this node forgets its cached copy. A component of its own, so that the
 * store's registration carries no more types than it did.
 */
@Component(property = ChangeListener.KIND_PROPERTY + "=" + WebhookStore.HOOKS_CHANGED)
public class WebhookChanges implements ChangeListener {

    private final WebhookStore store;

    @Activate
    public WebhookChanges(@Reference WebhookStore store) {
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
