package io.dotmac.management.internal;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.management.Deployment;
import io.dotmac.management.Deployments;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.Page;
import io.dotmac.rest.core.ApiMember;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** {@code /api/v1/deployments}: the deployment jobs, for the platform's operators. */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.DEPLOYMENTS)
@Path("v1/deployments")
@Produces(MediaType.APPLICATION_JSON)
@Access(Access.Level.PLATFORM)
public class DeploymentsResource implements ApiMember {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Deployments deployments;

    @GET
    public Page<Deployment> list(@QueryParam("status") String status, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return RegistrationResource.installed(deployments).list(status, Page.limit(limit), cursor);
    }

    @GET
    @Path("{id}")
    public Deployment get(@PathParam("id") String id) {
        return RegistrationResource.installed(deployments).get(id);
    }

    /** Takes the ISP's instance down (its steps compensated in reverse): 202 with the job, DECOMMISSIONING. */
    @DELETE
    @Path("{id}")
    @ApiResponse(responseCode = "202", description = "Being decommissioned (DECOMMISSIONING): follow it with GET",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Deployment.class)))
    @ApiResponse(responseCode = "200", description = "Decommissioned already (DECOMMISSIONED)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Deployment.class)))
    public Response decommission(@PathParam("id") String id) {
        Deployment d = RegistrationResource.installed(deployments).decommission(id);
        return Response.status(d.status().equals("DECOMMISSIONED") ? 200 : 202).entity(d).build();
    }
}
