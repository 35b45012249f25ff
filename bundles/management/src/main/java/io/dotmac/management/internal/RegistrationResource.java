package io.dotmac.management.internal;

import java.util.List;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.management.Confirmation;
import io.dotmac.management.IspRegistration;
import io.dotmac.management.Region;
import io.dotmac.management.Registered;
import io.dotmac.management.Registrations;
import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.rest.core.ApiMember;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * {@code /api/v1/isp}: the open door of the management platform. An ISP registers (no token; rate-limited per client
 * address) and a deployment job starts; where the management platform (feature {@code dotmac-management}) is not
 * installed, or its database is down, these answer 503 saying so (as every core member does while what it needs is
 * missing).
 */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.ISP_REGISTRATION)
@Path("v1/isp")
@Produces(MediaType.APPLICATION_JSON)
public class RegistrationResource implements ApiMember {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Registrations registrations;

    static <T> T installed(T service) {
        if (service == null) {
            throw new UnavailableException("The management platform is not running on this instance: its feature "
                    + "dotmac-management is not installed, or its database is down");
        }
        return service;
    }

    @POST
    @Path("register")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Access.Level.ANONYMOUS)
    @ApiResponse(responseCode = "202", description = "Registered: the deployment job runs (a DEDICATED one once the "
            + "contact confirms the e-mail address)", content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = Registered.class)))
    public Response register(IspRegistration registration, @Context HttpServletRequest http) {
        if (registration == null) {
            throw new ValidationException("body", "is required: business, technical, commercial, deployment");
        }
        Registered r = installed(registrations).register(registration, http == null ? null : http.getRemoteAddr());
        return Response.accepted(r).build();
    }

    /** The link the confirmation e-mail carries (a GET, as a mail client follows it), or a POST with the token. */
    @GET
    @Path("confirm")
    @Access(Access.Level.ANONYMOUS)
    public Confirmation confirmLink(@QueryParam("token") String token) {
        return installed(registrations).confirm(token);
    }

    @POST
    @Path("confirm")
    @Access(Access.Level.ANONYMOUS)
    public Confirmation confirm(@QueryParam("token") String token) {
        return installed(registrations).confirm(token);
    }

    @GET
    @Path("regions")
    @Access(Access.Level.ANONYMOUS)
    public List<Region> regions() {
        return installed(registrations).regions().stream()
                .map(r -> new Region(r.name(), r.provider(), r.description(), java.util.Map.of())).toList();
    }
}
