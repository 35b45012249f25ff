package io.dotmac.licensing.internal;

import java.util.Optional;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;

import io.dotmac.licensing.Licensing;
import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.NotAuthenticatedException;
import io.dotmac.platform.api.PluginDescriptor;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.rest.DotMacRest;

/**
 * Licensing layer 1: a request to a resource registered by a plugin's bundle goes on only when the tenant it acts
 * for may use that plugin; otherwise 403 ({@code PluginNotLicensedException} or {@code PluginDisabledException}).
 * Core resources (bundles that declare no plugin) pass untouched.
 */
@Component(service = ContainerRequestFilter.class,
        property = DotMacRest.EXTENSION_PROPERTY + "=" + DotMacRest.LICENSE_EXTENSION)
@JaxrsExtension
@JaxrsApplicationSelect(DotMacRest.APPLICATION_SELECT)
@Priority(Priorities.AUTHORIZATION)
public class LicenseFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resourceInfo;

    private final Licensing licensing;
    private final TenantServices services;
    /** Bundle id of a resource class, kept in the class itself so plugin classes can still be unloaded. */
    private final ClassValue<Long> bundles = new ClassValue<>() {
        @Override
        protected Long computeValue(Class<?> type) {
            Bundle b = FrameworkUtil.getBundle(type);
            return b == null ? -1L : b.getBundleId();
        }
    };

    @Activate
    public LicenseFilter(@Reference Licensing licensing, @Reference TenantServices services) {
        this.licensing = licensing;
        this.services = services;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Class<?> type = resourceInfo.getResourceClass();
        if (type == null) {
            return;
        }
        Optional<PluginDescriptor> plugin = licensing.pluginOf(bundleId(type));
        if (plugin.isEmpty()) {
            return;
        }
        Object caller = request.getProperty(Caller.class.getName());
        if (!(caller instanceof Caller c)) {
            throw new NotAuthenticatedException("Plugin '" + plugin.get().id() + "' serves authenticated tenants only");
        }
        services.check(c.requireTenant(), plugin.get().id());
    }

    private long bundleId(Class<?> type) {
        return bundles.get(type);
    }
}
