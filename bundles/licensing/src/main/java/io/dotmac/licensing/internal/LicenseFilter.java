package io.dotmac.licensing.internal;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.NotAuthenticatedException;
import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.rest.DotMacRest;
import io.dotmac.rest.core.ApiMember;
import io.dotmac.rest.core.ProblemResponses;

/**
 * Licensing layer 1, second half: a request the {@link PluginDispatcher} led to a plugin endpoint goes on only when
 * the tenant it acts for may use that plugin now; otherwise 403 ({@code PluginNotLicensedException} or
 * {@code PluginDisabledException}), the same problem for every plugin by construction. It runs after the
 * authentication filter, for the plugin's method. The plugin is the one the dispatcher marked the request with,
 * else the one the matched class's bundle declares (a class a plugin's own locator led to); core resources pass.
 */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.LICENSE)
@Priority(Priorities.AUTHORIZATION)
public class LicenseFilter implements ContainerRequestFilter, ApiMember {

    @Context
    ResourceInfo resourceInfo;

    // optional: without the database licensing is gone; core resources go on, plugin endpoints get 503
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TenantServices services;

    /** The plugin a class's bundle declares ({@code ""} for none), kept in the class so plugins can be unloaded. */
    private final ClassValue<String> plugins = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            Bundle b = FrameworkUtil.getBundle(type);
            PluginDescriptor p = b == null ? null : PluginCatalogue.describe(b);
            return p == null ? "" : p.id();
        }
    };

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            check(request);
        } catch (DotMacException refused) {
            // answered, not thrown: this runs inside CXF's invoker, which would log a thrown exception's stack trace
            request.abortWith(ProblemResponses.of(refused, request));
        }
    }

    private void check(ContainerRequestContext request) {
        String plugin = plugin(request.getProperty(DotMacRest.PLUGIN_PROPERTY), resourceInfo.getResourceClass());
        if (plugin.isEmpty()) {
            return;
        }
        request.setProperty(DotMacRest.PLUGIN_PROPERTY, plugin); // for the metrics, when the class said it
        if (!(request.getProperty(Caller.class.getName()) instanceof Caller caller)) {
            throw new NotAuthenticatedException("Plugin '" + plugin + "' serves authenticated tenants only");
        }
        TenantServices current = services;
        if (current == null) {
            throw new UnavailableException(Available.LICENSING_DOWN);
        }
        current.check(caller.requireTenant(), plugin);
    }

    /** The plugin a request reached: the dispatcher's mark, else the matched class's bundle's; "" for none. */
    String plugin(Object marked, Class<?> matched) {
        if (marked instanceof String p && !p.isEmpty()) {
            return p;
        }
        return matched == null ? "" : plugins.get(matched);
    }
}
