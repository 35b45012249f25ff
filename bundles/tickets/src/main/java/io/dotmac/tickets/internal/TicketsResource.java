package io.dotmac.tickets.internal;

import java.util.List;

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

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.platform.api.Values;
import io.dotmac.rest.Callers;
import io.dotmac.tickets.Ticket;
import io.dotmac.tickets.TicketPriority;
import io.dotmac.tickets.TicketService;
import io.dotmac.tickets.TicketStatus;

/** {@code /api/v1/tickets}: the current tenant's support tickets and their comments. */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("tickets")
@Produces(MediaType.APPLICATION_JSON)
public class TicketsResource implements PluginEndpoint {

    private final TicketService tickets;

    @Activate
    public TicketsResource(@Reference TicketService tickets) {
        this.tickets = tickets;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Ticket.Input input, @Context SecurityContext security, @Context UriInfo uri) {
        Ticket created = tickets.create(Callers.tenant(security), Callers.caller(security), input);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    public Page<Ticket> list(@QueryParam("status") String status, @QueryParam("priority") String priority,
            @QueryParam("assigneeId") String assigneeId, @QueryParam("customerId") String customerId,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        return tickets.list(Callers.tenant(security), Values.filter(TicketStatus.class, status, "status"),
                Values.filter(TicketPriority.class, priority, "priority"), assigneeId, customerId, Page.limit(limit), cursor);
    }

    @GET
    @Path("{id}")
    public Ticket get(@PathParam("id") String id, @Context SecurityContext security) {
        return tickets.get(Callers.tenant(security), id);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Ticket update(@PathParam("id") String id, Ticket.Input changes, @Context SecurityContext security) {
        return tickets.update(Callers.tenant(security), id, changes);
    }

    @POST
    @Path("{id}/comments")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response comment(@PathParam("id") String id, Ticket.Comment.Input comment,
            @Context SecurityContext security, @Context UriInfo uri) {
        Ticket.Comment made = tickets.comment(Callers.tenant(security), Callers.caller(security), id, comment);
        return Response.created(uri.getAbsolutePathBuilder().path(made.id()).build()).entity(made).build();
    }

    @GET
    @Path("{id}/comments")
    public List<Ticket.Comment> comments(@PathParam("id") String id, @Context SecurityContext security) {
        return tickets.comments(Callers.tenant(security), id);
    }
}
