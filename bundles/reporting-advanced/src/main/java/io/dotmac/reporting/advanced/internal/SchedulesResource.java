package io.dotmac.reporting.advanced.internal;

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

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.reporting.advanced.ReportDelivery;
import io.dotmac.reporting.advanced.ReportSchedule;
import io.dotmac.reporting.advanced.ReportSchedules;
import io.dotmac.rest.Callers;

/**
 * {@code /api/v1/reports/schedules}: the current tenant's scheduled reports, their deliveries, and a run by hand. Any
 * role reads; {@code isp_admin} and {@code isp_staff} change.
 */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("reports/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class SchedulesResource implements PluginEndpoint {

    private final ReportSchedules schedules;

    @Activate
    public SchedulesResource(@Reference ReportSchedules schedules) {
        this.schedules = schedules;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ReportSchedule.Input input, @Context SecurityContext security, @Context UriInfo uri) {
        ReportSchedule created = schedules.create(Callers.tenant(security), input);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    public Page<ReportSchedule> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        return schedules.list(Callers.tenant(security), Page.limit(limit), cursor);
    }

    @GET
    @Path("{id}")
    public ReportSchedule get(@PathParam("id") String id, @Context SecurityContext security) {
        return schedules.get(Callers.tenant(security), id);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ReportSchedule replace(@PathParam("id") String id, ReportSchedule.Input input,
            @Context SecurityContext security) {
        return schedules.replace(Callers.tenant(security), id, input);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        schedules.delete(Callers.tenant(security), id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/run")
    public ReportDelivery run(@PathParam("id") String id, @Context SecurityContext security) {
        return schedules.runNow(Callers.tenant(security), id);
    }

    @GET
    @Path("{id}/deliveries")
    public Page<ReportDelivery> deliveries(@PathParam("id") String id, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor, @Context SecurityContext security) {
        return schedules.deliveries(Callers.tenant(security), id, Page.limit(limit), cursor);
    }
}
