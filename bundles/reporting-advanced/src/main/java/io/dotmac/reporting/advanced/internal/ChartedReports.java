package io.dotmac.reporting.advanced.internal;

import java.util.List;
import java.util.Map;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.knowm.xchart.internal.chartpart.Chart;

import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.reporting.basic.Report;
import io.dotmac.reporting.basic.web.ReportResponses;
import io.dotmac.reporting.basic.web.ReportResponses.Representation;
import io.dotmac.rest.Callers;

/** Serving an advanced report as JSON, CSV, and its chart as SVG and PNG ({@code ?width=&height=}). */
final class ChartedReports {

    static final MediaType SVG = new MediaType("image", "svg+xml");
    static final MediaType PNG = new MediaType("image", "png");

    /** A report's chart, at a size, in a tenant's colours. */
    @FunctionalInterface
    interface ChartMaker {
        Chart<?, ?> apply(Report report, Charts.Size size, Charts.Palette palette);
    }

    /** The reports that have a chart, and how it is drawn. */
    static final Map<String, ChartMaker> CHARTS = Map.of("mrr", Charts::mrrLine, "mrr/movements",
            Charts::movementsBars, "cohorts", Charts::cohortHeatMap);

    private ChartedReports() {
    }

    /** The chart representations of a report drawn by {@code chart}, at the size {@code parameters} ask for. */
    static List<Representation> charts(ChartMaker chart, Map<String, String> parameters, Charts.Palette palette) {
        return List.of(
                new Representation("svg", SVG, r -> Charts.svg(chart.apply(r, Charts.Size.of(parameters), palette))),
                new Representation("png", PNG, r -> Charts.png(chart.apply(r, Charts.Size.of(parameters), palette))));
    }

    static Response serve(ReportRegistry registry, String name, ChartMaker chart, String format, UriInfo uri,
            Request request, SecurityContext security) {
        ReportRegistry.Entry entry = registry.get(name)
                .orElseThrow(() -> new UnavailableException("Report '" + name + "' is starting; try again"));
        Map<String, String> parameters = ReportResponses.parameters(uri.getQueryParameters());
        TenantRef tenant = Callers.tenant(security);
        Report report = entry.source().generate(tenant, parameters);
        return ReportResponses.of(report, request, format, chart == null ? List.of()
                : charts(chart, parameters, registry.palette(tenant)));
    }
}
