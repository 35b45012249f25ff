package io.dotmac.billing.basic.internal;

import javax.ws.rs.Consumes;
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

import io.dotmac.billing.basic.Subscription;
import io.dotmac.billing.basic.SubscriptionInput;
import io.dotmac.billing.basic.SubscriptionService;
import io.dotmac.billing.basic.SubscriptionStatus;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.platform.api.Values;
import io.dotmac.rest.Callers;

/** {@code /api/v1/subscriptions}: the current tenant's subscriptions. */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("subscriptions")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionsResource implements PluginEndpoint {

    private final SubscriptionService subscriptions;

    @Activate
    public SubscriptionsResource(@Reference SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(SubscriptionInput input, @Context SecurityContext security, @Context UriInfo uri) {
        Subscription created = subscriptions.create(Callers.tenant(security), input);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    public Page<Subscription> list(@QueryParam("customerId") String customerId, @QueryParam("status") String status,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        return subscriptions.list(Callers.tenant(security), customerId,
                Values.filter(SubscriptionStatus.class, status, "status"), Page.limit(limit), cursor);
    }

    @GET
    @Path("{id}")
    public Subscription get(@PathParam("id") String id, @Context SecurityContext security) {
        return subscriptions.get(Callers.tenant(security), id);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Subscription update(@PathParam("id") String id, SubscriptionInput changes,
            @Context SecurityContext security) {
        return subscriptions.update(Callers.tenant(security), id, changes);
    }

    /** {@code POST .../cancel?at=END_OF_PERIOD} (the default) or {@code ?at=NOW}; no body. */
    @POST
    @Path("{id}/cancel")
    public Subscription cancel(@PathParam("id") String id, @QueryParam("at") String when,
            @Context SecurityContext security) {
        String at = when == null ? "END_OF_PERIOD" : when;
        if (!at.equals("END_OF_PERIOD") && !at.equals("NOW")) {
            throw new ValidationException("at", "must be END_OF_PERIOD or NOW");
        }
        return subscriptions.cancel(Callers.tenant(security), id, at.equals("END_OF_PERIOD"));
    }
}
