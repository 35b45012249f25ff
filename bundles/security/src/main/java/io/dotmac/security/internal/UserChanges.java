package io.dotmac.security.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.persistence.ChangeListener;

/**
 * Hears which users other nodes changed (deactivated, role changed): their tokens' revocations are read again. A
 * component of its own, so that the security service's registration carries no type a plugin may obtain.
 */
@Component(property = ChangeListener.KIND_PROPERTY + "=" + SecurityService.USER_CHANGED)
public class UserChanges implements ChangeListener {

    private final SecurityService security;

    @Activate
    public UserChanges(@Reference SecurityService security) {
        this.security = security;
    }

    @Override
    public void changed(String kind, String userId) {
        security.userChanged(userId);
    }

    @Override
    public void reloadAll() {
        security.reloadRevocations();
    }
}
