package io.dotmac.reporting.advanced.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.AnyQueryParameters;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.reporting.basic.Report;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** {@code /api/v1/reports/network/utilisation}: 95th-percentile utilisation per device and interface. */
@AnyQueryParameters // a report takes its source's parameters
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("reports/network")
@Produces({ MediaType.APPLICATION_JSON, "text/csv" })
public class NetworkReportsResource implements PluginEndpoint {

    private final ReportRegistry registry;

    @Activate
    public NetworkReportsResource(@Reference ReportRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Path("utilisation")
    @ApiResponse(responseCode = "200", description = "The report: JSON, or as CSV, SVG or PNG (format or Accept)",
            content = { @Content(mediaType = "application/json", schema = @Schema(implementation = Report.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                @Content(mediaType = "image/svg+xml", schema = @Schema(type = "string")),
                @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")) })
    public Response utilisation(@QueryParam("format") String format, @Context UriInfo uri,
            @Context Request request, @Context SecurityContext security) {
        return ChartedReports.serve(registry, "network/utilisation", null, format, uri, request, security);
    }
}
