package io.dotmac.openapi.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.Caller;
import io.dotmac.rest.core.ApiMember;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * {@code GET /api/v1/openapi.json} and {@code /api/v1/openapi.yaml}: the API's OpenAPI 3.1 description as the
 * caller may use it ({@link ApiDescriptions}). Open to everyone; with a token it also lists the endpoints of the
 * plugins the caller's tenant may use now.
 */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.OPENAPI)
@Path("v1/openapi.{format: json|yaml}")
@Access(Access.Level.OPTIONAL)
public class OpenApiResource implements ApiMember {

    static final String YAML = "application/yaml";
    private static final CacheControl PRIVATE = CacheControl.valueOf("private, no-cache");

    private final ApiDescriptions descriptions;

    @Activate
    public OpenApiResource(@Reference ApiDescriptions descriptions) {
        this.descriptions = descriptions;
    }

    @GET
    @Produces({ "application/json", YAML, "*/*" })
    @Operation(summary = "This API's OpenAPI 3.1 description, as the caller may use it",
            description = "Without a token: the core and the plugin catalogue. With a tenant's token: also the "
                    + "endpoints of the plugins the tenant may use now. With a platform operator's token: every "
                    + "installed plugin's endpoints.",
            responses = @ApiResponse(responseCode = "200", description = "The document",
                    content = { @Content(mediaType = "application/json", schema = @Schema(type = "object")),
                        @Content(mediaType = YAML, schema = @Schema(type = "string")) }))
    public Response document(@PathParam("format") String format, @Context SecurityContext security) {
        Caller caller = security == null || !(security.getUserPrincipal() instanceof Caller c) ? null : c;
        ApiDescriptions.Document document = descriptions.describe(caller);
        boolean yaml = "yaml".equals(format);
        return Response.ok(yaml ? document.yaml() : document.json(), yaml ? YAML : "application/json")
                .cacheControl(PRIVATE)
                .header("Vary", "Authorization")
                .build();
    }
}
