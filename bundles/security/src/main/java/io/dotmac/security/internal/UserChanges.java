package io.dotmac.security.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.persistence.ChangeListener;

/**
 * Hears which users other nodes changed (deactivated, role changed): their tokens' revocations are read again. A
 * component of its own, so that the security service's registration carries no type a plugin may obtain.
 */
@Component(property = ChangeListener.KIND_PROPERTY + "=" + SecurityService.USER_CHANGED)
public class UserChanges implements ChangeListener {

    /** Bound when it is there: taken dynamically, so that hearing never starts it (a cycle through the bus). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SecurityService security;

    @Override
    public void changed(String kind, String userId) {
        SecurityService target = security;
        if (target != null) {
            target.userChanged(userId);
        }
    }

    @Override
    public void reloadAll() {
        SecurityService target = security;
        if (target != null) {
            target.reloadRevocations();
        }
    }
}
