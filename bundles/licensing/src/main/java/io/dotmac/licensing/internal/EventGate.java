package io.dotmac.licensing.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.licensing.Licensing;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.persistence.TransactionalEventListener;
import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.tenant.TenantService;

/**
 * Domain events reach a plugin through licensing: a tenant's event is delivered to a plugin's listener only while
 * that tenant may use the plugin now. The {@link PluginBoundary} hides the listeners plugins register (EventAdmin
 * {@link EventHandler}s and {@link TransactionalEventListener}s) from every bundle but their own and this one; for
 * each, this gate registers a stand-in with the same topics that passes an event on only when the tenant is
 * entitled to the listener's plugin and has it switched on. So no listener checks its licence itself, and none can
 * forget to. Events without a tenant are passed on.
 *
 * <p>Without licensing (the database down at boot) an in-transaction event fails the transaction (503: nothing is
 * half-written), and an EventAdmin event for a plugin is dropped with a warning.
 */
@Component(immediate = true, service = {})
public class EventGate {

    private static final Logger LOG = LoggerFactory.getLogger(EventGate.class);
    /** The stand-in's property naming the service it stands in for. */
    static final String STANDS_IN_FOR = "io.dotmac.licensing.standsInFor";
    private static final Set<String> NOT_COPIED = Set.of(Constants.OBJECTCLASS, Constants.SERVICE_ID,
            Constants.SERVICE_BUNDLEID, Constants.SERVICE_SCOPE, "component.id", "component.name");

    private final BundleContext context;
    private final ServiceTracker<EventHandler, ServiceRegistration<?>> handlers;
    private final ServiceTracker<TransactionalEventListener, ServiceRegistration<?>> listeners;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Licensing licensing;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TenantService tenants;

    private final Map<String, Boolean> warned = new ConcurrentHashMap<>();

    @Activate
    public EventGate(BundleContext context) {
        this.context = context;
        this.handlers = new ServiceTracker<>(context, EventHandler.class, null) {
            @Override
            public ServiceRegistration<?> addingService(ServiceReference<EventHandler> ref) {
                String plugin = pluginOf(ref);
                EventHandler handler = plugin == null ? null : context.getService(ref);
                if (handler == null) {
                    return null;
                }
                EventHandler standIn = event -> deliver(plugin, event, handler);
                return context.registerService(EventHandler.class, standIn, properties(ref, plugin));
            }

            @Override
            public void removedService(ServiceReference<EventHandler> ref, ServiceRegistration<?> standIn) {
                unregister(standIn);
                context.ungetService(ref);
            }
        };
        this.listeners = new ServiceTracker<>(context, TransactionalEventListener.class, null) {
            @Override
            public ServiceRegistration<?> addingService(ServiceReference<TransactionalEventListener> ref) {
                String plugin = pluginOf(ref);
                TransactionalEventListener listener = plugin == null ? null : context.getService(ref);
                if (listener == null) {
                    return null;
                }
                TransactionalEventListener standIn = (tenant, topic, properties) -> {
                    if (allowed(tenant, plugin, true)) {
                        listener.inTransaction(tenant, topic, properties);
                    }
                };
                return context.registerService(TransactionalEventListener.class, standIn, properties(ref, plugin));
            }

            @Override
            public void removedService(ServiceReference<TransactionalEventListener> ref, ServiceRegistration<?> s) {
                unregister(s);
                context.ungetService(ref);
            }
        };
        handlers.open();
        listeners.open();
    }

    @Deactivate
    void deactivate() {
        handlers.close();
        listeners.close();
    }

    /** The plugin that registered a listener; null for a listener of ours or the platform (and our stand-ins). */
    private static String pluginOf(ServiceReference<?> ref) {
        if (ref.getProperty(STANDS_IN_FOR) != null || ref.getBundle() == null) {
            return null;
        }
        PluginDescriptor p = PluginCatalogue.describe(ref.getBundle());
        return p == null ? null : p.id();
    }

    private static Dictionary<String, Object> properties(ServiceReference<?> ref, String plugin) {
        Dictionary<String, Object> out = new Hashtable<>();
        for (String key : ref.getPropertyKeys()) {
            if (!NOT_COPIED.contains(key)) {
                out.put(key, ref.getProperty(key));
            }
        }
        out.put(STANDS_IN_FOR, ref.getProperty(Constants.SERVICE_ID));
        out.put("io.dotmac.plugin", plugin);
        return out;
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // our bundle is stopping
        }
    }

    private void deliver(String plugin, Event event, EventHandler handler) {
        Object tenantId = event.getProperty(DomainEvents.TENANT);
        if (!(tenantId instanceof String id)) {
            handler.handleEvent(event);
            return;
        }
        TenantService directory = tenants;
        TenantRef tenant = directory == null ? null : directory.find(id).map(t -> t.ref()).orElse(null);
        if (tenant == null) {
            if (directory == null) {
                warnOnce(plugin, "no tenant directory");
            }
            return;
        }
        if (allowed(tenant, plugin, false)) {
            handler.handleEvent(event);
        }
    }

    /** Whether the tenant may use the plugin now; without licensing, throws (in a transaction) or says no. */
    boolean allowed(TenantRef tenant, String plugin, boolean inTransaction) {
        Licensing current = licensing;
        if (current == null) {
            if (inTransaction) {
                throw new UnavailableException(Available.LICENSING_DOWN);
            }
            warnOnce(plugin, "licensing is unavailable");
            return false;
        }
        return current.allowed(tenant, plugin);
    }

    private void warnOnce(String plugin, String why) {
        if (warned.putIfAbsent(plugin, Boolean.TRUE) == null) {
            LOG.warn("Events for plugin '{}' are dropped while {}", plugin, why);
        }
    }
}
