package io.dotmac.management.internal;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
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

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.management.Demo;
import io.dotmac.integrations.WebhookSignature;
import io.dotmac.management.Demos;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.AccessDeniedException;
import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.Role;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.rest.Callers;
import io.dotmac.rest.core.ApiMember;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * {@code /api/v1/demos}: anyone asks for a demo ISP (rate-limited per address); the platform's operators list,
 * read and end them; a demo's own administrator (or an operator) extends it once.
 */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.DEMOS)
@Path("v1/demos")
@Produces(MediaType.APPLICATION_JSON)
public class DemosResource implements ApiMember {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Demos demos;

    /** A demo ISP with the scenario's sample data, ready when this answers: 201 with its login. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.ANONYMOUS)
    @ApiResponse(responseCode = "201", description = "The demo, with its administrator's password (shown once)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Demo.class)))
    public Response create(Demo.Request request, @Context HttpServletRequest http, @Context UriInfo uri) {
        Demo d = RegistrationResource.installed(demos).create(request, http == null ? null : http.getRemoteAddr());
        return Response.created(uri.getAbsolutePathBuilder().path(d.id()).build()).entity(d).build();
    }

    @GET
    @Access(Access.Level.PLATFORM)
    public Page<Demo> list(@QueryParam("status") String status, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return RegistrationResource.installed(demos).list(status, Page.limit(limit), cursor);
    }

    @GET
    @Path("{id}")
    @Access(Access.Level.PLATFORM)
    public Demo get(@PathParam("id") String id) {
        return RegistrationResource.installed(demos).get(id);
    }

    /** Ends it now: the expiry e-mail, then its tenant and all its data are deleted. */
    @DELETE
    @Path("{id}")
    @Access(Access.Level.PLATFORM)
    public Demo destroy(@PathParam("id") String id) {
        return RegistrationResource.installed(demos).destroy(id);
    }

    /**
     * Makes the demo a paying ISP with the registration's details: 202 with the ISP, its deployment (which takes the
     * demo's tenant over) and what the sample data's drop deleted and kept; by the demo's own administrator or an
     * operator.
     */
    @POST
    @Path("{id}/convert")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.AUTHENTICATED)
    @ApiResponse(responseCode = "202", description = "Converted: the ISP is registered and its deployment runs",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Demo.Conversion.class)))
    public Response convert(@PathParam("id") String id, Demo.ConversionRequest request,
            @Context SecurityContext security, @Context HttpServletRequest http) {
        Demos service = RegistrationResource.installed(demos);
        ownOrOperator(service, id, Callers.caller(security), "converts");
        if (request == null) {
            throw new ValidationException("body", "is required: business, technical, commercial, keepSampleData");
        }
        return Response.accepted(service.convert(id, request, http == null ? null : http.getRemoteAddr())).build();
    }

    /** A tenant's caller sees its own demo only (any other id is unknown to it), and must be its administrator. */
    private static void ownOrOperator(Demos service, String id, Caller caller, String verb) {
        if (caller.role() == Role.PLATFORM_ADMIN) {
            return;
        }
        service.ofTenant(caller.requireTenant().id()).filter(d -> d.id().equals(id)).orElseThrow(
                () -> new NotFoundException("No demo " + id));
        if (!caller.has(Role.ISP_ADMIN)) {
            throw new AccessDeniedException("role", "Only the demo's administrator " + verb + " it");
        }
    }

    /**
     * The demo's webhook inbox: an ENTERPRISE demo's webhook delivers its tenant's events here, signed; 204 when
     * kept, 401 when the signature does not verify.
     */
    @POST
    @Path("{id}/inbox")
    @Consumes(MediaType.WILDCARD)
    @Access(Access.Level.ANONYMOUS)
    public Response receive(@PathParam("id") String id, byte[] body,
            @HeaderParam(WebhookSignature.SIGNATURE_HEADER) String signature,
            @HeaderParam(WebhookSignature.TOPIC_HEADER) String topic,
            @HeaderParam(WebhookSignature.DELIVERY_HEADER) String delivery) {
        RegistrationResource.installed(demos).receive(id, topic, delivery, signature, body == null ? new byte[0]
                : body);
        return Response.noContent().build();
    }

    /** What the demo's inbox received, newest first: by the demo's own administrator or an operator. */
    @GET
    @Path("{id}/inbox")
    @Access(Access.Level.AUTHENTICATED)
    public java.util.List<Demo.InboxEntry> inbox(@PathParam("id") String id, @Context SecurityContext security) {
        Demos service = RegistrationResource.installed(demos);
        ownOrOperator(service, id, Callers.caller(security), "reads the inbox of");
        return service.inbox(id);
    }

    /** Seven more days, once: by the demo's own administrator or an operator; 409 when extended already or ended. */
    @POST
    @Path("{id}/extend")
    @Access(Access.Level.AUTHENTICATED)
    public Demo extend(@PathParam("id") String id, @Context SecurityContext security) {
        Demos service = RegistrationResource.installed(demos);
        ownOrOperator(service, id, Callers.caller(security), "extends");
        return service.extend(id);
    }
}
