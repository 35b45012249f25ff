package io.dotmac.bench.guarded;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.tenant.TenantService;

/**
 * {@code GET /api/v1/bench/guarded/plugins}: the caller's tenant (id, slug, tier) read from the tenant service, behind
 * the whole chain (bearer token, tenant resolution, dispatcher, access level, licence check).
 */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("bench/guarded/plugins")
public class GuardedPlugins implements PluginEndpoint {

    private final TenantService tenants;

    @Activate
    public GuardedPlugins(@Reference TenantService tenants) {
        this.tenants = tenants;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> plugins(@Context SecurityContext security) {
        TenantRef t = tenants.get(((Caller) security.getUserPrincipal()).requireTenant().id()).ref();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("id", t.id());
        out.put("slug", t.slug());
        out.put("tier", t.tier().name());
        return out;
    }
}
