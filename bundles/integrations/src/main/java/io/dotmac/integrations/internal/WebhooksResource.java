package io.dotmac.integrations.internal;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
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

import io.dotmac.integrations.Webhook;
import io.dotmac.integrations.WebhookDelivery;
import io.dotmac.integrations.Webhooks;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.rest.Callers;

/**
 * {@code /api/v1/integrations/webhooks}: the current tenant's webhooks (changed by {@code isp_admin} only: they hold
 * secrets and send the tenant's data out), their delivery log, and redelivery.
 */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("integrations/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource implements PluginEndpoint {

    private final Webhooks webhooks;

    @Activate
    public WebhooksResource(@Reference Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Response create(Webhook.Input input, @Context SecurityContext security, @Context UriInfo uri) {
        Webhook created = webhooks.create(Callers.tenant(security), input);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    /** {@code GET /integrations/webhooks/topics}: the events a webhook may take (or a prefix of them ending in /*). */
    @GET
    @Path("topics")
    public List<String> topics() {
        return Topics.KNOWN;
    }

    @GET
    public Page<Webhook> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        return webhooks.list(Callers.tenant(security), Page.limit(limit), cursor);
    }

    @GET
    @Path("{id}")
    public Webhook get(@PathParam("id") String id, @Context SecurityContext security) {
        return webhooks.get(Callers.tenant(security), id);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Webhook replace(@PathParam("id") String id, Webhook.Input input, @Context SecurityContext security) {
        return webhooks.replace(Callers.tenant(security), id, input);
    }

    @DELETE
    @Path("{id}")
    @Access(Access.Level.TENANT_ADMIN)
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        webhooks.delete(Callers.tenant(security), id);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/deliveries")
    public Page<WebhookDelivery> deliveries(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        return webhooks.deliveries(Callers.tenant(security), id, status, Page.limit(limit), cursor);
    }

    @POST
    @Path("{id}/deliveries/{delivery}/redeliver")
    @Access(Access.Level.TENANT_ADMIN)
    public Response redeliver(@PathParam("id") String id, @PathParam("delivery") String delivery,
            @Context SecurityContext security) {
        return Response.accepted(webhooks.redeliver(Callers.tenant(security), id, delivery)).build();
    }
}
