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
    public Response utilisation(@QueryParam("format") String format, @Context UriInfo uri,
            @Context Request request, @Context SecurityContext security) {
        return ChartedReports.serve(registry, "network/utilisation", null, format, uri, request, security);
    }
}
