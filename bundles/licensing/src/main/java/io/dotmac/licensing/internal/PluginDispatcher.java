package io.dotmac.licensing.internal;

import java.util.ArrayList;
import java.util.List;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Path;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.PathSegment;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.UriInfo;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.licensing.PluginRoutes;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.rest.DotMacRest;
import io.dotmac.rest.core.ApiMember;

/**
 * Licensing layer 1, and the only way a request reaches a plugin: one sub-resource locator of the fixed REST
 * application for every path under {@code /api/v1} that no core resource has. It finds the {@link PluginEndpoint}
 * with the longest root that starts the path and returns the endpoint's object, whose methods JAX-RS then matches
 * against the rest of the path; the {@link LicenseFilter} then refuses a tenant that may not use that endpoint's
 * plugin now (403 {@code PluginNotLicensedException} or {@code PluginDisabledException}). An unknown root is a
 * 404, unless another live node of the deployment serves it ({@link NodeRoutes}): then 503 with {@code Retry-After},
 * as during a rolling upgrade.
 *
 * <p>Plugins come and go as services: binding one changes the {@link EndpointTable}, never the application.
 * Endpoints of plugins above the instance licence never arrive here (the licence hooks hide them).
 */
@Component(service = { ApiMember.class, PluginRoutes.class }, immediate = true,
        property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.PLUGIN_DISPATCHER)
@Path("v1")
public class PluginDispatcher implements ApiMember, PluginRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(PluginDispatcher.class);

    private final EndpointTable table = new EndpointTable();

    /** The other nodes' roots, when the database is there (taken dynamically: it needs this dispatcher). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile NodeRoutes nodeRoutes;
    private final CxfResourceCache cxf = new CxfResourceCache();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addEndpoint(PluginEndpoint endpoint, ServiceReference<PluginEndpoint> reference) {
        EndpointTable.Endpoint e = endpoint(endpoint, reference);
        String refused = table.add(e);
        if (refused == null) {
            LOG.info("Plugin '{}' serves /api/v1/{} ({})", e.plugin(), e.root(), e.bundle());
        } else {
            LOG.error("Endpoint {} of bundle {} is not served: {}", endpoint.getClass().getName(), e.bundle(),
                    refused);
        }
    }

    void removeEndpoint(PluginEndpoint endpoint, ServiceReference<PluginEndpoint> reference) {
        EndpointTable.Endpoint next = table.remove((Long) reference.getProperty(Constants.SERVICE_ID));
        if (next != null) {
            LOG.info("Plugin '{}' serves /api/v1/{} now ({})", next.plugin(), next.root(), next.bundle());
        }
        int forgotten = cxf.forget(endpoint.getClass().getClassLoader());
        LOG.debug("Forgot {} CXF resource models of {}", forgotten, endpoint.getClass().getName());
    }

    private static EndpointTable.Endpoint endpoint(PluginEndpoint endpoint, ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        PluginDescriptor plugin = bundle == null ? null : PluginCatalogue.describe(bundle);
        Object root = reference.getProperty(PluginEndpoint.ROOT_PROPERTY);
        return new EndpointTable.Endpoint(root instanceof String r ? r : null, plugin == null ? null : plugin.id(),
                bundle == null ? "?" : bundle.getSymbolicName(), (Long) reference.getProperty(Constants.SERVICE_ID),
                endpoint);
    }

    @Override
    public List<Route> routes() {
        return table.routes();
    }

    /**
     * {@code /api/v1/<root>/...}: the plugin endpoint of the longest root the path starts with. The request is marked
     * with the endpoint's plugin, which the {@link LicenseFilter} checks once the caller is known (CXF runs the
     * filters for the method this object leads to, not for this locator).
     */
    @Path("{root}")
    public Object dispatch(@Context UriInfo uri, @Context Request request, @Context HttpServletRequest servlet) {
        cxf.remember();
        List<String> segments = segments(uri);
        EndpointTable.Match match = table.resolve(segments);
        if (match == null) {
            NodeRoutes cluster = nodeRoutes;
            String plugin = cluster == null ? null : cluster.elsewhere(segments);
            if (plugin != null) {
                // a rolling upgrade, or an install not yet here: another node has it, so the client retries
                throw new UnavailableException("Plugin '" + plugin + "' is not installed on this node yet (another "
                        + "node serves it); retry");
            }
            throw new NotFoundException("No resource at " + request.getMethod() + " /api/"
                    + uri.getPath(false).replaceFirst("^/+", ""));
        }
        servlet.setAttribute(DotMacRest.PLUGIN_PROPERTY, match.endpoint().plugin());
        servlet.setAttribute(DotMacRest.ROUTE_PREFIX_PROPERTY, "/" + DotMacRest.APPLICATION_BASE + "/v1/"
                + match.endpoint().root());
        Object resource = match.endpoint().resource();
        return match.depth() == 1 ? resource : new Descent(resource, match.depth() - 1);
    }

    /** The path's segments after {@code v1} (decoded; empty ones, from double slashes, left out). */
    private static List<String> segments(UriInfo uri) {
        List<PathSegment> all = uri.getPathSegments();
        List<String> out = new ArrayList<>(all.size());
        for (int i = 1; i < all.size(); i++) {
            String s = all.get(i).getPath();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The further segments of a root of several ({@code reports/mrr}): each is consumed by one more locator, so the
     * endpoint's methods are matched against what follows its root.
     */
    public static final class Descent {
        private final Object resource;
        private final int remaining;

        Descent(Object resource, int remaining) {
            this.resource = resource;
            this.remaining = remaining;
        }

        @Path("{segment}")
        public Object next() {
            return remaining == 1 ? resource : new Descent(resource, remaining - 1);
        }
    }
}
