package io.dotmac.bench.open;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.dotmac.licensing.Licensing;
import io.dotmac.licensing.TenantPlugin;
import io.dotmac.platform.api.Access;
import io.dotmac.rest.DotMacRest;
import io.dotmac.tenant.TenantService;

/**
 * {@code GET /api/v1/bench/open/plugins?tenant=<slug>}: the same answer with the chain's filters idle (anonymous,
 * not a plugin). Benchmark only: it would leak every tenant's plugin list.
 */
@Component(service = OpenPlugins.class)
@JaxrsResource
@JaxrsName("dotmac.bench.open")
@JaxrsApplicationSelect(DotMacRest.APPLICATION_SELECT)
@Path("v1/bench/open/plugins")
@Access(Access.Level.ANONYMOUS)
public class OpenPlugins {

    private final Licensing licensing;
    private final TenantService tenants;

    @Activate
    public OpenPlugins(@Reference Licensing licensing, @Reference TenantService tenants) {
        this.licensing = licensing;
        this.tenants = tenants;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<TenantPlugin> plugins(@QueryParam("tenant") String tenant) {
        return licensing.plugins(tenants.get(tenant).ref());
    }
}
