package io.dotmac.whitelabel.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.rest.Callers;
import io.dotmac.tenant.TenantDomain;
import io.dotmac.tenant.TenantService;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * {@code /api/v1/branding}: the current tenant's brand (any role reads it, {@code isp_admin} changes it) and its
 * logo ({@code PUT} the image itself as {@code image/png} or {@code image/svg+xml}, sanitised before it is kept).
 */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("branding")
public class BrandingResource implements PluginEndpoint {

    private static final CacheControl PRIVATE = CacheControl.valueOf("private, no-cache");

    private final BrandingStore store;
    private final TenantService tenants;

    /** {@code PUT /branding/domain} body. */
    public record DomainRequest(String domain) {
    }

    @Activate
    public BrandingResource(@Reference BrandingStore store, @Reference TenantService tenants) {
        this.store = store;
        this.tenants = tenants;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Branding get(@Context SecurityContext security) {
        return store.get(Callers.tenant(security));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Branding put(Branding.Input input, @Context SecurityContext security) {
        return store.put(Callers.tenant(security), input);
    }

    @GET
    @Path("logo")
    @Produces({ Logos.PNG, Logos.SVG })
    @ApiResponse(responseCode = "200", description = "The logo, sanitised",
            content = { @Content(mediaType = Logos.PNG, schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = Logos.SVG, schema = @Schema(type = "string")) })
    public Response logo(@Context SecurityContext security) {
        BrandingStore.Logo logo = store.logo(Callers.tenant(security));
        Response.ResponseBuilder answer = Response.ok(logo.bytes(), logo.type()).cacheControl(PRIVATE);
        Logos.headers(logo.type()).forEach(answer::header);
        return answer.build();
    }

    @PUT
    @Path("logo")
    @Consumes({ Logos.PNG, Logos.SVG })
    @Produces(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    public Branding putLogo(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            @Context SecurityContext security) {
        return store.putLogo(Callers.tenant(security), type, body);
    }

    @DELETE
    @Path("logo")
    @Access(Access.Level.TENANT_ADMIN)
    public Response deleteLogo(@Context SecurityContext security) {
        store.deleteLogo(Callers.tenant(security));
        return Response.noContent().build();
    }

    /** The tenant's custom domain and whether an operator approved it yet. */
    @GET
    @Path("domain")
    @Produces(MediaType.APPLICATION_JSON)
    public TenantDomain domain(@Context SecurityContext security) {
        return tenants.domainOf(Callers.tenant(security).id())
                .orElseThrow(() -> new NotFoundException("No custom domain: PUT one to /api/v1/branding/domain"));
    }

    /**
     * Asks for a custom domain (replacing the tenant's): {@code 202} while it waits for a platform operator's
     * approval, {@code 200} when it is the approved one already. Point the domain's DNS at this instance.
     */
    @PUT
    @Path("domain")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Access(Access.Level.TENANT_ADMIN)
    @ApiResponse(responseCode = "202", description = "Asked for; pending an operator's approval",
            content = @Content(schema = @Schema(implementation = TenantDomain.class)))
    @ApiResponse(responseCode = "200", description = "The approved domain already",
            content = @Content(schema = @Schema(implementation = TenantDomain.class)))
    public Response putDomain(DomainRequest request, @Context SecurityContext security) {
        TenantDomain d = tenants.requestDomain(Callers.tenant(security).id(), request == null ? null
                : request.domain());
        return Response.status(d.status() == TenantDomain.Status.APPROVED ? 200 : 202).entity(d).build();
    }

    @DELETE
    @Path("domain")
    @Access(Access.Level.TENANT_ADMIN)
    public Response deleteDomain(@Context SecurityContext security) {
        tenants.removeDomain(Callers.tenant(security).id());
        return Response.noContent().build();
    }
}
