package com.example.nps.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.rest.Callers;

/** {@code /api/v1/nps}: record an answer, list them, the tenant's score. */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("nps")
@Produces(MediaType.APPLICATION_JSON)
public class NpsResource implements PluginEndpoint {

    private final Responses responses;

    @Activate
    public NpsResource(@Reference Responses responses) {
        this.responses = responses;
    }

    @POST
    @Path("responses")
    @Consumes(MediaType.APPLICATION_JSON)
    public javax.ws.rs.core.Response record(Response.Input input, @Context SecurityContext security) {
        return javax.ws.rs.core.Response.status(201).entity(responses.record(Callers.tenant(security), input)).build();
    }

    @GET
    @Path("responses")
    public Page<Response> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @Context SecurityContext security) {
        return responses.list(Callers.tenant(security), Page.limit(limit), cursor);
    }

    @GET
    @Path("score")
    public Nps score(@Context SecurityContext security) {
        return responses.score(Callers.tenant(security));
    }
}
