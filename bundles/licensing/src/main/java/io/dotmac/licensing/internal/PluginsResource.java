package io.dotmac.licensing.internal;

import java.util.List;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.licensing.AddOn;
import io.dotmac.licensing.AddOns;
import io.dotmac.licensing.Licensing;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.rest.core.ApiMember;
import io.dotmac.tenant.TenantService;

/**
 * {@code GET /api/v1/plugins}: the plugin catalogue of this instance; and, for the platform's operator, each plugin's
 * add-ons: {@code GET/PUT/DELETE /api/v1/plugins/{id}/addons[/{tenant}]}.
 */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.PLUGINS)
@Path("v1/plugins")
@Produces(MediaType.APPLICATION_JSON)
@Access(Access.Level.AUTHENTICATED)
public class PluginsResource implements ApiMember {

    /** One catalogue entry. */
    public record PluginView(String id, String name, String tier, String version, String state, String problem) {
    }

    // optional: the application is served without the database, and this resource then answers 503
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Licensing licensing;

    private Licensing licensing() {
        return Available.licensing(licensing);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AddOns addOns;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TenantService tenants;

    /** The tenants that have {@code id} as an add-on (running, or cancelled and not yet ended). */
    @GET
    @Path("{id}/addons")
    @Access(Access.Level.PLATFORM)
    public List<AddOn> addOns(@PathParam("id") String id) {
        if (licensing().plugin(id).isEmpty()) {
            throw new NotFoundException("No plugin '" + id + "' is installed");
        }
        return Available.licensing(addOns).ofPlugin(id);
    }

    /** Grants the tenant (id or slug) the plugin as an add-on, at once; a cancelled one runs on again. */
    @PUT
    @Path("{id}/addons/{tenant}")
    @Access(Access.Level.PLATFORM)
    public AddOn grant(@PathParam("id") String id, @PathParam("tenant") String tenant) {
        return Available.licensing(addOns).grant(tenant(tenant), id, "operator");
    }

    /** Cancels the add-on: {@code ?at=END_OF_MONTH} (the default: the tenant keeps the month) or {@code ?at=NOW}. */
    @DELETE
    @Path("{id}/addons/{tenant}")
    @Access(Access.Level.PLATFORM)
    public AddOn cancel(@PathParam("id") String id, @PathParam("tenant") String tenant, @QueryParam("at") String at) {
        String when = at == null ? "END_OF_MONTH" : at;
        if (!when.equals("END_OF_MONTH") && !when.equals("NOW")) {
            throw new ValidationException("at", "must be END_OF_MONTH or NOW");
        }
        return Available.licensing(addOns).cancel(tenant(tenant), id, when.equals("NOW"));
    }

    private TenantRef tenant(String idOrSlug) {
        return Available.licensing(tenants).find(idOrSlug).map(t -> t.ref())
                .orElseThrow(() -> new NotFoundException("No tenant '" + idOrSlug + "'"));
    }

    @GET
    public List<PluginView> list() {
        return licensing().catalogue().stream()
                .map(p -> new PluginView(p.id(), p.name(), p.tier().name(), p.version(), p.state(),
                        licensing().problem(p.id()).orElse(null)))
                .toList();
    }
}
