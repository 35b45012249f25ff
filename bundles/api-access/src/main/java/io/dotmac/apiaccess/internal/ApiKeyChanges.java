package io.dotmac.apiaccess.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.persistence.ChangeListener;

/**
 * Hears what other nodes change of the API keys: this node forgets its cached copy. A component of its own, so that the
 * store's registration carries no more types than it did.
 */
@Component(property = ChangeListener.KIND_PROPERTY + "=" + ApiKeyStore.KEY_CHANGED)
public class ApiKeyChanges implements ChangeListener {

    private final ApiKeyStore store;

    @Activate
    public ApiKeyChanges(@Reference ApiKeyStore store) {
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
