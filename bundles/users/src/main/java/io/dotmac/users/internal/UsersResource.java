package io.dotmac.users.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
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
import io.dotmac.platform.api.ValidationException;
import io.dotmac.rest.Callers;
import io.dotmac.security.TenantUser;
import io.dotmac.security.UserService;

/** {@code /api/v1/users}: the current tenant's users, for its {@code isp_admin}s only. */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("users")
@Produces(MediaType.APPLICATION_JSON)
@Access(Access.Level.TENANT_ADMIN)
public class UsersResource implements PluginEndpoint {

    private final UserService users;

    @Activate
    public UsersResource(@Reference UserService users) {
        this.users = users;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(TenantUser.Input input, @Context SecurityContext security, @Context UriInfo uri) {
        TenantUser created = users.create(Callers.tenant(security), input);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    public Page<TenantUser> list(@QueryParam("role") String role, @QueryParam("active") String active,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        Boolean wanted = null;
        if (active != null) {
            if (!active.equals("true") && !active.equals("false")) {
                throw new ValidationException("active", "must be true or false");
            }
            wanted = Boolean.valueOf(active);
        }
        return users.list(Callers.tenant(security), role, wanted, Page.limit(limit), cursor);
    }

    @GET
    @Path("{id}")
    public TenantUser get(@PathParam("id") String id, @Context SecurityContext security) {
        return users.get(Callers.tenant(security), id);
    }

    /** Changes role, active or e-mail; {@code {"active": false}} deactivates. */
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public TenantUser update(@PathParam("id") String id, TenantUser.Changes changes,
            @Context SecurityContext security) {
        return users.update(Callers.tenant(security), id, changes);
    }

    /** Deactivates the user (the same as {@code PATCH {"active": false}}); their tokens stop working at once. */
    @DELETE
    @Path("{id}")
    public TenantUser deactivate(@PathParam("id") String id, @Context SecurityContext security) {
        return users.update(Callers.tenant(security), id, new TenantUser.Changes(null, false, null));
    }
}
