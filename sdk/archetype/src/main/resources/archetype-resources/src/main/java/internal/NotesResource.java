package ${package}.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.rest.Callers;

/** {@code /api/v1/${root}/notes}: reached through the platform's licensing, for tenants that may use the plugin. */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("${root}")
@Produces(MediaType.APPLICATION_JSON)
public class NotesResource implements PluginEndpoint {

    private final Notes notes;

    @Activate
    public NotesResource(@Reference Notes notes) {
        this.notes = notes;
    }

    @POST
    @Path("notes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(Notes.Input input, @Context SecurityContext security) {
        return Response.status(201).entity(notes.add(Callers.tenant(security), input)).build();
    }

    @GET
    @Path("notes")
    public Page<Notes.Note> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        return notes.list(Callers.tenant(security), Page.limit(limit), cursor);
    }
}
