package io.dotmac.licensing.internal;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The sealed plugin boundary: service hooks that keep a plugin bundle (one declaring {@code io.dotmac.plugin},
 * ours or a marketplace developer's) on the published way in.
 * <ul>
 * <li>Web services a plugin registers are hidden from every other bundle, so neither the JAX-RS nor the HTTP
 * whiteboard ever sees them: JAX-RS applications, resources and extensions, servlets, filters, listeners, servlet
 * context helpers (anything with an {@code osgi.jaxrs.*} or {@code osgi.http.whiteboard.*} property, or of a servlet
 * or JAX-RS type), and members of the fixed REST application. The log says why, once per service. A plugin's
 * endpoints are {@code PluginEndpoint}s, reached through the licensing dispatcher only.</li>
 * <li>Event listeners a plugin registers (EventAdmin handlers, transactional listeners) are hidden from every bundle
 * but licensing, whose {@link EventGate} stands in for them and passes a tenant's events on only while the tenant
 * may use the plugin.</li>
 * <li>The platform's privileged services are hidden from plugins: the HTTP service, the features service, the
 * component runtime, the licensing administration ({@code Licensing}, {@code PluginInstaller},
 * {@code PluginRoutes}), and the database below {@code Database}: {@code SystemDatabase} (work across every
 * tenant's rows of every table), the transactions behind it, the data sources and their factories. A plugin's own
 * work across tenants is {@code Database.acrossTenants}, limited to its own tables. (Config Admin stays visible:
 * the component runtime reads each plugin's configuration through the plugin's own bundle context.)</li>
 * <li>Another bundle's internals are hidden from plugins: a service looked up by a type in a package its registering
 * bundle neither exports nor imports (the bundle's own implementation classes) is not found; a service registered
 * under several types stays visible through its published ones.</li>
 * <li>A plugin from outside the platform's own repository (a marketplace developer's: its bundle's location is not
 * {@code mvn:io.dotmac/...}) may obtain nothing of ours beyond the published plugin API, the packages of
 * {@code io.dotmac:dotmac-plugin-api}: not the tenants' administration ({@code TenantService}, which changes a
 * tenant's tier), the users ({@code UserService}, {@code TenantAdminProvisioner}), the secrets' sealer, the
 * licensing's internals. Our own plugins, installed from the platform's repository, keep the core services they are
 * built with. Every bundle the marketplace installs (location {@code marketplace:...}) counts as such a plugin,
 * the libraries a plugin's KAR brings included.</li>
 * </ul>
 * A plugin still sees its own services, and the framework sees everything. The hooks are called on every service
 * lookup and event, so they answer from a per-bundle cache of "declares a plugin". They are registered as the
 * licensing bundle starts (an immediate component with no references), before the plugins start; a whiteboard
 * service a plugin registered earlier has been seen already and is reported, not withdrawn.
 *
 * <p>This is a contract boundary, not a sandbox: without a security manager, code in the same JVM can reach past
 * any service registry rule by reflection. It makes the supported way the only one that works, for plugins that
 * use the registry as intended.
 */
@Component(immediate = true, service = {})
public class PluginBoundary implements FindHook, EventListenerHook, BundleListener {

    private static final Logger LOG = LoggerFactory.getLogger(PluginBoundary.class);

    /** Service types that put code on the HTTP path. */
    static final Set<String> WEB_TYPES = Set.of("javax.ws.rs.core.Application", "javax.servlet.Servlet",
            "javax.servlet.Filter", "javax.servlet.ServletContextListener", "javax.servlet.ServletRequestListener",
            "javax.servlet.http.HttpSessionListener", "org.osgi.service.http.context.ServletContextHelper",
            "javax.ws.rs.container.ContainerRequestFilter", "javax.ws.rs.container.ContainerResponseFilter",
            "javax.ws.rs.ext.ExceptionMapper", "javax.ws.rs.ext.MessageBodyReader",
            "javax.ws.rs.ext.MessageBodyWriter", "javax.ws.rs.ext.ReaderInterceptor",
            "javax.ws.rs.ext.WriterInterceptor", "javax.ws.rs.container.DynamicFeature", "javax.ws.rs.core.Feature",
            "io.dotmac.rest.core.ApiMember");

    /** Event listeners: a plugin's are delivered to through the {@link EventGate}, never directly. */
    static final Set<String> LISTENER_TYPES = Set.of("org.osgi.service.event.EventHandler",
            "io.dotmac.persistence.TransactionalEventListener");

    /** Services a plugin may not obtain. */
    static final Set<String> PRIVILEGED = Set.of("org.osgi.service.http.HttpService",
            "org.ops4j.pax.web.service.WebContainer", "org.apache.karaf.features.FeaturesService",
            "org.osgi.service.component.runtime.ServiceComponentRuntime", "io.dotmac.licensing.Licensing",
            "io.dotmac.licensing.PluginInstaller", "io.dotmac.licensing.PluginRoutes",
            "io.dotmac.persistence.platform.SystemDatabase", "io.dotmac.persistence.internal.JdbcDatabase",
            "javax.sql.DataSource", "org.osgi.service.jdbc.DataSourceFactory");

    /** The published plugin API: the packages of {@code io.dotmac:dotmac-plugin-api} (sdk/plugin-api's pom). */
    static final Set<String> PUBLISHED = Set.of("io.dotmac.platform.api", "io.dotmac.platform.api.net",
            "io.dotmac.platform.api.metrics",
            "io.dotmac.rest", "io.dotmac.persistence", "io.dotmac.customers", "io.dotmac.billing.basic",
            "io.dotmac.billing.automated", "io.dotmac.tickets", "io.dotmac.notifications.email",
            "io.dotmac.integrations", "io.dotmac.network.monitoring");

    /** Where the platform's own bundles are installed from (its features). */
    static final String PLATFORM_LOCATION = "mvn:io.dotmac/";

    private final BundleContext context;
    private final long self;
    private final Map<Long, Boolean> plugins = new ConcurrentHashMap<>();
    /** Per bundle: the packages it exports and imports (what is not among them and not java.* is its own). */
    private final Map<Long, Set<String>> packages = new ConcurrentHashMap<>();
    private final Set<Long> reported = ConcurrentHashMap.newKeySet();
    private final ServiceRegistration<?> registration;

    @Activate
    public PluginBoundary(BundleContext context) {
        this.context = context;
        this.self = context.getBundle().getBundleId();
        context.addBundleListener(this);
        this.registration = context.registerService(
                new String[] {FindHook.class.getName(), EventListenerHook.class.getName()}, this, null);
        for (Bundle b : context.getBundles()) {
            ServiceReference<?>[] registered = b.getRegisteredServices();
            if (registered != null && plugin(b.getBundleId())) {
                for (ServiceReference<?> ref : registered) {
                    if (web(ref)) {
                        LOG.error("Plugin bundle {} registered {} before the plugin boundary was up; it stays visible "
                                + "until the bundle restarts", b.getSymbolicName(), describe(ref));
                    }
                }
            }
        }
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        try {
            registration.unregister();
        } catch (IllegalStateException stopping) {
            // our bundle is stopping
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.UNINSTALLED || event.getType() == BundleEvent.UPDATED
                || event.getType() == BundleEvent.UNRESOLVED) {
            plugins.remove(event.getBundle().getBundleId());
        }
        if (event.getType() != BundleEvent.STARTING && event.getType() != BundleEvent.STOPPING) {
            packages.remove(event.getBundle().getBundleId()); // wired anew
        }
    }

    /**
     * Whether a bundle (by id) declares a plugin, or came from the marketplace (a library a marketplace plugin brought
     * in its KAR is sealed as the plugin is); cached.
     */
    boolean plugin(long bundleId) {
        if (bundleId == 0) {
            return false;
        }
        Boolean known = plugins.get(bundleId);
        if (known != null) {
            return known;
        }
        Bundle bundle = context.getBundle(bundleId);
        boolean is = bundle != null && (PluginCatalogue.describe(bundle) != null
                || bundle.getLocation().startsWith(LicensingService.MARKETPLACE_LOCATION));
        if (bundle != null) {
            plugins.put(bundleId, is);
        }
        return is;
    }

    /** Whether a service puts code on the HTTP path (see the class comment). */
    static boolean web(ServiceReference<?> ref) {
        for (String key : ref.getPropertyKeys()) {
            if (key.startsWith("osgi.jaxrs.") || key.startsWith("osgi.http.whiteboard.")) {
                return true;
            }
        }
        return anyOf(ref, WEB_TYPES);
    }

    private static boolean anyOf(ServiceReference<?> ref, Set<String> types) {
        Object classes = ref.getProperty(Constants.OBJECTCLASS);
        if (classes instanceof String[] names) {
            for (String name : names) {
                if (types.contains(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code viewer} must not see {@code ref} (looked up by type {@code name}, or by filter only: null). */
    boolean hidden(ServiceReference<?> ref, Bundle viewer, String name) {
        long viewerId = viewer.getBundleId();
        if (viewerId == 0) {
            return false;
        }
        Bundle owner = ref.getBundle();
        long ownerId = owner == null ? -1 : owner.getBundleId();
        boolean viewerIsPlugin = plugin(viewerId);
        Rule rule = rule(ref, ownerId, ownerId >= 0 && plugin(ownerId), viewerId, viewerIsPlugin, self);
        if (rule == Rule.WEB) {
            report(ref, owner);
        }
        if (rule != Rule.VISIBLE) {
            return true;
        }
        if (!viewerIsPlugin || owner == null || ownerId == viewerId || ownerId == 0) {
            return false;
        }
        boolean platform = platform(viewer);
        Set<String> ownerPackages = packagesOf(owner);
        if (name != null) {
            return !mayObtain(name, platform, ownerPackages);
        }
        Object classes = ref.getProperty(Constants.OBJECTCLASS);
        if (classes instanceof String[] names) {
            for (String type : names) {
                if (mayObtain(type, platform, ownerPackages)) {
                    return false;
                }
            }
            return names.length > 0;
        }
        return false;
    }

    /** Whether a plugin bundle was installed from the platform's own repository (ours, not a marketplace one). */
    static boolean platform(Bundle bundle) {
        String location = bundle.getLocation();
        return location != null && location.startsWith(PLATFORM_LOCATION);
    }

    /**
     * Whether a plugin (one of ours: {@code platform}) may obtain a service of {@code type} from a bundle that
     * exports and imports {@code ownerPackages}: not the bundle's own internals, and for a plugin not ours nothing of
     * ours outside the published API.
     */
    static boolean mayObtain(String type, boolean platform, Set<String> ownerPackages) {
        int dot = type.lastIndexOf('.');
        String pkg = dot < 0 ? "" : type.substring(0, dot);
        if (!platform && pkg.startsWith("io.dotmac.") && !PUBLISHED.contains(pkg)) {
            return false;
        }
        return pkg.startsWith("java.") || ownerPackages.contains(pkg);
    }

    /** The packages {@code bundle} exports or imports, as wired now (cached until it is wired again). */
    private Set<String> packagesOf(Bundle bundle) {
        return packages.computeIfAbsent(bundle.getBundleId(), id -> {
            org.osgi.framework.wiring.BundleWiring wiring = bundle.adapt(org.osgi.framework.wiring.BundleWiring.class);
            if (wiring == null) {
                return Set.of();
            }
            Set<String> out = new java.util.HashSet<>();
            String ns = org.osgi.framework.namespace.PackageNamespace.PACKAGE_NAMESPACE;
            for (org.osgi.framework.wiring.BundleCapability c : wiring.getCapabilities(ns)) {
                out.add((String) c.getAttributes().get(ns));
            }
            for (org.osgi.framework.wiring.BundleWire w : wiring.getRequiredWires(ns)) {
                out.add((String) w.getCapability().getAttributes().get(ns));
            }
            return Set.copyOf(out);
        });
    }

    /** Why a service is hidden from a viewer, or {@link Rule#VISIBLE}. */
    enum Rule { VISIBLE, WEB, LISTENER, PRIVILEGED }

    /**
     * The rule for service {@code ref} of bundle {@code owner} (a plugin or not) seen by bundle {@code viewer} (a
     * plugin or not); {@code self} is the licensing bundle. The framework (bundle 0) sees everything.
     */
    static Rule rule(ServiceReference<?> ref, long owner, boolean ownerIsPlugin, long viewer, boolean viewerIsPlugin,
            long self) {
        if (viewer == 0 || viewer == owner) {
            return Rule.VISIBLE;
        }
        if (ownerIsPlugin && web(ref)) {
            return Rule.WEB;
        }
        if (ownerIsPlugin && viewer != self && anyOf(ref, LISTENER_TYPES)) {
            return Rule.LISTENER;
        }
        if (viewerIsPlugin && anyOf(ref, PRIVILEGED)) {
            return Rule.PRIVILEGED;
        }
        return Rule.VISIBLE;
    }

    private void report(ServiceReference<?> ref, Bundle owner) {
        if (reported.add((Long) ref.getProperty(Constants.SERVICE_ID))) {
            LOG.warn("Plugin bundle {} registered {}: hidden from the whiteboards and every other bundle. A plugin "
                    + "publishes its REST endpoints as PluginEndpoint services, served through licensing",
                    owner.getSymbolicName(), describe(ref));
        }
    }

    private static String describe(ServiceReference<?> ref) {
        Object classes = ref.getProperty(Constants.OBJECTCLASS);
        return "service " + ref.getProperty(Constants.SERVICE_ID) + " "
                + (classes instanceof String[] names ? String.join(", ", names) : String.valueOf(classes));
    }

    @Override
    public void find(BundleContext viewer, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        for (Iterator<ServiceReference<?>> i = references.iterator(); i.hasNext();) {
            if (hidden(i.next(), viewer.getBundle(), name)) {
                i.remove();
            }
        }
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        ServiceReference<?> ref = event.getServiceReference();
        listeners.keySet().removeIf(viewer -> hidden(ref, viewer.getBundle(), null));
    }
}
