package io.dotmac.radius.internal;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
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
 * {@code /api/v1/radius}: the current tenant's RADIUS accounts (one per subscription), their sessions and usage from
 * accounting, its NASes, its settings, and the Disconnect/CoA requests sent. Any role reads; {@code isp_admin}
 * changes.
 */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("radius")
@Produces(MediaType.APPLICATION_JSON)
public class RadiusResource implements PluginEndpoint {

    private final RadiusAccounts radius;

    @Activate
    public RadiusResource(@Reference RadiusAccounts radius) {
        this.radius = radius;
    }

    @GET
    @Path("accounts")
    public Page<RadiusAccount> accounts(@QueryParam("subscriptionId") String subscriptionId,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        return radius.accounts(Callers.tenant(security), subscriptionId, Page.limit(limit), cursor);
    }

    @POST
    @Path("accounts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Response create(RadiusAccount.Input input, @Context SecurityContext security, @Context UriInfo uri) {
        RadiusAccount a = radius.create(Callers.tenant(security), input);
        return Response.created(uri.getAbsolutePathBuilder().path(a.id()).build()).entity(a).build();
    }

    @GET
    @Path("accounts/{id}")
    public RadiusAccount account(@PathParam("id") String id, @Context SecurityContext security) {
        return radius.account(Callers.tenant(security), id);
    }

    @PATCH
    @Path("accounts/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public RadiusAccount change(@PathParam("id") String id, RadiusAccount.Changes changes,
            @Context SecurityContext security) {
        return radius.change(Callers.tenant(security), id, changes);
    }

    @DELETE
    @Path("accounts/{id}")
    @Access(Access.Level.TENANT_ADMIN)
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        radius.delete(Callers.tenant(security), id);
        return Response.noContent().build();
    }

    /** The account's sessions started between {@code from} and {@code to} (dates, UTC; the last 30 days). */
    @GET
    @Path("accounts/{id}/sessions")
    public List<Session> sessions(@PathParam("id") String id, @QueryParam("from") String from,
            @QueryParam("to") String to, @Context SecurityContext security) {
        return radius.sessions(Callers.tenant(security), id, from, to);
    }

    /** The account's usage per day (UTC) between {@code from} and {@code to} (the last 30 days by default). */
    @GET
    @Path("accounts/{id}/usage")
    public List<UsageDay> usage(@PathParam("id") String id, @QueryParam("from") String from,
            @QueryParam("to") String to, @Context SecurityContext security) {
        return radius.usage(Callers.tenant(security), id, from, to);
    }

    @GET
    @Path("nas")
    public Page<Nas> nases(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        return radius.nases(Callers.tenant(security), Page.limit(limit), cursor);
    }

    @POST
    @Path("nas")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Response createNas(Nas.Input input, @Context SecurityContext security, @Context UriInfo uri) {
        Nas n = radius.createNas(Callers.tenant(security), input);
        return Response.created(uri.getAbsolutePathBuilder().path(n.id()).build()).entity(n).build();
    }

    @GET
    @Path("nas/{id}")
    public Nas nas(@PathParam("id") String id, @Context SecurityContext security) {
        return radius.nas(Callers.tenant(security), id);
    }

    @DELETE
    @Path("nas/{id}")
    @Access(Access.Level.TENANT_ADMIN)
    public Response deleteNas(@PathParam("id") String id, @Context SecurityContext security) {
        radius.deleteNas(Callers.tenant(security), id);
        return Response.noContent().build();
    }

    @GET
    @Path("settings")
    public RadiusSettings settings(@Context SecurityContext security) {
        return radius.settings(Callers.tenant(security));
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public RadiusSettings saveSettings(RadiusSettings settings, @Context SecurityContext security) {
        return radius.saveSettings(Callers.tenant(security), settings);
    }

    /** The Disconnect and CoA requests sent, oldest first, optionally of one subscription. */
    @GET
    @Path("requests")
    public Page<CoaRequest> requests(@QueryParam("subscriptionId") String subscriptionId,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        return radius.requests(Callers.tenant(security), subscriptionId, Page.limit(limit), cursor);
    }
}
