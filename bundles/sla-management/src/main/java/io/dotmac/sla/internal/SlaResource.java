package io.dotmac.sla.internal;

import java.util.ArrayList;
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

import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.rest.Callers;

/**
 * {@code /api/v1/sla}: the current tenant's agreements, which device measures each subscription, maintenance
 * windows, monthly reports, breaches and evaluations. Any role reads; {@code isp_admin} changes.
 */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("sla")
@Produces(MediaType.APPLICATION_JSON)
public class SlaResource implements PluginEndpoint {

    /** {@code POST /sla/evaluations} body: the finished month to evaluate, {@code yyyy-MM}. */
    public record EvaluationRequest(String month) {
    }

    private final SlaService sla;

    @Activate
    public SlaResource(@Reference SlaService sla) {
        this.sla = sla;
    }

    @GET
    @Path("agreements")
    public List<Agreement> agreements(@Context SecurityContext security) {
        return sla.agreements(Callers.tenant(security));
    }

    @POST
    @Path("agreements")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Response create(Agreement.Input input, @Context SecurityContext security, @Context UriInfo uri) {
        Agreement a = sla.create(Callers.tenant(security), input);
        return Response.created(uri.getAbsolutePathBuilder().path(a.id()).build()).entity(a).build();
    }

    @GET
    @Path("agreements/{id}")
    public Agreement agreement(@PathParam("id") String id, @Context SecurityContext security) {
        return sla.agreement(Callers.tenant(security), id);
    }

    /** Replaces the whole agreement (a field left out is cleared). */
    @PUT
    @Path("agreements/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Agreement replace(@PathParam("id") String id, Agreement.Input input, @Context SecurityContext security) {
        return sla.replace(Callers.tenant(security), id, input);
    }

    @DELETE
    @Path("agreements/{id}")
    @Access(Access.Level.TENANT_ADMIN)
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        sla.delete(Callers.tenant(security), id);
        return Response.noContent().build();
    }

    @GET
    @Path("links")
    public List<Link> links(@Context SecurityContext security) {
        return new ArrayList<>(sla.links(Callers.tenant(security)).values());
    }

    @GET
    @Path("links/{subscriptionId}")
    public Link link(@PathParam("subscriptionId") String subscriptionId, @Context SecurityContext security) {
        return sla.link(Callers.tenant(security), subscriptionId);
    }

    /** Links a subscription to the device (or one of its interfaces) whose outages are its downtime. */
    @PUT
    @Path("links/{subscriptionId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Link putLink(@PathParam("subscriptionId") String subscriptionId, Link.Input input,
            @Context SecurityContext security) {
        return sla.link(Callers.tenant(security), subscriptionId, input);
    }

    @DELETE
    @Path("links/{subscriptionId}")
    @Access(Access.Level.TENANT_ADMIN)
    public Response unlink(@PathParam("subscriptionId") String subscriptionId, @Context SecurityContext security) {
        sla.unlink(Callers.tenant(security), subscriptionId);
        return Response.noContent().build();
    }

    /** The maintenance windows overlapping a month ({@code ?month=yyyy-MM}, default the current one). */
    @GET
    @Path("maintenance")
    public List<MaintenanceWindow> maintenance(@QueryParam("month") String month, @Context SecurityContext security) {
        return sla.maintenance(Callers.tenant(security), sla.month(month));
    }

    @POST
    @Path("maintenance")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Response addMaintenance(MaintenanceWindow.Input input, @Context SecurityContext security,
            @Context UriInfo uri) {
        MaintenanceWindow w = sla.addMaintenance(Callers.tenant(security), input);
        return Response.created(uri.getAbsolutePathBuilder().path(w.id()).build()).entity(w).build();
    }

    @DELETE
    @Path("maintenance/{id}")
    @Access(Access.Level.TENANT_ADMIN)
    public Response deleteMaintenance(@PathParam("id") String id, @Context SecurityContext security) {
        sla.deleteMaintenance(Callers.tenant(security), id);
        return Response.noContent().build();
    }

    /** A month's report ({@code ?month=yyyy-MM}, UTC; default the current month, measured up to now). */
    @GET
    @Path("reports")
    public SlaReport report(@QueryParam("month") String month, @Context SecurityContext security) {
        return sla.report(Callers.tenant(security), sla.month(month));
    }

    /** Recorded breaches, of one month ({@code ?month=yyyy-MM}) or all. */
    @GET
    @Path("breaches")
    public List<Breach> breaches(@QueryParam("month") String month, @Context SecurityContext security) {
        return sla.breaches(Callers.tenant(security), month == null || month.isBlank() ? null : sla.month(month));
    }

    /**
     * Evaluates a finished month now (the schedule does it after every month's end): records its breaches once,
     * posts SLA_BREACHED for each new one and adds their credits to the next invoices; 409 while the month lasts.
     */
    @POST
    @Path("evaluations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public SlaService.Evaluation evaluate(EvaluationRequest request, @Context SecurityContext security) {
        String month = request == null ? null : request.month();
        if (month == null || month.isBlank()) {
            throw new io.dotmac.platform.api.ValidationException("month", "is required, as yyyy-MM");
        }
        return sla.evaluate(Callers.tenant(security), sla.month(month));
    }
}
