package io.dotmac.automation.internal;

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

import io.dotmac.automation.Automation;
import io.dotmac.automation.DryRun;
import io.dotmac.automation.Rule;
import io.dotmac.automation.RuleRun;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.rest.Callers;

/**
 * {@code /api/v1/automation}: the current tenant's rules (changed by {@code isp_admin} only: rules act on the
 * tenant's customers and send data out), their dry run, and the runs log.
 */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("automation")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource implements PluginEndpoint {

    private final Automation automation;

    @Activate
    public RulesResource(@Reference Automation automation) {
        this.automation = automation;
    }

    @POST
    @Path("rules")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Response create(Rule.Input input, @Context SecurityContext security, @Context UriInfo uri) {
        Rule created = automation.create(Callers.tenant(security), input);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    @Path("rules")
    public Page<Rule> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        return automation.list(Callers.tenant(security), Page.limit(limit), cursor);
    }

    @GET
    @Path("rules/{id}")
    public Rule get(@PathParam("id") String id, @Context SecurityContext security) {
        return automation.get(Callers.tenant(security), id);
    }

    @PUT
    @Path("rules/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Rule replace(@PathParam("id") String id, Rule.Input input, @Context SecurityContext security) {
        return automation.replace(Callers.tenant(security), id, input);
    }

    @DELETE
    @Path("rules/{id}")
    @Access(Access.Level.TENANT_ADMIN)
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        automation.delete(Callers.tenant(security), id);
        return Response.noContent().build();
    }

    @POST
    @Path("rules/{id}/enable")
    @Access(Access.Level.TENANT_ADMIN)
    public Rule enable(@PathParam("id") String id, @Context SecurityContext security) {
        return automation.setEnabled(Callers.tenant(security), id, true);
    }

    @POST
    @Path("rules/{id}/disable")
    @Access(Access.Level.TENANT_ADMIN)
    public Rule disable(@PathParam("id") String id, @Context SecurityContext security) {
        return automation.setEnabled(Callers.tenant(security), id, false);
    }

    @POST
    @Path("rules/{id}/dry-run")
    @Consumes(MediaType.APPLICATION_JSON)
    public DryRun dryRun(@PathParam("id") String id, DryRun.Request request, @Context SecurityContext security) {
        return automation.dryRun(Callers.tenant(security), id, request == null ? null : request.event());
    }

    @GET
    @Path("runs")
    public Page<RuleRun> runs(@QueryParam("rule") String rule, @QueryParam("status") String status,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        return automation.runs(Callers.tenant(security), rule, status, Page.limit(limit), cursor);
    }

    @GET
    @Path("runs/{id}")
    public RuleRun run(@PathParam("id") String id, @Context SecurityContext security) {
        return automation.run(Callers.tenant(security), id);
    }

    /** An event a rule may name: its topic and its fields with their types (TEXT, NUMBER, DATE, BOOLEAN, LIST). */
    public record EventType(String topic, java.util.Map<String, String> fields) {
    }

    /**
     * {@code GET /automation/events}: the events a rule's trigger may name (the cron trigger's own,
     * {@code io/dotmac/automation/SCHEDULED}, last), each with the fields its conditions and templates may use.
     */
    @GET
    @Path("events")
    public java.util.List<EventType> events() {
        return EventCatalogue.TOPICS.entrySet().stream().map(e -> {
            java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
            e.getValue().forEach((name, type) -> fields.put(name, type.name()));
            return new EventType(e.getKey(), fields);
        }).toList();
    }
}
