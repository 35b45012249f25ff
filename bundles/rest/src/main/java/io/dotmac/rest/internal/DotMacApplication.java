package io.dotmac.rest.internal;

import java.util.Set;

import javax.ws.rs.core.Application;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import io.dotmac.platform.api.metrics.Metrics;
import io.dotmac.rest.core.ApiMember;
import io.dotmac.rest.DotMacRest;

/**
 * The one DotMac JAX-RS application at {@code /api}, fixed: its resources and extensions are this bundle's own
 * (JSON provider, problem mapper, request-id filter, ping) and the core's {@link ApiMember}s, each held by a static
 * reference. It is registered once, when every member is there, and the whiteboard builds it once; nothing is
 * ever added to or removed from it (plugins are reached through the licensing bundle's dispatcher, one of the
 * members), so there is no rebuild and no window in which a path is missing. Should a member's bundle stop, the
 * application goes with it and comes back with it: it fails closed without the authentication filter.
 */
@Component(service = Application.class)
@JaxrsName(DotMacRest.APPLICATION_NAME)
@JaxrsApplicationBase(DotMacRest.APPLICATION_BASE)
public class DotMacApplication extends Application {

    private static final String MEMBER = "(" + ApiMember.MEMBER_PROPERTY + "=";

    private final Set<Object> singletons;
    private final JsonProvider json;
    private final BundleContext context;
    /** A bundle gone or rewired (a plugin removed or updated): the JSON provider forgets the types it had cached. */
    private final BundleListener forgetRemovedTypes;
    /** The requests' metrics while the metrics service is there (optional: the API never waits for it). */
    private volatile HttpMetrics http;
    private Metrics boundMetrics;

    @Activate
    public DotMacApplication(BundleContext context, @Reference AccessLog accessLog,
            @Reference(target = MEMBER + ApiMember.AUTH + ")") ApiMember auth,
            @Reference(target = MEMBER + ApiMember.HEALTH + ")") ApiMember health,
            @Reference(target = MEMBER + ApiMember.TOKEN + ")") ApiMember token,
            @Reference(target = MEMBER + ApiMember.TENANTS + ")") ApiMember tenants,
            @Reference(target = MEMBER + ApiMember.PLUGINS + ")") ApiMember plugins,
            @Reference(target = MEMBER + ApiMember.TENANT_PLUGINS + ")") ApiMember tenantPlugins,
            @Reference(target = MEMBER + ApiMember.INSTANCE_LICENSE + ")") ApiMember instanceLicense,
            @Reference(target = MEMBER + ApiMember.PLUGIN_DISPATCHER + ")") ApiMember dispatcher,
            @Reference(target = MEMBER + ApiMember.LICENSE + ")") ApiMember license,
            @Reference(target = MEMBER + ApiMember.OPENAPI + ")") ApiMember openapi,
            @Reference(target = MEMBER + ApiMember.API_DOCS + ")") ApiMember apiDocs,
            @Reference(target = MEMBER + ApiMember.PORTAL + ")") ApiMember portal,
            @Reference(target = MEMBER + ApiMember.MARKETPLACE + ")") ApiMember marketplace,
            @Reference(target = MEMBER + ApiMember.ISP_REGISTRATION + ")") ApiMember ispRegistration,
            @Reference(target = MEMBER + ApiMember.DEPLOYMENTS + ")") ApiMember deployments,
            @Reference(target = MEMBER + ApiMember.PLATFORM + ")") ApiMember platform,
            @Reference(target = MEMBER + ApiMember.DEMOS + ")") ApiMember demos,
            @Reference(target = MEMBER + ApiMember.CUSTOMER_PORTAL + ")") ApiMember customerPortal) {
        this.json = new JsonProvider();
        this.singletons = Set.of(json, new ProblemMapper(), new RequestIdFilter(accessLog, () -> http), new QueryNumbers(),
                new AcceptJson(), new KnownQueryParameters(),
                new PingResource(), auth, health, token, tenants, plugins, tenantPlugins, instanceLicense, dispatcher,
                license, openapi, apiDocs, portal, marketplace, ispRegistration, deployments, platform, demos,
                customerPortal);
        this.context = context;
        this.forgetRemovedTypes = event -> {
            if (event.getType() == BundleEvent.UNINSTALLED || event.getType() == BundleEvent.UNRESOLVED) {
                json.forgetTypes();
            }
        };
        context.addBundleListener(forgetRemovedTypes);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindMetrics(Metrics metrics) {
        http = new HttpMetrics(metrics);
        boundMetrics = metrics;
    }

    synchronized void unbindMetrics(Metrics metrics) {
        if (boundMetrics == metrics) { // not when a greedy replacement was bound first
            http = null;
            boundMetrics = null;
        }
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(forgetRemovedTypes);
    }

    @Override
    public Set<Object> getSingletons() {
        return singletons;
    }
}
