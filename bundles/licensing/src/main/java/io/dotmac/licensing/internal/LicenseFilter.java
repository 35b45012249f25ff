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
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;

import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.NotAuthenticatedException;
import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.rest.DotMacRest;

/**
 * Licensing layer 1: a request to a resource registered by a plugin's bundle goes on only when the tenant it acts
 * for may use that plugin; otherwise 403 ({@code PluginNotLicensedException} or {@code PluginDisabledException}).
 * Core resources (bundles that declare no plugin) pass untouched.
 */
@Component(service = ContainerRequestFilter.class, immediate = true,
        property = DotMacRest.EXTENSION_PROPERTY + "=" + DotMacRest.LICENSE_EXTENSION)
@JaxrsExtension
@JaxrsApplicationSelect(DotMacRest.APPLICATION_SELECT)
@Priority(Priorities.AUTHORIZATION)
public class LicenseFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resourceInfo;

    // optional: without the database licensing is gone; core resources go on, plugin resources get 503
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TenantServices services;
    /**
     * The plugin id a resource class's bundle declares ({@code ""} for none), read from the bundle's capability and
     * kept in the class itself, so plugin classes can still be unloaded.
     */
    private final ClassValue<String> plugins = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            Bundle b = FrameworkUtil.getBundle(type);
            PluginDescriptor p = b == null ? null : PluginCatalogue.describe(b);
            return p == null ? "" : p.id();
        }
    };

    public LicenseFilter() {
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Class<?> type = resourceInfo.getResourceClass();
        if (type == null) {
            return;
        }
        String plugin = plugins.get(type);
        if (plugin.isEmpty()) {
            return;
        }
        Object caller = request.getProperty(Caller.class.getName());
        if (!(caller instanceof Caller c)) {
            throw new NotAuthenticatedException("Plugin '" + plugin + "' serves authenticated tenants only");
        }
        TenantServices current = services;
        if (current == null) {
            throw new UnavailableException("Licensing is unavailable while the database is down; retry later");
        }
        current.check(c.requireTenant(), plugin);
    }
}
