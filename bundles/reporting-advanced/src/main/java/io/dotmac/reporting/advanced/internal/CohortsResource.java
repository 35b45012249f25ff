package io.dotmac.reporting.advanced.internal;

import javax.ws.rs.GET;
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

/** {@code /api/v1/reports/cohorts}: cohort retention as JSON or CSV, and as a heat map in SVG or PNG. */
@AnyQueryParameters // a report takes its source's parameters
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("reports/cohorts")
@Produces({ MediaType.APPLICATION_JSON, "text/csv", "image/svg+xml", "image/png" })
public class CohortsResource implements PluginEndpoint {

    private final ReportRegistry registry;

    @Activate
    public CohortsResource(@Reference ReportRegistry registry) {
        this.registry = registry;
    }

    @GET
    public Response cohorts(@QueryParam("format") String format, @Context UriInfo uri, @Context Request request,
            @Context SecurityContext security) {
        return ChartedReports.serve(registry, "cohorts", Charts::cohortHeatMap, format, uri, request, security);
    }
}
