package io.dotmac.bench.guarded;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.licensing.Licensing;
import io.dotmac.licensing.TenantPlugin;
import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.PluginEndpoint;

/** {@code GET /api/v1/bench/guarded/plugins}: the caller's tenant's plugin list, behind the whole chain. */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("bench/guarded/plugins")
public class GuardedPlugins implements PluginEndpoint {

    private final Licensing licensing;

    @Activate
    public GuardedPlugins(@Reference Licensing licensing) {
        this.licensing = licensing;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<TenantPlugin> plugins(@Context SecurityContext security) {
        return licensing.plugins(((Caller) security.getUserPrincipal()).requireTenant());
    }
}
