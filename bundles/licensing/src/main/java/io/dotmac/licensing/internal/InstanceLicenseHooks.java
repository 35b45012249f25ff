package io.dotmac.licensing.internal;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongPredicate;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

/**
 * Licensing layer 3: hides the services of plugins above the instance licence from every other bundle (the JAX-RS
 * whiteboard included), so such a plugin is installed but inert. A plugin bundle still sees its own services, and
 * the system bundle sees everything. Called by the framework on every service lookup and event, so it only asks
 * an in-memory predicate by bundle id.
 */
final class InstanceLicenseHooks implements FindHook, EventListenerHook {

    private final LongPredicate hiddenBundle;

    /** @param hiddenBundle whether the services of a bundle (by id) are to be hidden now */
    InstanceLicenseHooks(LongPredicate hiddenBundle) {
        this.hiddenBundle = hiddenBundle;
    }

    private boolean hiddenFrom(ServiceReference<?> ref, BundleContext viewer) {
        Bundle owner = ref.getBundle();
        if (owner == null || !hiddenBundle.test(owner.getBundleId())) {
            return false;
        }
        Bundle looking = viewer.getBundle();
        return looking.getBundleId() != 0 && looking.getBundleId() != owner.getBundleId();
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        for (Iterator<ServiceReference<?>> i = references.iterator(); i.hasNext();) {
            if (hiddenFrom(i.next(), context)) {
                i.remove();
            }
        }
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        ServiceReference<?> ref = event.getServiceReference();
        Bundle owner = ref.getBundle();
        if (owner == null || !hiddenBundle.test(owner.getBundleId())) {
            return;
        }
        listeners.keySet().removeIf(viewer -> hiddenFrom(ref, viewer));
    }
}
