package io.dotmac.apiaccess.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.rest.Callers;

/**
 * {@code /api/v1/api-keys}: the current tenant's API keys, for {@code isp_admin} only (a key sends the tenant's data
 * out): create (the key is in that answer only), list, read, revoke, and the use of each per day.
 */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Access(Access.Level.TENANT_ADMIN)
public class ApiKeysResource implements PluginEndpoint {

    private final ApiKeyStore keys;

    @Activate
    public ApiKeysResource(@Reference ApiKeyStore keys) {
        this.keys = keys;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ApiKey.Input input, @Context SecurityContext security, @Context UriInfo uri) {
        ApiKey.Created created = keys.create(Callers.tenant(security), input,
                Callers.caller(security).username());
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    public Page<ApiKey> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        return keys.list(Callers.tenant(security), Page.limit(limit), cursor);
    }

    @GET
    @Path("{id}")
    public ApiKey get(@PathParam("id") String id, @Context SecurityContext security) {
        return keys.get(Callers.tenant(security), id);
    }

    /** Revokes the key: it stops working at once; it stays listed, with {@code revokedAt}. */
    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id, @Context SecurityContext security) {
        keys.revoke(Callers.tenant(security), id);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/usage")
    public ApiKey.Usage usage(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
            @Context SecurityContext security) {
        return keys.usage(Callers.tenant(security), id, from, to);
    }
}
