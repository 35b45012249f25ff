package io.dotmac.bench.open;

import java.util.Set;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Application;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dotmac.tenant.TenantService;

/**
 * {@code GET /bench-open/v1/bench/open/plugins?tenant=<slug>}: the same answer as the guarded plugin endpoint (the
 * tenant's id, slug and tier), from
 * an application of its own with none of DotMac's filters (no token, no tenant resolution, no access level, no
 * licence check), serialised with a plain Jackson mapper. Benchmark only: it would leak every tenant's plugin list.
 * (The DotMac application is fixed since the runtime-core issue, so "the filters idle" is a separate application.)
 */
@Component(service = Application.class)
@JaxrsName("dotmac.bench.open")
@JaxrsApplicationBase("bench-open")
public class OpenPlugins extends Application {

    private final Set<Object> singletons;

    @Activate
    public OpenPlugins(@Reference TenantService tenants) {
        this.singletons = Set.of(new Resource(tenants));
    }

    @Override
    public Set<Object> getSingletons() {
        return singletons;
    }

    /** The resource. */
    @Path("v1/bench/open/plugins")
    public static final class Resource {
        private final ObjectMapper mapper = new ObjectMapper();
        private final TenantService tenants;

        Resource(TenantService tenants) {
            this.tenants = tenants;
        }

        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public String plugins(@QueryParam("tenant") String tenant) throws JsonProcessingException {
            io.dotmac.platform.api.TenantRef t = tenants.get(tenant).ref();
            java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
            out.put("id", t.id());
            out.put("slug", t.slug());
            out.put("tier", t.tier().name());
            return mapper.writeValueAsString(out);
        }
    }
}
