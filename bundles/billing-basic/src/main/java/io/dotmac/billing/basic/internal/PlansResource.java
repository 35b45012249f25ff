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

import io.dotmac.billing.basic.Plan;
import io.dotmac.billing.basic.PlanInput;
import io.dotmac.billing.basic.PlanService;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.rest.Callers;

/** {@code /api/v1/plans}: the current tenant's service plans. */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("plans")
@Produces(MediaType.APPLICATION_JSON)
public class PlansResource implements PluginEndpoint {

    private final PlanService plans;

    @Activate
    public PlansResource(@Reference PlanService plans) {
        this.plans = plans;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(PlanInput input, @Context SecurityContext security, @Context UriInfo uri) {
        Plan created = plans.create(Callers.tenant(security), input);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    public Page<Plan> list(@QueryParam("active") String active, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor, @Context SecurityContext security) {
        Boolean only = null;
        if (active != null) {
            if (!active.equals("true") && !active.equals("false")) {
                throw new ValidationException("active", "must be true or false");
            }
            only = Boolean.valueOf(active);
        }
        return plans.list(Callers.tenant(security), only, Page.limit(limit), cursor);
    }

    @GET
    @Path("{id}")
    public Plan get(@PathParam("id") String id, @Context SecurityContext security) {
        return plans.get(Callers.tenant(security), id);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Plan update(@PathParam("id") String id, PlanInput changes, @Context SecurityContext security) {
        return plans.update(Callers.tenant(security), id, changes);
    }
}
