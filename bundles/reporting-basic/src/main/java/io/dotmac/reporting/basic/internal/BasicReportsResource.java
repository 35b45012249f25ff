package io.dotmac.reporting.basic.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.platform.api.AnyQueryParameters;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.reporting.basic.ReportSource;
import io.dotmac.reporting.basic.web.ReportResponses;
import io.dotmac.rest.Callers;
import io.dotmac.reporting.basic.Report;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * {@code /api/v1/reports/...}: the basic reports of the current tenant, as JSON or CSV ({@code Accept: text/csv} or
 * {@code ?format=csv}). Any role of the tenant may read them.
 */
@AnyQueryParameters // a report takes its source's parameters
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("reports")
@Produces({ MediaType.APPLICATION_JSON, "text/csv" })
public class BasicReportsResource implements PluginEndpoint {

    private final Map<String, ReportSource> sources = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + ReportSource.PLUGIN + "=" + BasicReports.PLUGIN + ")")
    void addSource(ReportSource source, Map<String, Object> properties) {
        sources.put(String.valueOf(properties.get(ReportSource.NAME)), source);
    }

    void removeSource(ReportSource source, Map<String, Object> properties) {
        sources.remove(String.valueOf(properties.get(ReportSource.NAME)), source);
    }

    /** Every basic report, by its name in the path (the longer of two names sharing a start first). */
    @GET
    @Path("{report: revenue|ageing|customers/by-status|customers/by-plan|customers/movements|tickets/by-status"
            + "|tickets}")
    @ApiResponse(responseCode = "200", description = "The report: JSON, or as CSV, SVG or PNG (format or Accept)",
            content = { @Content(mediaType = "application/json", schema = @Schema(implementation = Report.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                @Content(mediaType = "image/svg+xml", schema = @Schema(type = "string")),
                @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")) })
    public Response report(@PathParam("report") String report, @QueryParam("format") String format,
            @Context UriInfo uri, @Context Request request, @Context SecurityContext security) {
        return serve(report, format, uri, request, security);
    }

    private Response serve(String name, String format, UriInfo uri, Request request, SecurityContext security) {
        ReportSource source = sources.get(name);
        if (source == null) {
            throw new UnavailableException("Report '" + name + "' is starting; try again");
        }
        return ReportResponses.of(source.generate(Callers.tenant(security),
                ReportResponses.parameters(uri.getQueryParameters())), request, format);
    }
}
